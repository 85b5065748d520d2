"""python manage.py backup --out DIR: the database and the media files, with SHA-256 hashes."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from backup.dump import MANIFEST, remove_partial, write_backup


class Command(BaseCommand):
    help = (
        "Tager en sikkerhedskopi: et konsistent dump af databasen (pg_dump på PostgreSQL, SQLites backup-API på "
        "SQLite) og alle mediefiler, med en manifestfil med SHA-256 for hver fil."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="En ny eller tom mappe til sikkerhedskopien.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, out, database, **options):
        out_dir = Path(out)
        created = not out_dir.exists()
        try:
            manifest = write_backup(out_dir, alias=database, storage=default_storage)
        except CommandError:
            raise
        except BaseException:
            # Half a backup must never be mistaken for a whole one.
            if created:
                remove_partial(out_dir)
            raise
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Sikkerhedskopi skrevet til {out_dir}: {manifest['database']['engine']}-database og "
                f"{len(manifest['files'])} mediefiler ({size} bytes); se {MANIFEST}."
            )
        )
