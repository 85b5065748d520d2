"""python manage.py import_measurements FILE: the upload page's import, for scripts and big files."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from barometer import measurement_file
from barometer.models import ChangeKind


class Command(BaseCommand):
    help = (
        "Importerer målinger fra en CSV- eller XLSX-fil med kolonnerne indikator;periode;værdi;kilde. "
        "Viser først, hvad der ændres, og alle fejl; gemmer kun, hvis hele filen er i orden."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- eller XLSX-filen")
        parser.add_argument("--dry-run", action="store_true", help="Vis kun, hvad der ville blive ændret.")
        parser.add_argument("--user", help="Brugernavnet, der står som indtaster af målingerne.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Filen {path} findes ikke.")
        user = self.find_user(options["user"])
        with path.open("rb") as stream:
            plan = measurement_file.load(path.name, stream)
        if plan.file_error:
            raise CommandError(f"{path.name}: {plan.file_error} Intet er gemt.")
        for error in plan.errors:
            self.stderr.write(f"Linje {error.line}: {error.message}")
        for row in plan.changes:
            before = f"{row.old_value_display} → " if row.old_value is not None else ""
            self.stdout.write(
                f"Linje {row.line}: {row.indicator.code} {row.period.file_label}: {row.kind.label}, "
                f"{before}{row.value_display}"
            )
        counts = plan.counts
        summary = (
            f"{counts[ChangeKind.NEW.value]} nye, {counts[ChangeKind.CORRECTED.value]} rettede og "
            f"{counts[ChangeKind.UNCHANGED.value]} uændrede målinger"
        )
        if not plan.is_valid:
            raise CommandError(f"{path.name} har {len(plan.errors)} fejl. Intet er gemt.")
        if options["dry_run"]:
            self.stdout.write(f"Prøvekørsel af {path.name}: {summary}. Intet er gemt.")
            return
        plan.apply(by=user, reason=f"Rettet ved import af filen {path.name}.")
        self.stdout.write(self.style.SUCCESS(f"{path.name} er importeret: {summary}."))

    def find_user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Der er ingen bruger med brugernavnet {username}.") from None
