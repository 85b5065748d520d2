"""Helpers for the production-readiness tests: demo data, free loopback ports, PostgreSQL only."""

import io
import os
import socket

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.fixture
def demo_data(settings, tmp_path):
    """The demo data (users with password "demo", TMF's report and its bilag) with media in tmp_path."""
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    return settings.MEDIA_ROOT


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_postgresql():
    """Tests that need PostgreSQL fail in CI without it and are skipped on a laptop with SQLite."""
    if connection.vendor == "postgresql":
        return
    message = "This test needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/redegorelse."
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)
