"""python manage.py restore --from DIR: a backup back into a new, empty database."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from backup.dump import restore_backup


class Command(BaseCommand):
    help = (
        "Gendanner en sikkerhedskopi fra `backup` i en ny, tom database og lægger mediefilerne tilbage. Alle filer "
        "kontrolleres mod manifestets SHA-256, før noget ændres. Kør bagefter `migrate`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="Mappen med sikkerhedskopien.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, source, database, **options):
        manifest = restore_backup(source, alias=database, storage=default_storage)
        self.stdout.write(
            self.style.SUCCESS(
                f"Gendannet fra {source}: {manifest['database']['engine']}-databasen fra {manifest['created_at']} "
                f"og {len(manifest['files'])} mediefiler, alle med kontrolleret SHA-256."
            )
        )
