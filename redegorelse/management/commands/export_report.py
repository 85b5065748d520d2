"""Writes one department's report for a year as the same PDF the web page offers."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from redegorelse.models import Report
from redegorelse.pdf import render_report_pdf


class Command(BaseCommand):
    help = "Skriver en forvaltnings redegørelse som PDF, fx: export_report TMF 2009 --out redegoerelse.pdf"

    def add_arguments(self, parser):
        parser.add_argument("department", help="Forvaltningens forkortelse, fx TMF")
        parser.add_argument("year", type=int, help="Indberetningsrundens år, fx 2009")
        parser.add_argument("--out", required=True, help="Filen, PDF'en skrives til")

    def handle(self, *args, department, year, out, **options):
        report = (
            Report.objects.with_document().filter(department__abbreviation=department.upper(), round__year=year).first()
        )
        if report is None:
            raise CommandError(f"Der er ingen redegørelse fra {department.upper()} for {year}.")
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"Mappen {target.parent} findes ikke.")
        content = render_report_pdf(report)
        target.write_bytes(content)
        self.stdout.write(f"{target}: {len(content)} bytes, {report.title}")
