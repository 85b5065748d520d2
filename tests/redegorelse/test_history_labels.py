"""The history speaks the interface's language: yes/no values as Ja/Nej, and each "version N" once,
on the revision that made it (bilag changes do not move the version)."""

import pytest
from django.urls import reverse
from django.utils import translation

from redegorelse.models import ReportRevision, RevisionKind
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_history_shows_yes_no_in_words_and_each_version_once(client_for, tmf_worker):
    report = factories.report_for("TMF", tmf_worker)
    ReportRevision.record(report, tmf_worker, RevisionKind.EDITED, {"Kopieret fra sidste år": ("True", "False")})
    report.record_attachment_change(by=tmf_worker, label="Bilag", old="", new="1. Helhedsplan")
    html = client_for(tmf_worker).get(reverse("redegorelse:report-history", args=[report.pk])).content.decode()
    assert "True" not in html and "False" not in html
    assert "<del>Ja</del>" in html and "<ins>Nej</ins>" in html
    assert html.count(f"version {report.version}<") == 1
    assert f"stadig version {report.version} (bilag flytter ikke versionen)" in html


@pytest.fixture
def back_to_danish():
    # A request in English leaves English active in this thread; later tests expect Danish.
    yield
    translation.activate("da")


def test_the_history_labels_follow_the_language(client_for, tmf_worker, back_to_danish):
    report = factories.report_for("TMF", tmf_worker)
    ReportRevision.record(report, tmf_worker, RevisionKind.EDITED, {"Problemstilling": ("", "Ny tekst.")})
    client = client_for(tmf_worker)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("redegorelse:report-history", args=[report.pk])).content.decode()
    assert "<dt>Issue</dt>" in html
