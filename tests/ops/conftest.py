"""Helpers for the production-readiness tests: demo data, free loopback ports (PostgreSQL only:
tests/needs.py)."""

import io
import socket

import pytest
from django.core.management import call_command


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
