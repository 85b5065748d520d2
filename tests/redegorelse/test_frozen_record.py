"""The record holds: frozen content is Danish whoever clicks, and a committee cannot decide on an
indstilling before it was submitted."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from redegorelse import workflow
from redegorelse.models import Decision, Report, ReportStatus
from tests import factories
from tests.redegorelse.test_attachments import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def pdf_text(content):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def decision_data(report, **extra):
    return {
        "version": report.version,
        "after_decision": "",
        "meeting_date": "22.04.2009",
        "outcome": "approved",
        "confirmed": "1",  # the confirmation step before a decision that freezes the report
        **extra,
    }


def test_it_freezes_a_decision_made_in_english_in_danish(client, tmf_worker, tmu_secretary):
    """Case worker and secretary both use the English interface; the record is Danish."""
    report = factories.complete_report(factories.report_for("TMF", tmf_worker))
    client.force_login(tmf_worker)
    assert in_english(client).post(reverse("redegorelse:report-submit", args=[report.pk])).status_code == 302
    report = factories.backdate_submission(report)
    assert report.status == ReportStatus.SUBMITTED

    client.force_login(tmu_secretary)
    form = in_english(client).get(reverse("redegorelse:decision-create", args=[report.pk])).content.decode()
    assert "The recommendation was approved." in form  # the form speaks the secretary's language
    response = client.post(
        reverse("redegorelse:decision-create", args=[report.pk]),
        decision_data(report, decision_text="The recommendation was approved."),
    )
    assert response.status_code == 302

    decision = Decision.objects.get()
    assert decision.decision_text == "Indstillingen blev godkendt."
    submitted = decision.submission.content
    frozen = decision.snapshot.content
    for content in (submitted, frozen):
        assert content["report"]["recommendations"][0].startswith("at Teknik- og Miljøudvalget godkender")
        assert {a["role"] for a in content["assessments"]} == {"Ikke relevant"}
        assert {a["realistic"] for a in content["assessments"]} == {"Ikke relevant"}
    assert frozen["decision"]["heading"] == "Teknik- og Miljøudvalgets beslutning den 22.04.2009"
    assert frozen["decision"]["text"] == "Indstillingen blev godkendt."
    text = pdf_text(decision.snapshot.pdf.read())
    assert "Teknik- og Miljøudvalgets beslutning den 22.04.2009" in text
    assert "Indstillingen blev godkendt." in text
    assert "Ikke relevant" in text and "Not relevant" not in text
    assert all(ok for _label, ok in decision.snapshot.verify())


def test_it_keeps_a_decision_text_the_secretary_wrote(client_for, tmf_worker, tmu_secretary):
    report = factories.complete_report(factories.report_for("TMF", tmf_worker))
    workflow.submit(report, by=tmf_worker)
    report = factories.backdate_submission(report)
    client = in_english(client_for(tmu_secretary))
    client.post(
        reverse("redegorelse:decision-create", args=[report.pk]),
        decision_data(report, decision_text="Indstillingen blev godkendt, idet udvalget ønsker en status i 2010."),
    )
    assert Decision.objects.get().decision_text == "Indstillingen blev godkendt, idet udvalget ønsker en status i 2010."


def test_it_refuses_a_meeting_date_before_the_submission(client_for, tmf_worker, tmu_secretary):
    report = factories.complete_report(factories.report_for("TMF", tmf_worker))
    workflow.submit(report, by=tmf_worker)
    report = factories.backdate_submission(report, datetime.date(2009, 3, 25))
    version = report.version
    response = client_for(tmu_secretary).post(
        reverse("redegorelse:decision-create", args=[report.pk]),
        decision_data(report, meeting_date="24.03.2009", decision_text=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mødedatoen 24.03.2009 ligger før indsendelsen den 25.03.2009." in html
    assert 'value="24.03.2009"' in html  # the form is kept as typed
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.SUBMITTED, version)
    assert not Decision.objects.exists()
    assert not Report.objects.get(pk=report.pk).revisions.filter(kind="decided").exists()


def test_it_accepts_a_meeting_on_the_day_of_the_submission(client_for, tmf_worker, tmu_secretary):
    report = factories.complete_report(factories.report_for("TMF", tmf_worker))
    workflow.submit(report, by=tmf_worker)
    report = factories.backdate_submission(report, datetime.date(2009, 4, 22))
    client_for(tmu_secretary).post(
        reverse("redegorelse:decision-create", args=[report.pk]), decision_data(report, decision_text="")
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_it_writes_the_history_in_danish_for_an_english_interface(client, tmf_worker):
    """The history is part of the record: its labels are Danish whoever edits."""
    report = factories.report_for("TMF", tmf_worker)
    client.force_login(tmf_worker)
    in_english(client)
    data = {field: getattr(report, field) for field in Report.CONTENT_FIELDS}
    data.update(version=report.version, problem="Integrationsindsatsen skal måles jævnligt.")
    assert client.post(reverse("redegorelse:report-edit", args=[report.pk]), data).status_code == 302
    client.post(
        reverse("redegorelse:attachment-list", args=[report.pk]),
        {"title": "Statusskemaer", "description": "", "file": SimpleUploadedFile("s.pdf", pdf_bytes(1))},
    )
    labels = set(report.revisions.values_list("changes__label", flat=True)) - {None}
    assert labels == {"Problemstilling", "Bilag tilføjet"}
