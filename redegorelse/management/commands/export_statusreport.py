"""Exports a round's samlet statusrapport from the command line, with a progress bar; the same
job, cache and checks as BIF's export page, run in this process instead of by a worker."""

import shutil
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from redegorelse import workflow
from redegorelse.models import Edition, ExportStatus, ReportingRound, StatusReportExport
from redegorelse.statusreport_pdf import build_workbook, gather
from redegorelse.tasks import run_export

BAR_WIDTH = 30
EDITIONS = {"udkast": Edition.DRAFT, "endelig": Edition.FINAL}


class Command(BaseCommand):
    help = "Eksporterer den samlede statusrapport, fx: export_statusreport 2009 --out statusrapport.pdf"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="Indberetningsrundens år, fx 2009")
        parser.add_argument("--out", required=True, help="Filen, PDF'en skrives til")
        parser.add_argument("--edition", choices=sorted(EDITIONS), default="udkast", help="udkast eller endelig")
        parser.add_argument("--xlsx", help="Skriv også rundens data som regneark til denne fil")
        parser.add_argument(
            "--reason",
            default="",
            help="Begrundelse for en ny endelig udgave, når der allerede findes en (ellers skrives den arkiverede)",
        )

    def handle(self, *args, year, out, edition, xlsx, reason, **options):
        round = ReportingRound.objects.filter(year=year).first()
        if round is None:
            raise CommandError(f"Der er ingen indberetningsrunde for {year}.")
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"Mappen {target.parent} findes ikke.")
        archived = StatusReportExport.objects.finished().filter(round=round, edition=Edition.FINAL).first()
        if EDITIONS[edition] == Edition.FINAL and archived and not reason.strip():
            # The endelig edition is the round's record: it is handed out as archived, never made again.
            self.stderr.write(
                f"Den arkiverede endelige udgave nr. {archived.number} skrives. Brug --reason for at lave en ny."
            )
            export, created = archived, False
        else:
            try:
                export, created = workflow.request_export(
                    round=round, edition=EDITIONS[edition], by=None, reason=reason, enqueue=False
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        if created:
            run_export(export, progress=self.draw)
            self.stderr.write("")
            export.refresh_from_db()
        elif export.status != ExportStatus.DONE:
            raise CommandError("En eksport af denne udgave er allerede i gang. Prøv igen, når den er færdig.")
        elif export is not archived:
            self.stderr.write("Intet er ændret siden sidste eksport; den gemte fil bruges.")
        if export.status != ExportStatus.DONE:
            raise CommandError(export.error or "Eksporten blev ikke færdig.")
        with export.file.open("rb") as source, target.open("wb") as destination:
            shutil.copyfileobj(source, destination)
        self.stdout.write(f"{target}: {export.page_count} sider, {export.size} bytes, SHA-256 {export.sha256}")
        if xlsx:
            Path(xlsx).write_bytes(build_workbook(gather(round, Edition.DRAFT)))
            self.stdout.write(f"{xlsx}: rundens data som regneark")

    def draw(self, percent, step):
        filled = BAR_WIDTH * percent // 100
        self.stderr.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d} % {step:<30}", ending="")
        self.stderr.flush()
