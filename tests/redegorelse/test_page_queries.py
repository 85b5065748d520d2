"""The heavy report pages cost the same number of queries however much they show: the indsatser
form, the history (paged) and BIF's progress page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from redegorelse.models import Attachment, Initiative
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tmf_report(tmf_worker):
    factories.ReportingRoundFactory(year=2009)
    return factories.report_for("TMF", tmf_worker)


def queries_for(client, url, **params):
    client.get(url, params)  # settles the session and anything read once per process
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def add_initiatives(report, user, count):
    goals = [a.goal for a in report.assessments.select_related("goal")[:2]]
    start = report.initiatives.count()
    for n in range(start, start + count):
        attachment = Attachment.objects.create(
            report=report,
            position=n + 1,
            title=f"Bilag {n + 1}",
            file="bilag/x.pdf",
            original_name="x.pdf",
            kind="pdf",
            size=1,
            sha256="0" * 64,
            uploaded_by=user,
        )
        initiative = Initiative.objects.create(
            report=report, position=n + 1, name=f"Indsats {n + 1}", attachment=attachment
        )
        initiative.goals.set(goals)


def test_the_initiatives_form_reads_its_choices_once_per_page(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    url = reverse("redegorelse:report-initiatives", args=[tmf_report.pk])
    add_initiatives(tmf_report, tmf_worker, 1)
    few, _html = queries_for(client, url)
    add_initiatives(tmf_report, tmf_worker, 29)
    many, html = queries_for(client, url)
    assert many == few
    assert html.count('name="initiative-29-name"') == 1
    # Every form still offers every goal and every bilag, and shows its own choice.
    assert html.count('name="initiative-29-goals"') == 6
    assert html.count(">Bilag 7</option>") == 30
    assert html.count(f'value="{Attachment.objects.get(position=30).pk}" selected') == 1
