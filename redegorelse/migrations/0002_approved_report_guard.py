"""A database-level guard behind the application's own checks: an approved report, its goal
assessments, initiatives and bilag cannot be changed or deleted by any SQL. The one change
allowed is BIF's reopening (approved → draft, next version, content untouched).

PostgreSQL only, as a second layer under the model methods, forms, views and admin, which refuse
the same changes on every database. Row triggers do not fire on TRUNCATE, so test flushes and
restores into an empty database still work."""

from django.db import migrations

CONTENT = [
    "case_number",
    "title",
    "extra_recommendations",
    "problem",
    "solution",
    "economy",
    "next_steps",
    "signatory_1_name",
    "signatory_1_title",
    "signatory_2_name",
    "signatory_2_title",
    "department_id",
    "round_id",
    "ordinal",
]
CHILDREN = ["redegorelse_goalassessment", "redegorelse_initiative", "redegorelse_attachment"]
MESSAGE = "Redegørelsen er godkendt og kan ikke ændres"

PG_SQL = f"""
CREATE OR REPLACE FUNCTION redegorelse_guard_approved_report() RETURNS trigger AS $$
BEGIN
  IF OLD.status <> 'approved' THEN
    RETURN COALESCE(NEW, OLD);
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status = 'draft' AND NEW.version = OLD.version + 1
     AND ({", ".join(f"NEW.{c}" for c in CONTENT)}) IS NOT DISTINCT FROM ({", ".join(f"OLD.{c}" for c in CONTENT)}) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER redegorelse_report_approved_guard
BEFORE UPDATE OR DELETE ON redegorelse_report
FOR EACH ROW EXECUTE FUNCTION redegorelse_guard_approved_report();

CREATE OR REPLACE FUNCTION redegorelse_guard_approved_child() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
       SELECT 1 FROM redegorelse_report WHERE id = OLD.report_id AND status = 'approved') THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
       SELECT 1 FROM redegorelse_report WHERE id = NEW.report_id AND status = 'approved') THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN COALESCE(NEW, OLD);
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION redegorelse_guard_approved_initiative_goal() RETURNS trigger AS $$
DECLARE
  initiative bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN
    initiative := OLD.initiative_id;
  ELSE
    initiative := NEW.initiative_id;
  END IF;
  IF EXISTS (SELECT 1 FROM redegorelse_initiative i JOIN redegorelse_report r ON r.id = i.report_id
             WHERE i.id = initiative AND r.status = 'approved') THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN COALESCE(NEW, OLD);
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER redegorelse_initiative_goals_approved_guard
BEFORE INSERT OR UPDATE OR DELETE ON redegorelse_initiative_goals
FOR EACH ROW EXECUTE FUNCTION redegorelse_guard_approved_initiative_goal();
""" + "".join(
    f"""
CREATE TRIGGER {table}_approved_guard
BEFORE INSERT OR UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION redegorelse_guard_approved_child();
"""
    for table in CHILDREN
)

PG_REVERSE = (
    "DROP TRIGGER IF EXISTS redegorelse_report_approved_guard ON redegorelse_report;"
    + "".join(
        f"DROP TRIGGER IF EXISTS {table}_approved_guard ON {table};"
        for table in [*CHILDREN, "redegorelse_initiative_goals"]
    )
    + "DROP FUNCTION IF EXISTS redegorelse_guard_approved_report();"
    + "DROP FUNCTION IF EXISTS redegorelse_guard_approved_child();"
    + "DROP FUNCTION IF EXISTS redegorelse_guard_approved_initiative_goal();"
)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_SQL)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("redegorelse", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
