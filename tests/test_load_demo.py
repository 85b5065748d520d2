"""load_demo gives every role a demo login, refuses in production, and is idempotent."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from organisation.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()


def test_it_creates_a_login_for_every_role(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    for username in ["tmf-sagsbehandler", "buf-sagsbehandler", "tmu-sekretaer", "bif-medarbejder", "admin"]:
        assert authenticate(username=username, password="demo"), username
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert "tmf-sagsbehandler" in capsys.readouterr().out


def test_it_changes_nothing_when_run_twice(settings):
    settings.DEBUG = True
    call_command("load_demo")
    users = list(get_user_model().objects.order_by("pk").values())
    memberships = list(Membership.objects.order_by("pk").values())
    call_command("load_demo")
    assert list(get_user_model().objects.order_by("pk").values()) == users
    assert list(Membership.objects.order_by("pk").values()) == memberships
