"""The statusrapport in pieces: only what changed is rendered again, the joined document numbers
its pages, contents and bookmarks as one, pieces never cross rounds, and a piece that
cannot be rendered fails the job with a reason BIF can read. Through BIF's export URL."""

import io
import multiprocessing
import os
import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from redegorelse import statusreport_pieces, workflow
from redegorelse.models import ApprovedSnapshot, Edition, ExportStatus, StatusReportExport
from redegorelse.snapshot import content_hash
from redegorelse.tasks import run_export
from tests import factories
from tests.barometer.factories import IndicatorFactory, with_series
from tests.redegorelse.statusreport_helpers import add_bilag, approve, tiny_pdf

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def empty_piece_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE
    settings.STATUSREPORT_WORKERS = 2


def approved_round(tmf_worker, tmu_secretary, buf_worker, year=2009, problem="Trafikken er problemstillingen."):
    tmf = factories.report_for("TMF", tmf_worker, year=year)
    add_bilag(tmf, tmf_worker, 1, "Statusskema", tiny_pdf("TMFBILAGEN side en", "TMFBILAGEN side to"))
    approve(tmf, tmf_worker, tmu_secretary, problem=problem)
    buf = factories.report_for("BUF", buf_worker, year=year)
    add_bilag(buf, buf_worker, 1, "Elevtal", tiny_pdf("BUFBILAGET side en"))
    buu_secretary = get_user_model().objects.filter(username="buu-sekretaer").first() or factories.secretary("BUU")
    approve(buf, buf_worker, buu_secretary, problem="Skolerne er problemstillingen.")
    return tmf.round


@pytest.fixture
def round_2009(tmf_worker, tmu_secretary, buf_worker):
    with_series(IndicatorFactory(code="B1", name="Beskæftigelse blandt indvandrere"), [40, 42, 43])
    return approved_round(tmf_worker, tmu_secretary, buf_worker)


def export(client, capture, year=2009, edition="draft"):
    """BIF's export button; returns the job and the pieces rendered for it (kind, label)."""
    rendered = []
    original = statusreport_pieces.store

    def counting_store(piece):
        rendered.append((piece.kind, piece.label))
        return original(piece)

    with mock.patch.object(statusreport_pieces, "store", side_effect=counting_store), capture(execute=True):
        client.post(reverse("redegorelse:statusreport-export", args=[year]), {"edition": edition})
    job = StatusReportExport.objects.filter(round__year=year, edition=edition).first()
    return job, rendered


def pdf_of(job):
    with job.file.open("rb") as handle:
        return handle.read()


def change_report(round, abbreviation, problem):
    """One report approved again with a new text (its frozen content changes, nothing else)."""
    snapshot = ApprovedSnapshot.objects.get(
        decision__report__round=round, decision__report__department__abbreviation=abbreviation
    )
    content = snapshot.content
    content["report"]["problem"] = problem
    ApprovedSnapshot.objects.filter(pk=snapshot.pk).update(content=content, content_sha256=content_hash(content))


def test_a_changed_report_renders_only_its_own_piece(
    client_for, bif_user, round_2009, django_capture_on_commit_callbacks
):
    client = client_for(bif_user)
    first, rendered = export(client, django_capture_on_commit_callbacks)
    assert first.status == ExportStatus.DONE
    kinds = [kind for kind, _label in rendered]
    # Cold: every piece once (one per goal, the summary, two reports, the sample), the front matter
    # twice: beside the others without page numbers (its page count), then with them.
    assert kinds.count("report") == 2 and kinds.count("front") == 2 and "summary" in kinds and "goal" in kinds
    assert kinds[-1] == "front"
    change_report(round_2009, "TMF", "Cyklerne er problemstillingen.")

    second, rendered = export(client, django_capture_on_commit_callbacks)

    assert second.pk != first.pk and second.status == ExportStatus.DONE
    assert rendered == [("report", "TMF")]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_of(second))).pages)
    assert "Cyklerne er problemstillingen." in text
    assert "Trafikken er problemstillingen." not in text
    assert "Skolerne er problemstillingen." in text


