"""The table of the shared chart cache (settings.CACHES["charts"], barometer/chart_cache.py), made by
Django's createcachetable, so `migrate` creates it wherever the application runs, tests included."""

from django.core.management import call_command
from django.db import migrations

TABLE = "chart_cache"


def create_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("barometer", "0003_indicators_and_measurements")]

    operations = [migrations.RunPython(create_table, drop_table)]
