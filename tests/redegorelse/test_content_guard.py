"""The PostgreSQL trigger that freezes an approved report lists the columns a reopening must leave
untouched. That list is written out in SQL, so it is checked here against the model: every content
field is guarded, and every other column of the report is named below as one a reopening may
change. A new field therefore fails this test until someone decides which of the two it is."""

import importlib
import re

import pytest
from django.db import connection

from redegorelse.models import Report

pytestmark = pytest.mark.django_db

# The latest migration that rewrites the guard function; a new content field adds one like it.
LATEST_GUARD = importlib.import_module(
    "redegorelse.migrations.0005_bilag_wording_solution_closing_unique_bilag_numbers"
)
MIGRATED_GUARD_SQL = LATEST_GUARD.guard_function(LATEST_GUARD.CONTENT)
# Besides the content, the trigger keeps the report where it is: same department, round and number.
IDENTITY = {"department_id", "round_id", "ordinal"}
# What reopening (approved → draft, next version) changes or may leave as bookkeeping.
REOPEN_MAY_CHANGE = {
    "id",
    "status",  # approved → draft
    "version",  # the next version
    "updated_at",
    "updated_by_id",  # who reopened it, and when
    "submitted_at",
    "created_at",
    "created_by_id",
    "copied_from_id",
}


def guarded_columns_in(function_source):
    """The columns in the trigger's `(NEW.a, NEW.b, …) IS NOT DISTINCT FROM (OLD.a, OLD.b, …)`."""
    match = re.search(r"\(([^()]*)\)\s+IS NOT DISTINCT FROM\s+\(([^()]*)\)", function_source)
    assert match, "the guard function no longer compares the content columns"
    new = [column.strip().removeprefix("NEW.") for column in match.group(1).split(",")]
    old = [column.strip().removeprefix("OLD.") for column in match.group(2).split(",")]
    assert new == old
    return set(new)


def installed_or_migrated_guard():
    """On PostgreSQL the function the database really runs; elsewhere the migration's SQL."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'redegorelse_guard_approved_report'")
            (source,) = cursor.fetchone()
        return source
    return MIGRATED_GUARD_SQL


def check(guarded):
    columns = {field.attname for field in Report._meta.concrete_fields}
    problems = []
    for name in Report.CONTENT_FIELDS:
        if Report._meta.get_field(name).attname not in guarded:
            problems.append(f"content field {name} is not guarded by the trigger")
    for column in sorted(columns - guarded - REOPEN_MAY_CHANGE):
        problems.append(f"column {column} is neither guarded nor allowed to change on reopening")
    for column in sorted(guarded - columns):
        problems.append(f"the trigger guards {column}, which the model does not have")
    return problems


def test_the_trigger_guards_every_content_field_and_the_reports_identity():
    guarded = guarded_columns_in(installed_or_migrated_guard())
    assert check(guarded) == []
    assert {Report._meta.get_field(name).attname for name in Report.CONTENT_FIELDS} | IDENTITY == guarded


def test_the_check_notices_a_content_field_the_trigger_forgot():
    guarded = guarded_columns_in(MIGRATED_GUARD_SQL)
    assert check(guarded - {"economy"}) == [
        "content field economy is not guarded by the trigger",
        "column economy is neither guarded nor allowed to change on reopening",
    ]
    assert check(guarded - {"round_id"}) == ["column round_id is neither guarded nor allowed to change on reopening"]
    assert check(guarded | {"budget"}) == ["the trigger guards budget, which the model does not have"]