def test_page_numbers_contents_and_bookmarks_run_through_the_joined_pieces(
    client_for, bif_user, round_2009, django_capture_on_commit_callbacks
):
    job, _rendered = export(client_for(bif_user), django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(pdf_of(job)))
    total = len(reader.pages)
    assert total == job.page_count
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    for number, text in enumerate(pages, start=1):
        assert f"Side {number} af {total}" in text, number
        assert text.count(" af ") >= 1
    marks = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                marks.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    titles = [title for _level, title, _page in marks]
    assert titles[:3] == ["Indholdsfortegnelse", "Indledning", "Integrationsbarometeret og målene"]
    assert (2, "Teknik- og Miljøforvaltningen") in [(level, title) for level, title, _page in marks]
    assert (3, "Bilag 1: Statusskema") in [(level, title) for level, title, _page in marks]
    contents = next(i for i, text in enumerate(pages) if text.startswith("Indholdsfortegnelse"))
    for _level, title, page in marks:
        if title == "Indholdsfortegnelse":
            continue
        # Bookmark → the page that shows the title; the contents give the same page number.
        assert re.search(re.escape(title) + r"[\s.]*" + str(page + 1) + r"\b", pages[contents]), title
        if not title.startswith("Bilag"):
            assert title in pages[page], (title, page)
    # The contents' links go to the pages their numbers name, across pieces.
    targets = {}
    for annotation in reader.pages[contents].get("/Annots", []):
        annotation = annotation.get_object()
        if "/Dest" in annotation:
            targets[str(annotation["/Contents"])] = reader.named_destinations[str(annotation["/Dest"])]
    assert targets, "the contents link to their chapters"
    tmf_page = {title: page for _level, title, page in marks}["Teknik- og Miljøforvaltningen"]
    link = next(dest for name, dest in targets.items() if name.startswith("Teknik- og Miljøforvaltningen"))
    assert reader.get_destination_page_number(link) == tmf_page


def test_pieces_of_one_round_never_serve_another(
    client_for, bif_user, round_2009, tmf_worker, tmu_secretary, buf_worker, django_capture_on_commit_callbacks
):
    client = client_for(bif_user)
    _first, first_pieces = export(client, django_capture_on_commit_callbacks)
    # The next round with the same reports, word for word: every piece is rendered for it.
    approved_round(tmf_worker, tmu_secretary, buf_worker, year=2010)
    later, later_pieces = export(client, django_capture_on_commit_callbacks, year=2010)
    assert later.status == ExportStatus.DONE
    assert sorted(later_pieces) == sorted(first_pieces)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_of(later))).pages)
    assert "integrationspolitikken 2010" in text and "integrationspolitikken 2009" not in text


def die(job):
    os._exit(1)  # a worker killed mid-piece (out of memory, a crash in a library)


def test_a_worker_that_dies_mid_piece_fails_the_job_with_a_clear_reason(
    client_for, bif_user, round_2009, django_capture_on_commit_callbacks
):
    with mock.patch("redegorelse.statusreport_worker.render_piece", die):
        job, _rendered = export(client_for(bif_user), django_capture_on_commit_callbacks)
    assert job.status == ExportStatus.FAILED
    assert "kunne ikke sættes, fordi arbejdsprocessen stoppede uventet" in job.error
    assert not StatusReportExport.objects.finished().exists()


def broken(job):
    raise ValueError("ødelagt afsnit")


def test_a_piece_that_fails_fails_the_job_and_names_the_piece(
    client_for, bif_user, round_2009, django_capture_on_commit_callbacks
):
    with mock.patch("redegorelse.statusreport_worker.render_piece", broken):
        job, _rendered = export(client_for(bif_user), django_capture_on_commit_callbacks)
    assert job.status == ExportStatus.FAILED
    assert "kunne ikke sættes: ødelagt afsnit" in job.error
    assert "Afsnittet „" in job.error


def test_cancelling_while_pieces_render_stops_the_workers_and_keeps_no_file(round_2009, bif_user):
    job, _created = workflow.request_export(round=round_2009, edition=Edition.DRAFT, by=bif_user, enqueue=False)
    steps = []

    def cancel_while_rendering(percent, step):
        steps.append(step)
        if step.startswith("Sætter afsnit") and job.is_active:
            job.cancel(by=bif_user)

    run_export(job, progress=cancel_while_rendering)

    job.refresh_from_db()
    assert job.status == ExportStatus.CANCELLED
    assert not job.file
    assert "Samler dokumentet" not in steps
    assert not multiprocessing.active_children()  # the pool's workers are stopped
