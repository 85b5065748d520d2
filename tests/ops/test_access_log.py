"""The access log: record_access() writes who saw what; BIF and administrators search it by user."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisation.audit import record_access
from organisation.models import AccessAction, AccessEvent, Department
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("organisation:access-log")


def request_as(user, request_id="abc123"):
    request = RequestFactory().get("/redegoerelser/1/")
    request.user = user
    request.request_id = request_id
    return request


def test_it_records_who_did_what_to_which_object(tmf_worker):
    department = Department.objects.get(abbreviation="TMF")
    event = record_access(request_as(tmf_worker), AccessAction.REPORT_OPENED, department)
    event.refresh_from_db()
    assert event.user == tmf_worker
    assert event.username == "tmf-sagsbehandler"
    assert event.action == "report_opened"
    assert event.object_type == "organisation.Department"
    assert event.object_id == str(department.pk)
    assert event.object_label == str(department)
    assert event.request_id == "abc123"
    assert event.at is not None


def test_it_names_the_report_a_bilag_belongs_to(tmf_worker):
    from redegorelse.models import Attachment

    report = factories.report_for("TMF", tmf_worker)
    bilag = Attachment(pk=7, report=report, title="Statusskemaer for integrationsindsatser")
    event = record_access(request_as(tmf_worker), AccessAction.ATTACHMENT_DOWNLOADED, bilag)
    assert event.object_type == "redegorelse.Attachment"
    assert event.object_id == "7"
    assert event.object_label == f"Statusskemaer for integrationsindsatser – {report}"


def test_it_keeps_the_entry_readable_after_the_user_is_deleted(tmf_worker):
    record_access(request_as(tmf_worker), AccessAction.ATTACHMENT_DOWNLOADED, Department.objects.first())
    tmf_worker.delete()
    event = AccessEvent.objects.get()
    assert event.user is None
    assert event.username == "tmf-sagsbehandler"


def test_it_refuses_an_unknown_action(tmf_worker):
    with pytest.raises(ValueError):
        record_access(request_as(tmf_worker), "peeked", Department.objects.first())


@pytest.mark.parametrize("make_user", [factories.bif_staff, factories.administrator], ids=["bif", "admin"])
def test_it_shows_the_log_to_bif_staff_and_administrators(client_for, make_user, tmf_worker):
    record_access(request_as(tmf_worker), AccessAction.REPORT_OPENED, Department.objects.get(abbreviation="TMF"))
    response = client_for(make_user()).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Adgangslog" in html
    assert "tmf-sagsbehandler" in html
    assert "Åbnede redegørelse" in html


@pytest.mark.parametrize("fixture", ["tmf_worker", "tmu_secretary", "roleless_user"])
def test_it_refuses_the_log_to_everyone_else(client_for, request, fixture):
    response = client_for(request.getfixturevalue(fixture)).get(URL)
    assert response.status_code == 403


def test_it_sends_anonymous_visitors_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_it_finds_one_users_events_by_username_or_name(client_for, bif_user, tmf_worker, buf_worker):
    tmf_worker.first_name, tmf_worker.last_name = "Mette", "Sørensen"
    tmf_worker.save()
    department = Department.objects.get(abbreviation="TMF")
    record_access(request_as(tmf_worker), AccessAction.REPORT_OPENED, department)
    record_access(request_as(buf_worker), AccessAction.REPORT_PDF_DOWNLOADED, department)
    client = client_for(bif_user)
    for query in ["tmf-sag", "sørensen"]:
        html = client.get(URL, {"bruger": query}).content.decode()
        assert "tmf-sagsbehandler" in html, query
        assert "buf-sagsbehandler" not in html, query
        assert "1 hændelse." in html
    assert "Ingen hændelser fundet" in client.get(URL, {"bruger": "findes-ikke"}).content.decode()


def test_it_pages_the_log_with_a_fixed_number_of_queries(client_for, bif_user):
    department = Department.objects.get(abbreviation="TMF")
    client = client_for(bif_user)

    def queries_for_first_page():
        client.get(URL)  # settles the session
        with CaptureQueriesContext(connection) as context:
            html = client.get(URL).content.decode()
        return len(context.captured_queries), html

    record_access(request_as(bif_user), AccessAction.REPORT_OPENED, department)
    few, _html = queries_for_first_page()
    users = [factories.case_worker("TMF", username=f"sagsbehandler-{n}") for n in range(10)]
    for n in range(60):
        record_access(request_as(users[n % 10]), AccessAction.REPORT_OPENED, department)
    many, first = queries_for_first_page()
    assert many == few  # no query per row or per user
    assert "61 hændelser." in first
    assert "Side 1 af 2" in first
    second = client.get(URL, {"side": 2}).content.decode()
    assert "Side 2 af 2" in second
    assert second.count("<tr>") == 1 + 11  # the header row and the last eleven events
