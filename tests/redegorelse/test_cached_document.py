"""The report page's document is written once per state of what it shows and shared by every
process (redegorelse/templatetags/report_document.py, config/fragments.py): a saved edit, a renamed
bilag or a submission shows at once, the cached document is the one the template writes, and
another department's user never sees another report's document."""

import re

import pytest
from django.core.cache import caches
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from config import fragments
from redegorelse import workflow
from redegorelse.models import Report
from redegorelse.snapshot import live_document
from redegorelse.templatetags import report_document
from tests import factories
from tests.redegorelse.fragment_helpers import count_writes
from tests.redegorelse.test_authoring import edit_url, report_post
from tests.redegorelse.test_page_queries import add_initiatives

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def writes(monkeypatch):
    return count_writes(monkeypatch, report_document, report_document.DOCUMENT, "documents")


def document(client, report):
    response = client.get(reverse("redegorelse:report-detail", args=[report.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    return re.search(r'<article class="report-document">.*?</article>', html, re.S).group(0)


def test_the_document_is_written_once_and_read_back_by_another_process(client_for, tmf_worker, tmf_report, writes):
    client = client_for(tmf_worker)
    first = document(client, tmf_report)
    assert document(client, tmf_report) == first
    caches[fragments.LOCAL].clear()  # another process or app server: only the shared table
    assert document(client, tmf_report) == first
    assert writes["documents"] == 1


def test_the_cached_document_is_the_document_the_template_writes(client_for, tmf_worker, tmf_report):
    add_initiatives(tmf_report, tmf_worker, 2)
    client = client_for(tmf_worker)
    document(client, tmf_report)
    cached = document(client, tmf_report)
    report = Report.objects.with_document().get(pk=tmf_report.pk)
    assert cached in render_to_string("redegorelse/_document.html", {"doc": live_document(report)})


def test_a_saved_edit_a_renamed_bilag_and_a_submission_show_at_once(client_for, tmf_worker, tmf_report, writes):
    add_initiatives(tmf_report, tmf_worker, 1)
    client = client_for(tmf_worker)
    assert "Bilag 1: Bilag 1" in document(client, tmf_report)
    tmf_report.refresh_from_db()
    assert client.post(edit_url(tmf_report), report_post(tmf_report, problem="Ny problemstilling")).status_code == 302
    assert "Ny problemstilling" in document(client, tmf_report)
    attachment = tmf_report.attachments.get()
    edit = reverse("redegorelse:attachment-edit", args=[tmf_report.pk, attachment.pk])
    assert client.post(edit, {"title": "Handleplan", "description": ""}).status_code == 302
    html = document(client, tmf_report)
    assert "Bilag 1: Handleplan" in html and "Bilag 1: Bilag 1" not in html
    before = document(client, tmf_report)
    tmf_report.initiatives.update(progress="on_plan")
    assert document(client, tmf_report) != before
    before = document(client, tmf_report)
    workflow.submit(factories.complete_report(Report.objects.get(pk=tmf_report.pk)), by=tmf_worker)
    assert document(client, tmf_report) != before
    assert writes["documents"] == 5


def test_another_departments_user_never_sees_the_document(client_for, tmf_worker, buf_worker, tmf_report):
    tmf_report.refresh_from_db()
    client = client_for(tmf_worker)
    client.post(edit_url(tmf_report), report_post(tmf_report, problem="Kun for TMF"))
    assert "Kun for TMF" in document(client, tmf_report)
    buf = Client()
    buf.force_login(buf_worker)
    assert buf.get(reverse("redegorelse:report-detail", args=[tmf_report.pk])).status_code == 404
    buf_report = factories.report_for("BUF", buf_worker)
    assert "Kun for TMF" not in document(buf, buf_report)
