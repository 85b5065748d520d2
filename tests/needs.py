"""What a test needs beyond Python: PostgreSQL, or a program such as pdftoppm or LibreOffice.
Without it the test fails in CI (CI set, as .ci/run runs), so CI never passes on a skipped test;
on a developer's machine it is skipped with the reason (`make test` installs the programs with
scripts/system-deps, and SQLite is the default database)."""

import os
import shutil

import pytest
from django.db import connection


def in_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing(message):
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def require_postgresql():
    if connection.vendor != "postgresql":
        missing("This test needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/redegorelse.")


def require_program(name, package):
    """The path of the program `name`, from the Debian package `package`."""
    path = shutil.which(name)
    if not path:
        missing(f"This test needs {name}: apt-get install {package} (scripts/system-deps installs it).")
    return path
