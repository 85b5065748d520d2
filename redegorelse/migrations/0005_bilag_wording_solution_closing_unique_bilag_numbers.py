"""What a bilag describes becomes part of the initiative, the source's text after the initiatives
gets a field of its own, and bilag numbers become unique per report.

Bilag that two simultaneous uploads gave the same number are renumbered 1, 2, 3 … in their shown
order (number, then upload) before the constraint is added. Only the live rows change: a frozen
snapshot keeps the numbers it was approved with, so on PostgreSQL the approved-report guard is
paused for this one statement. The guard's list of content columns learns the new field."""

import importlib

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count

guard = importlib.import_module("redegorelse.migrations.0002_approved_report_guard")
ATTACHMENT_GUARD = "redegorelse_attachment_approved_guard"


def guard_function(content):
    start = guard.PG_SQL.index("CREATE OR REPLACE FUNCTION redegorelse_guard_approved_report()")
    end = guard.PG_SQL.index("CREATE TRIGGER redegorelse_report_approved_guard")
    sql = guard.PG_SQL[start:end]
    for side in ("NEW", "OLD"):
        sql = sql.replace(", ".join(f"{side}.{c}" for c in guard.CONTENT), ", ".join(f"{side}.{c}" for c in content))
    return sql


def renumber_shared_numbers(apps, schema_editor):
    Attachment = apps.get_model("redegorelse", "Attachment")
    reports = set(
        Attachment.objects.values("report_id", "position")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("report_id", flat=True)
    )
    if not reports:
        return
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE redegorelse_attachment DISABLE TRIGGER {ATTACHMENT_GUARD}")
    for report_id in reports:
        rows = list(Attachment.objects.filter(report_id=report_id).order_by("position", "pk"))
        top = max(a.position for a in rows)
        for offset, attachment in enumerate(rows, start=1):
            Attachment.objects.filter(pk=attachment.pk).update(position=top + offset)
        for position, attachment in enumerate(rows, start=1):
            Attachment.objects.filter(pk=attachment.pk).update(position=position)
    if postgres:
        # The foreign-key checks the updates queued must run before the table can be altered again.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(f"ALTER TABLE redegorelse_attachment ENABLE TRIGGER {ATTACHMENT_GUARD}")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


# The content columns the guard covers from this migration on (tests compare them with the model).
CONTENT = [*guard.CONTENT, "solution_closing"]


def guard_solution_closing(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(guard_function(CONTENT))


def unguard_solution_closing(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(guard_function(guard.CONTENT))


class Migration(migrations.Migration):
    dependencies = [
        ("redegorelse", "0004_statusreport_export"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="attachment_subject",
            field=models.CharField(
                blank=True,
                help_text="Sætningen bliver »Se bilag N for en nærmere beskrivelse af …«, fx »Områdeløftindsatsen«. Tom: »indsatsen«. Bilagets nummer sættes automatisk.",
                max_length=200,
                verbose_name="bilaget beskriver",
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="solution_closing",
            field=models.TextField(
                blank=True,
                help_text="Vises efter indsatserne, fx en henvisning til bilag med statusskemaer.",
                verbose_name="tekst efter indsatserne",
            ),
        ),
        migrations.RunPython(guard_solution_closing, unguard_solution_closing),
        migrations.RunPython(renumber_shared_numbers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="attachment",
            constraint=models.UniqueConstraint(fields=("report", "position"), name="attachment_unique_position"),
        ),
    ]
