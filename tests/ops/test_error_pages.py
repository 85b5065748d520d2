"""Issue 14 item 15: every error page is Danish and says what happened to what was sent."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_a_bad_request_is_answered_in_danish(client):
    """Django's own answer was the English "Bad Request (400)" (seen during a database outage)."""
    response = client.get("/", HTTP_HOST="ukendt.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert "Serveren kunne ikke bruge det, din browser sendte, så intet er gemt." in html


def test_a_server_error_says_that_what_was_just_sent_may_not_be_saved(tmf_worker):
    client = Client(raise_request_exception=False)
    client.force_login(tmf_worker)
    report = factories.report_for("TMF", tmf_worker)
    with mock.patch("redegorelse.views.authoring.render_report_pdf", side_effect=RuntimeError("boom")):
        response = client.get(reverse("redegorelse:report-pdf", args=[report.pk]))
    assert response.status_code == 500
    html = response.content.decode()
    assert "det, du lige sendte, er måske ikke gemt" in html
    assert "gemt i din browser" in html


def test_an_outdated_form_is_answered_in_danish(tmf_worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tmf_worker)
    report = factories.report_for("TMF", tmf_worker)
    response = client.post(reverse("redegorelse:report-edit", args=[report.pk]), {"problem": "tekst"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Siden var forældet" in html and "ikke gemt" in html


@pytest.mark.parametrize(("path", "status", "text"), [("/findes-ikke/", 404, "Siden findes ikke")])
def test_a_missing_page_is_answered_in_danish(client_for, tmf_worker, path, status, text):
    response = client_for(tmf_worker).get(path)
    assert response.status_code == status
    assert text in response.content.decode()


def test_a_forbidden_page_is_answered_in_danish(client_for, tmf_worker):
    response = client_for(tmf_worker).get(reverse("redegorelse:round-list"))
    assert response.status_code == 403
    assert "Du har ikke adgang til siden" in response.content.decode()
