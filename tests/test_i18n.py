"""The interface is Danish through gettext, with a complete English translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def messages(path):
    with path.open("rb") as handle:
        return {message.id: message for message in read_po(handle) if message.id}


def test_it_translates_every_message_to_english():
    untranslated = [
        message.id
        for message in messages(CATALOGUE).values()
        if message.fuzzy or not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert untranslated == []


def test_it_has_every_string_of_the_code_in_the_catalogue(tmp_path):
    """Runs makemessages on a copy of the project: a string added to the code without a
    translation shows up here. Needs GNU gettext (CI installs it)."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is missing: apt-get install gettext")
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "node_modules", "media", "staticfiles", "*.sqlite3", "vendor"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale=en", "--ignore=tests", "--no-obsolete"],
        cwd=copy,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True,
        capture_output=True,
    )
    extracted = set(messages(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    assert extracted - set(messages(CATALOGUE)) == set(), "run `make messages` and translate the new strings"


@pytest.mark.django_db
def test_it_switches_the_interface_to_english(client):
    assert "Log ind" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en"' in html
    assert "Log in" in html


@pytest.mark.django_db
def test_it_stays_danish_for_an_english_browser(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="da"' in html
    assert "Log ind" in html
