"""Administrators manage reference data in the admin site, in Danish."""

import datetime
import re

import pytest
from django.urls import reverse

from redegorelse import workflow
from redegorelse.models import Outcome, Report
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    ("organisation", "department", "Forvaltninger", "Teknik- og Miljøforvaltningen"),
    ("organisation", "committee", "Udvalg", "Teknik- og Miljøudvalget"),
    ("organisation", "membership", "Medlemskaber", "Sagsbehandler"),
    ("barometer", "goal", "Mål", "Bolig"),
    ("barometer", "policy", "Integrationspolitikker", "Københavns Kommunes integrationspolitik"),
]


@pytest.mark.parametrize(("app", "model", "title", "row"), CHANGELISTS)
def test_it_lists_reference_data_with_danish_names(client_for, admin_user, tmf_worker, app, model, title, row):
    response = client_for(admin_user).get(reverse(f"admin:{app}_{model}_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert title in html
    assert row in html


def test_it_keeps_case_workers_out_of_the_admin(client_for, tmf_worker):
    response = client_for(tmf_worker).get(reverse("admin:organisation_department_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


@pytest.fixture
def reports_in_every_state(settings, tmp_path, tmf_worker, buf_worker, tmu_secretary):
    """TMF: draft (2010), submitted, returned and approved (2009, 2011, 2012)."""
    settings.MEDIA_ROOT = tmp_path
    reports = {"draft": factories.report_for("TMF", tmf_worker, year=2010)}
    for state, year in [("submitted", 2009), ("returned", 2011), ("approved", 2012)]:
        report = factories.complete_report(factories.report_for("TMF", tmf_worker, year=year))
        workflow.submit(report, by=tmf_worker)
        factories.backdate_submission(report, datetime.date(year, 3, 25))
        if state != "submitted":
            workflow.record_decision(
                report,
                by=tmu_secretary,
                version=report.version,
                after_decision=None,
                meeting_date=datetime.date(year, 4, 22),
                outcome=Outcome.APPROVED if state == "approved" else Outcome.RETURNED,
                decision_text="",
                reasons=[("general", "Uklar.")] if state == "returned" else [],
            )
        report.refresh_from_db()
        reports[state] = report
    return reports


def test_it_cannot_create_a_report_in_the_admin(client_for, admin_user, reports_in_every_state):
    client = client_for(admin_user)
    assert client.get(reverse("admin:redegorelse_report_add")).status_code == 403
    changelist = client.get(reverse("admin:redegorelse_report_changelist")).content.decode()
    assert reverse("admin:redegorelse_report_add") not in changelist


@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "approved"])
def test_it_shows_every_report_read_only_in_the_admin(client_for, admin_user, reports_in_every_state, state):
    """Content changes go through the service's pages (version check, history), never the admin."""
    report = reports_in_every_state[state]
    client = client_for(admin_user)
    url = reverse("admin:redegorelse_report_change", args=[report.pk])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert report.title in html
    # Only the inlines' hidden bookkeeping fields remain: no field for any content.
    inputs = set(re.findall(r'<(?:input|textarea|select)[^>]* name="([^"]+)"', html))
    assert {name for name in inputs if not re.search(r"(FORMS|-id|-report|csrfmiddlewaretoken)$", name)} == set()
    assert "/admin/r/" in html and "Se på website" in html  # to the pages where it is edited
    assert client.post(url, {"title": "Ændret i admin", "problem": "Ændret i admin"}).status_code == 403
    report.refresh_from_db()
    assert report.title != "Ændret i admin" and report.problem != "Ændret i admin"
    assert (report.status, report.version) == (reports_in_every_state[state].status, report.version)


def test_it_lets_support_delete_only_a_draft(client_for, admin_user, reports_in_every_state):
    client = client_for(admin_user)
    for state in ["submitted", "returned", "approved"]:
        url = reverse("admin:redegorelse_report_delete", args=[reports_in_every_state[state].pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
    draft = reports_in_every_state["draft"]
    client.post(reverse("admin:redegorelse_report_delete", args=[draft.pk]), {"post": "yes"})
    assert not Report.objects.filter(pk=draft.pk).exists()
    assert Report.objects.count() == 3


def test_it_names_the_third_party_apps_in_danish(client_for, admin_user):
    html = client_for(admin_user).get(reverse("admin:index")).content.decode()
    assert "Spærring efter forkerte log ind" in html
    assert "Mislykkede log ind" in html
    assert "Baggrundsjob" in html
    for english in ["Access attempts", "Task Results", "Tasks Database Backend"]:
        assert english not in html
    assert 'rel="icon"' in html
