"""The heavy report pages cost the same number of queries however much they show: the indsatser
form, the history (paged) and BIF's progress page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crispy_dkfds.layout import Fieldset
from crispy_dkfds.lean import LeanFieldset
from crispy_dkfds.templatetags.dkfds_lean import LeanFormNode
from redegorelse.models import Attachment, FieldChange, Initiative, ReportRevision, RevisionKind

pytestmark = pytest.mark.django_db


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
    assert many == few <= 16
    assert html.count('name="initiative-29-name"') == 1
    # Every form still offers every goal and every bilag, and shows its own choice.
    assert html.count('name="initiative-29-goals"') == 6
    assert html.count(">Bilag 7</option>") == 30
    assert html.count(f'value="{Attachment.objects.get(position=30).pk}" selected') == 1


def add_revisions(report, user, count):
    start = report.revisions.count()
    revisions = ReportRevision.objects.bulk_create(
        ReportRevision(report=report, version=start + n + 1, by=user, kind=RevisionKind.EDITED) for n in range(count)
    )
    FieldChange.objects.bulk_create(
        FieldChange(revision=revision, label="Problemstilling", old="før", new=f"ændring nummer {revision.version}")
        for revision in revisions
    )


def test_the_history_is_paged_with_a_fixed_number_of_queries(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    url = reverse("redegorelse:report-history", args=[tmf_report.pk])
    add_revisions(tmf_report, tmf_worker, 2)
    few, html = queries_for(client, url)
    assert 'class="pagination"' not in html  # one page: no page links
    add_revisions(tmf_report, tmf_worker, 58)  # 61 revisions with the creation: three pages of 25
    many, first = queries_for(client, url)
    assert many == few
    assert first.count('class="timeline-item"') == 25
    assert "ændring nummer 60<" in first and "ændring nummer 35<" not in first
    assert "Side 1 af 3" in first
    assert 'href="?side=2"' in first and "Forrige side" not in first

    second = client.get(url, {"side": 2}).content.decode()
    assert "Side 2 af 3" in second
    assert "ændring nummer 35<" in second and "ændring nummer 60<" not in second
    assert 'href="?side=1"' in second and 'href="?side=3"' in second
    assert 'aria-current="page" aria-label="Side 2"' in second

    # A page past the last, or no number at all, shows the nearest page that exists.
    last = client.get(url, {"side": 99})
    assert last.status_code == 200
    html = last.content.decode()
    assert "Side 3 af 3" in html and html.count('class="timeline-item"') == 11
    assert "<strong>Oprettet</strong>" in html  # the creation, the oldest revision, is on the last page
    assert "Side 1 af 3" in client.get(url, {"side": "x"}).content.decode()


def test_the_history_stays_hidden_from_other_departments(client_for, buf_worker, tmf_report):
    url = reverse("redegorelse:report-history", args=[tmf_report.pk])
    assert client_for(buf_worker).get(url, {"side": 2}).status_code == 404


def test_the_initiatives_page_is_the_page_the_field_templates_wrote(client_for, tmf_worker, tmf_report, monkeypatch):
    """The indsatser forms are written by crispy_dkfds.lean and {% lean_crispy %} (for speed); the
    page is the same as through the pack's templates: shown, with a copied initiative and an empty new form,
    sent back with errors, and the new form htmx fetches."""
    client = client_for(tmf_worker)
    url = reverse("redegorelse:report-initiatives", args=[tmf_report.pk])
    add_initiatives(tmf_report, tmf_worker, 2)
    Initiative.objects.filter(position=1).update(copied=True, resources_dkk=1234567, kind="ongoing")
    first, second = tmf_report.initiatives.order_by("position")
    goal = first.goals.first()
    invalid = {
        "version": tmf_report.version,
        "initiative-TOTAL_FORMS": 2,
        "initiative-INITIAL_FORMS": 2,
        "initiative-MIN_NUM_FORMS": 0,
        "initiative-MAX_NUM_FORMS": 1000,
        "initiative-0-id": first.pk,
        "initiative-0-name": "Indsats <1>",
        "initiative-0-goals": [goal.pk, 999999],
        "initiative-0-resources_dkk": "mange",
        "initiative-0-kind": "nej",
        "initiative-1-id": second.pk,
        "initiative-1-name": "",
        "initiative-1-attachment": 999999,
    }

    def pages():
        shown = client.get(url, {"ny": 1}).content.decode()
        refused = client.post(url, invalid)
        assert refused.status_code == 200
        new = client.get(reverse("redegorelse:initiative-form", args=[tmf_report.pk]), {"initiative-TOTAL_FORMS": 3})
        pages = (shown, refused.content.decode(), new.content.decode())
        return [re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html) for html in pages]

    lean = pages()
    # Every field, the fieldset and the form through the pack's templates:
    monkeypatch.setattr("crispy_dkfds.lean.field_html", lambda *args, **kwargs: None)
    monkeypatch.setattr(LeanFieldset, "render", Fieldset.render)
    monkeypatch.setattr(LeanFormNode, "lean_possible", lambda *args: False)
    monkeypatch.setattr("crispy_dkfds.templatetags.dkfds_lean.hidden_html", str)
    template = pages()
    assert 'value="1234567"' in lean[0] and "Kopieret fra sidste år" in lean[0]
    assert 'name="initiative-2-name"' in lean[0]  # the empty form for a new initiative
    assert lean[1].count('class="form-error-message"') >= 3
    assert lean == template
