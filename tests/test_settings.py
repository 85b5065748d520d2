"""Settings come from the environment and fail loudly on a bad value."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_django(**env):
    """Imports the settings in a fresh interpreter with exactly these variables set."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_it_refuses_to_start_in_production_mode_without_a_secret_key():
    result = start_django(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_starts_in_production_mode_with_a_secret_key():
    result = start_django(DEBUG="0", SECRET_KEY="a-long-random-production-key-" + "Zq8vR2mW4pL7xN9" * 2)
    assert result.returncode == 0, result.stderr


def test_it_refuses_to_start_in_production_mode_with_a_short_secret_key():
    """Issue 14 item 11: SECRET_KEY=x started the service; only `check --deploy` warned."""
    for weak in ["x", "a-long-random-production-key", "a" * 60]:
        result = start_django(DEBUG="0", SECRET_KEY=weak)
        assert result.returncode != 0
        assert "SECRET_KEY is too weak" in result.stderr
        assert "at least 50 random characters" in result.stderr


def test_it_uses_a_development_key_in_debug_mode():
    result = start_django(DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_it_defaults_to_the_embedded_sqlite_database():
    result = start_django(DEBUG="1")
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_it_reads_the_database_from_database_url():
    result = start_django(DEBUG="1", DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_it_names_a_bad_boolean_value():
    result = start_django(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_it_names_a_bad_number():
    result = start_django(DEBUG="1", EMAIL_PORT="twenty-five")
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr


def test_it_formats_dates_and_decimals_the_danish_way(settings):
    import datetime
    from decimal import Decimal

    from django.utils import formats, translation

    with translation.override("da"):
        assert formats.date_format(datetime.date(2009, 4, 22), "SHORT_DATE_FORMAT") == "22.04.2009"
        assert formats.date_format(datetime.date(2009, 4, 22)) == "22. april 2009"
        assert formats.number_format(Decimal("3735.5"), decimal_pos=1, use_l10n=True, force_grouping=True) == (
            "3.735,5"
        )


def test_it_reports_a_bad_setting_to_manage_py_without_a_traceback():
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**clean, "DEBUG": "0"}, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Configuration error: SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr
