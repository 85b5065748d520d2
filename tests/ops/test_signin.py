"""Local sign-in: throttled per username and address with a cool-off, and sessions that end after
inactivity without losing what was typed."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from redegorelse.models import Report
from tests import factories

pytestmark = pytest.mark.django_db

LOCKED = "Log ind er midlertidigt spærret"


def log_in(client, username, password, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def fail_until_locked(client, username, settings):
    responses = [log_in(client, username, "forkert") for _ in range(settings.AXES_FAILURE_LIMIT)]
    return responses


def test_it_locks_a_username_after_repeated_failures_with_a_danish_message(client, tmf_worker, settings):
    responses = fail_until_locked(client, "tmf-sagsbehandler", settings)
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert "Brugernavn eller adgangskode er forkert" in responses[0].content.decode()
    assert responses[-1].status_code == 429
    response = log_in(client, "tmf-sagsbehandler", "test-password")
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert "om 30 minutter" in html
    assert "_auth_user_id" not in client.session


def test_it_locks_per_username_and_address(tmf_worker, buf_worker, settings):
    attacker = Client(REMOTE_ADDR="10.1.2.3")
    fail_until_locked(attacker, "tmf-sagsbehandler", settings)
    # The same person from another address, and another user from the same address, still get in.
    assert log_in(Client(REMOTE_ADDR="10.9.9.9"), "tmf-sagsbehandler", "test-password").status_code == 302
    assert log_in(attacker, "buf-sagsbehandler", "test-password").status_code == 302


def test_it_reads_the_address_behind_the_proxy_when_told_to_trust_it(tmf_worker, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    office = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    fail_until_locked(office, "tmf-sagsbehandler", settings)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    # Another client behind the same nginx is not locked out with it.
    colleague = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert log_in(colleague, "tmf-sagsbehandler", "test-password").status_code == 302


def test_it_lets_the_user_in_again_after_the_cool_off(client, tmf_worker, settings):
    fail_until_locked(client, "tmf-sagsbehandler", settings)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    response = log_in(client, "tmf-sagsbehandler", "test-password")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(tmf_worker.pk)


def test_it_forgets_earlier_failures_after_a_successful_login(client, tmf_worker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "tmf-sagsbehandler", "forkert")
    assert log_in(client, "tmf-sagsbehandler", "test-password").status_code == 302
    client.post("/logout/")
    assert log_in(client, "tmf-sagsbehandler", "forkert").status_code == 200


def test_it_throttles_the_admin_login_too(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": "administrator", "password": "forkert"})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_it_ends_a_session_after_eight_idle_hours_by_default(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_it_moves_the_end_of_the_session_forward_on_every_request(client_for, tmf_worker, settings):
    client = client_for(tmf_worker)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    client.get(reverse("home:home"))
    session = Session.objects.get()
    assert session.expire_date > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_it_keeps_what_was_typed_when_the_session_ran_out_while_editing(client_for, tmf_worker, settings):
    factories.ReportingRoundFactory(year=2009)
    report = factories.report_for("TMF", tmf_worker)
    client = client_for(tmf_worker)
    edit_url = reverse("redegorelse:report-edit", args=[report.pk])
    client.get(edit_url)
    # Eight hours away from the keyboard.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    data = {field: getattr(report, field) for field in Report.CONTENT_FIELDS}
    data.update(version=report.version, problem="Skrevet før frokost.")
    response = client.post(edit_url, data)
    assert response.status_code == 302
    assert response.url.startswith("/login/")
    response = client.post(
        "/login/", {"username": "tmf-sagsbehandler", "password": "test-password", "next": "/redegoerelser/genoptag/"}
    )
    client.get(response.url)
    report.refresh_from_db()
    assert report.problem == "Skrevet før frokost."
