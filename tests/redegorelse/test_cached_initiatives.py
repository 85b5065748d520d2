"""The indsatser page's forms are written once per state of what they show and shared by every
process (redegorelse/editing.py, config/fragments.py): a saved edit, a renamed bilag or a changed
goal shows at once, the cached page is the page the forms write, another department's user never
sees another report's forms, and another process reads the piece instead of writing it again."""

import re
from dataclasses import replace

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config import fragments
from redegorelse import editing
from redegorelse.models import Initiative
from tests import factories
from tests.redegorelse.test_authoring import initiatives_post
from tests.redegorelse.test_page_queries import add_initiatives

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def writes(monkeypatch):
    """Counts how often the forms are built and written; every test starts with an empty process
    cache."""
    caches[fragments.LOCAL].clear()
    counted = {"initiatives": 0}
    bind = editing.bind_initiatives

    def counting(report, data, **kwargs):
        if data is None:
            counted["initiatives"] += 1
        return bind(report, data, **kwargs)

    monkeypatch.setattr(editing, "bind_initiatives", counting)
    return counted


def page(client, report):
    response = client.get(reverse("redegorelse:report-initiatives", args=[report.pk]))
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_forms_are_written_once_and_read_back_by_another_process(client_for, tmf_worker, tmf_report, writes):
    add_initiatives(tmf_report, tmf_worker, 3)
    client = client_for(tmf_worker)
    first = page(client, tmf_report)
    assert 'name="initiative-2-name" value="Indsats 3"' in first
    assert page(client, tmf_report) == first
    caches[fragments.LOCAL].clear()  # another process or app server: only the shared table
    assert page(client, tmf_report) == first
    assert writes["initiatives"] == 1


def test_the_cached_page_is_the_page_the_forms_write(client_for, tmf_worker, tmf_report, monkeypatch):
    add_initiatives(tmf_report, tmf_worker, 2)
    Initiative.objects.filter(position=1).update(copied=True, resources_dkk=1234567)
    client = client_for(tmf_worker)
    page(client, tmf_report)
    cached = page(client, tmf_report)
    section = editing.SECTIONS["indsatser"]
    monkeypatch.setitem(editing.SECTIONS, "indsatser", replace(section, cached_body=None))
    assert page(client, tmf_report) == cached


def test_a_saved_edit_shows_at_once(client_for, tmf_worker, tmf_report, writes):
    add_initiatives(tmf_report, tmf_worker, 1)
    client = client_for(tmf_worker)
    initiative = tmf_report.initiatives.get()
    assert 'value="Indsats 1"' in page(client, tmf_report)
    url = reverse("redegorelse:report-initiatives", args=[tmf_report.pk])
    goal = initiative.goals.first()
    edited = {"id": initiative.pk, "name": "Sprogcafé", "goals": [goal.pk], "kind": "new", "progress": "on_plan"}
    tmf_report.refresh_from_db()
    assert client.post(url, initiatives_post(tmf_report, [edited], tmf_report.version)).status_code == 302
    html = page(client, tmf_report)
    assert 'value="Sprogcafé"' in html and 'value="Indsats 1"' not in html
    assert writes["initiatives"] == 2


def test_a_renamed_bilag_or_goal_shows_at_once(client_for, tmf_worker, tmf_report):
    """Neither changes the report's version; the choices are part of the key all the same."""
    add_initiatives(tmf_report, tmf_worker, 2)
    client = client_for(tmf_worker)
    assert page(client, tmf_report).count(">Bilag 1</option>") == 2
    attachment = tmf_report.attachments.get(position=1)
    edit = reverse("redegorelse:attachment-edit", args=[tmf_report.pk, attachment.pk])
    assert client.post(edit, {"title": "Handleplan", "description": ""}).status_code == 302
    html = page(client, tmf_report)
    assert html.count(">Handleplan</option>") == 2 and ">Bilag 1</option>" not in html
    goal = tmf_report.initiatives.first().goals.first()
    goal.area = "Nyt fokusområde"
    goal.save()
    assert f"{goal.number}. Nyt fokusområde" in page(client, tmf_report)


def test_another_departments_user_never_sees_the_forms(client_for, tmf_worker, buf_worker, tmf_report):
    add_initiatives(tmf_report, tmf_worker, 2)
    buf_report = factories.report_for("BUF", buf_worker)
    tmf_html = page(client_for(tmf_worker), tmf_report)
    assert 'value="Indsats 2"' in tmf_html
    buf = Client()
    buf.force_login(buf_worker)
    response = buf.get(reverse("redegorelse:report-initiatives", args=[tmf_report.pk]))
    assert response.status_code == 404
    buf_html = page(buf, buf_report)
    assert 'value="Indsats' not in buf_html and "Der er ingen indsatser endnu." in buf_html
    assert f'name="initiative-0-id" value="{tmf_report.initiatives.first().pk}"' not in buf_html


def test_a_draft_or_a_new_form_is_written_from_the_forms_not_the_cache(client_for, tmf_worker, tmf_report):
    add_initiatives(tmf_report, tmf_worker, 1)
    client = client_for(tmf_worker)
    page(client, tmf_report)
    url = reverse("redegorelse:report-initiatives", args=[tmf_report.pk])
    assert 'name="initiative-1-name"' in client.get(url, {"ny": 1}).content.decode()
    initiative = tmf_report.initiatives.get()
    typed = initiatives_post(tmf_report, [{"id": initiative.pk, "name": "Skrevet, ikke gemt"}], tmf_report.version)
    client.post(reverse("redegorelse:report-autosave", args=[tmf_report.pk, "indsatser"]), typed)
    html = page(client, tmf_report)
    assert 'value="Skrevet, ikke gemt"' in html and "Vi har hentet den tekst" in html


def test_the_page_reads_its_forms_in_a_fixed_number_of_queries(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    url = reverse("redegorelse:report-initiatives", args=[tmf_report.pk])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    add_initiatives(tmf_report, tmf_worker, 1)
    client.get(reverse("redegorelse:report-detail", args=[tmf_report.pk]))  # settles the session
    cold_few, warm_few = queries(), queries()
    caches[fragments.LOCAL].clear()
    shared_few = queries()
    add_initiatives(tmf_report, tmf_worker, 29)
    cold_many, warm_many = queries(), queries()
    caches[fragments.LOCAL].clear()
    assert queries() == shared_few == warm_few + 1  # one query for the shared table
    assert cold_many == cold_few
    assert warm_many == warm_few <= 16
