"""The history's timeline (and the report page's latest changes) is written once per state of what
it shows (redegorelse/templatetags/report_diff.py, config/fragments.py): a new change, a renamed
user or another page shows at once, the cached timeline is the one the template writes, and another
department's user never reaches it."""

import re

import pytest
from django.core.cache import caches
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from config import fragments
from redegorelse.models import Report, ReportRevision
from redegorelse.templatetags import report_diff
from tests import factories
from tests.redegorelse.fragment_helpers import count_writes
from tests.redegorelse.test_authoring import edit_url, report_post
from tests.redegorelse.test_page_queries import add_revisions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def writes(monkeypatch):
    return count_writes(monkeypatch, report_diff, report_diff.TIMELINE, "timelines")


def history(client, report, page=1):
    response = client.get(reverse("redegorelse:report-history", args=[report.pk]), {"side": page})
    assert response.status_code == 200
    return re.search(r'<ol class="timeline.*?</ol>', response.content.decode(), re.S).group(0)


def test_the_timeline_is_written_once_and_shows_a_new_change_at_once(client_for, tmf_worker, tmf_report, writes):
    add_revisions(tmf_report, tmf_worker, 30)
    client = client_for(tmf_worker)
    first = history(client, tmf_report)
    assert history(client, tmf_report) == first
    caches[fragments.LOCAL].clear()
    assert history(client, tmf_report) == first
    assert writes["timelines"] == 1
    assert "ændring nummer 31<" in first
    assert "ændring nummer 6<" not in first and "ændring nummer 6<" in history(client, tmf_report, 2)
    Report.objects.filter(pk=tmf_report.pk).update(version=31)  # as if the 30 had been saved
    tmf_report.refresh_from_db()
    response = client.post(edit_url(tmf_report), report_post(tmf_report, problem="Helt ny problemstilling"))
    assert response.status_code == 302
    html = history(client, tmf_report)
    assert "Helt ny problemstilling" in html and html != first
    detail = client.get(reverse("redegorelse:report-detail", args=[tmf_report.pk])).content.decode()
    assert "Problemstilling" in re.search(r'<ol class="timeline.*?</ol>', detail, re.S).group(0)


def test_a_renamed_user_shows_at_once(client_for, tmf_worker, tmf_report):
    add_revisions(tmf_report, tmf_worker, 1)
    client = client_for(tmf_worker)
    history(client, tmf_report)
    tmf_worker.first_name, tmf_worker.last_name = "Grethe", "Nygaard"
    tmf_worker.save()
    assert "Grethe Nygaard" in history(client, tmf_report)


def test_the_cached_timeline_is_the_timeline_the_template_writes(client_for, tmf_worker, tmf_report):
    add_revisions(tmf_report, tmf_worker, 3)
    client = client_for(tmf_worker)
    history(client, tmf_report)
    cached = history(client, tmf_report)
    revisions = ReportRevision.objects.filter(report=tmf_report).select_related("by").prefetch_related("changes")
    assert cached in render_to_string(report_diff.TIMELINE, {"revisions": revisions, "compact": False})


def test_another_departments_user_never_reaches_the_timeline(client_for, tmf_worker, buf_worker, tmf_report):
    add_revisions(tmf_report, tmf_worker, 2)
    history(client_for(tmf_worker), tmf_report)
    buf = Client()
    buf.force_login(buf_worker)
    assert buf.get(reverse("redegorelse:report-history", args=[tmf_report.pk])).status_code == 404
    buf_report = factories.report_for("BUF", buf_worker)
    assert "ændring nummer" not in history(buf, buf_report)
