"""Bilag numbers: unique per report in the database, given out under the report's lock, and
every change re-checks under that lock that the report is still a draft."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connections, transaction
from django.urls import reverse

from redegorelse import workflow
from redegorelse.models import Attachment, Report, ReportStatus
from tests import factories
from tests.needs import require_postgresql
from tests.redegorelse.test_attachments import pdf_bytes, upload


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def add(report, user, title):
    raw = pdf_bytes(1)
    return Attachment.add(
        report,
        by=user,
        file=SimpleUploadedFile(f"{title}.pdf", raw),
        title=title,
        original_name=f"{title}.pdf",
        kind="pdf",
        size=len(raw),
        sha256="0" * 64,
        page_count=1,
    )


@pytest.mark.django_db
def test_it_refuses_two_bilag_with_the_same_number_in_the_database(tmf_worker):
    report = factories.report_for("TMF", tmf_worker)
    first = add(report, tmf_worker, "Første")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.create(
            report=report,
            position=first.position,
            title="Dublet",
            file="bilag/x.pdf",
            original_name="x.pdf",
            kind="pdf",
            size=1,
            sha256="0" * 64,
            uploaded_by=tmf_worker,
        )
    assert list(Attachment.objects.values_list("title", "position")) == [("Første", 1)]


@pytest.mark.django_db
def test_it_moves_and_removes_bilag_without_ever_sharing_a_number(client_for, tmf_worker):
    report = factories.report_for("TMF", tmf_worker)
    client = client_for(tmf_worker)
    for title in ["A", "B", "C", "D"]:
        assert upload(client, report, f"{title}.pdf", pdf_bytes(1), title=title).status_code == 302
    d = Attachment.objects.get(title="D")
    for _ in range(3):
        client.post(reverse("redegorelse:attachment-move", args=[report.pk, d.pk]), {"direction": "up"})
    assert list(Attachment.objects.for_report(report).values_list("title", "position")) == [
        ("D", 1),
        ("A", 2),
        ("B", 3),
        ("C", 4),
    ]
    client.post(reverse("redegorelse:attachment-delete", args=[report.pk, Attachment.objects.get(title="A").pk]))
    assert list(Attachment.objects.for_report(report).values_list("title", "position")) == [
        ("D", 1),
        ("B", 2),
        ("C", 3),
    ]


@pytest.mark.django_db
def test_it_rechecks_under_the_lock_that_the_report_is_still_a_draft(tmf_worker):
    """A request that checked the report before it was submitted changes nothing afterwards."""
    report = factories.report_for("TMF", tmf_worker)
    bilag = add(report, tmf_worker, "Første")
    stale = Report.objects.get(pk=report.pk)  # loaded while still a draft
    stale_bilag = Attachment.objects.select_related("report").get(pk=bilag.pk)
    workflow.submit(factories.complete_report(report), by=tmf_worker)
    assert stale.status == ReportStatus.DRAFT
    for change in [
        lambda: add(stale, tmf_worker, "Anden"),
        lambda: stale_bilag.edit(by=tmf_worker, title="Ny", description=""),
        lambda: stale_bilag.move("down", by=tmf_worker),
        lambda: stale_bilag.remove(by=tmf_worker),
    ]:
        with pytest.raises(ValidationError, match="indsendt"):
            change()
    assert list(Attachment.objects.values_list("title", "position")) == [("Første", 1)]


@pytest.mark.django_db
def test_it_edits_a_bilag_through_the_model_and_records_it(client_for, tmf_worker):
    report = factories.report_for("TMF", tmf_worker)
    client = client_for(tmf_worker)
    upload(client, report, "a.pdf", pdf_bytes(1), title="Gammel")
    bilag = Attachment.objects.get()
    client.post(reverse("redegorelse:attachment-edit", args=[report.pk, bilag.pk]), {"title": "Ny", "description": ""})
    bilag.refresh_from_db()
    assert bilag.title == "Ny"
    change = report.revisions.latest("pk").changes.get()
    assert (change.label, change.old, change.new) == ("Bilagets titel", "Gammel", "Ny")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the reference data
def test_it_gives_two_simultaneous_uploads_distinct_numbers(tmf_worker, monkeypatch):
    """Two requests, each in its own connection: the second arrives while the first has chosen its
    number but not yet stored the bilag. It waits for the first, then takes the next number."""
    # Two real connections at once: SQLite serialises every writer itself, and the constraint
    # test above covers the guarantee there.
    require_postgresql()
    report = factories.report_for("TMF", tmf_worker)
    chosen, release = threading.Event(), threading.Event()
    errors = []
    create = Attachment.objects.create

    def create_slowly(**fields):
        if threading.current_thread().name == "first":
            chosen.set()
            release.wait(timeout=30)
        return create(**fields)

    monkeypatch.setattr(Attachment.objects, "create", create_slowly)

    def upload_one(title):
        try:
            add(Report.objects.get(pk=report.pk), tmf_worker, title)
        except Exception as error:  # any failure is reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    first = threading.Thread(target=upload_one, args=("Første",), name="first")
    second = threading.Thread(target=upload_one, args=("Anden",), name="second")
    first.start()
    assert chosen.wait(timeout=30)
    second.start()
    # Without the report's lock the second upload would finish now, with the same number; with
    # it, it waits. Either way the first goes on after this.
    second.join(timeout=2)
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert errors == []
    assert sorted(Attachment.objects.filter(report=report).values_list("title", "position")) == [
        ("Anden", 2),
        ("Første", 1),
    ]
    assert report.revisions.filter(changes__label="Bilag tilføjet").count() == 2
