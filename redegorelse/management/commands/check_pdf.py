"""Runs our own PDF/UA-1 check (pdfua.check) on PDF files; exits with an error if one fails."""

from pathlib import Path

import pikepdf
from django.core.management.base import BaseCommand, CommandError

from pdfua.check import check


class Command(BaseCommand):
    help = "Tjekker PDF-filer for de PDF/UA-1-krav, vi kan læse med pikepdf, fx: check_pdf rapport.pdf bilag.pdf"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="PDF-filerne, der skal tjekkes")

    def handle(self, *args, files, **options):
        failed = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"Filen {path} findes ikke.")
            try:
                problems = check(path)
            except pikepdf.PdfError as error:
                raise CommandError(f"{path}: kan ikke læses som PDF ({error}).") from error
            if problems:
                failed.append(path)
                self.stdout.write(f"{path}: {len(problems)} problem(er)")
                for problem in problems:
                    self.stdout.write(f"  {problem}")
            else:
                self.stdout.write(f"{path}: ingen problemer fundet")
        if failed:
            raise CommandError(f"{len(failed)} af {len(files)} filer har problemer.")
