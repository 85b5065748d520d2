"""BIF's export job: the page, the cache, concurrency, cancelling, stale workers, downloads."""

import hashlib
import io
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from redegorelse import workflow
from redegorelse.models import Edition, ExportStatus, StatusReportExport
from redegorelse.models.statusreport_export import Cancelled
from redegorelse.tasks import run_export
from tests import factories
from tests.needs import require_postgresql
from tests.redegorelse.statusreport_helpers import add_bilag, approve, tiny_pdf

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE


@pytest.fixture
def round_2009(tmf_worker, tmu_secretary):
    report = factories.report_for("TMF", tmf_worker)
    add_bilag(report, tmf_worker, 1, "Statusskema", tiny_pdf("BILAGSIDE"))
    approve(report, tmf_worker, tmu_secretary)
    return report.round


def export(client, year=2009, edition="draft", capture=None):
    url = reverse("redegorelse:statusreport-export", args=[year])
    if capture is None:
        return client.post(url, {"edition": edition})
    with capture(execute=True):
        return client.post(url, {"edition": edition})


def test_it_exports_in_the_background_and_lists_the_finished_file(
    client_for, bif_user, round_2009, django_capture_on_commit_callbacks
):
    client = client_for(bif_user)
    response = export(client, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    done = StatusReportExport.objects.get()
    assert done.status == ExportStatus.DONE
    assert done.progress == 100
    assert done.page_count > 3
    with done.file.open("rb") as handle:
        raw = handle.read()
    assert done.sha256 == hashlib.sha256(raw).hexdigest() and done.size == len(raw)
    html = client.get(reverse("redegorelse:statusreport", args=[2009])).content.decode()
    assert done.sha256 in html
    download = client.get(reverse("redegorelse:statusreport-download", args=[2009, done.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_it_returns_the_stored_file_when_nothing_changed(
    client_for, bif_user, round_2009, django_capture_on_commit_callbacks
):
    client = client_for(bif_user)
    export(client, capture=django_capture_on_commit_callbacks)
    first = StatusReportExport.objects.get()
    with mock.patch("redegorelse.tasks.build_pdf") as build:
        response = export(client, capture=django_capture_on_commit_callbacks)
    build.assert_not_called()
    assert StatusReportExport.objects.count() == 1
    assert "Intet er ændret" in client.get(response.url).content.decode()
    assert StatusReportExport.objects.get().sha256 == first.sha256


def test_it_exports_again_when_an_input_changed(client_for, bif_user, round_2009, django_capture_on_commit_callbacks):
    client = client_for(bif_user)
    export(client, capture=django_capture_on_commit_callbacks)
    client.post(reverse("redegorelse:statusreport-introduction", args=[2009]), {"text": "Ny indledning."})
    export(client, capture=django_capture_on_commit_callbacks)
    assert StatusReportExport.objects.finished().count() == 2


def test_it_gives_a_second_request_while_a_job_is_active_the_same_job(round_2009, bif_user, admin_user):
    first, created = workflow.request_export(round=round_2009, edition=Edition.DRAFT, by=bif_user)
    second, created_again = workflow.request_export(round=round_2009, edition=Edition.DRAFT, by=admin_user)
    assert created and not created_again
    assert first.pk == second.pk
    # The database refuses a second active job even if both got past the checks.
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusReportExport.objects.create(round=round_2009, edition=Edition.DRAFT, input_hash="x", status="running")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_gives_two_people_pressing_export_at_once_one_job(round_2009, bif_user, admin_user):
    """Two requests in two threads, each with its own database connection, released together."""
    require_postgresql()  # SQLite allows one writer at a time, so there is no race to test
    start = threading.Barrier(2, timeout=30)

    def press_export(user):
        try:
            start.wait()
            export, created = workflow.request_export(round=round_2009, edition=Edition.DRAFT, by=user, enqueue=False)
            return export.pk, created
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(press_export, [bif_user, admin_user]))
    assert sorted(created for _pk, created in results) == [False, True]
    assert results[0][0] == results[1][0]
    assert StatusReportExport.objects.count() == 1


def test_it_refuses_the_final_edition_while_a_report_is_unapproved(client_for, bif_user, round_2009):
    response = export(client_for(bif_user), edition="final")
    assert (
        "kræver, at alle forvaltningers redegørelser er godkendt"
        in client_for(bif_user).get(response.url).content.decode()
    )
    assert not StatusReportExport.objects.exists()


def test_it_marks_a_job_whose_worker_died_as_failed_and_lets_it_be_retried(
    client_for, bif_user, round_2009, django_capture_on_commit_callbacks
):
    stale = StatusReportExport.objects.create(
        round=round_2009,
        edition=Edition.DRAFT,
        input_hash="x",
        status=ExportStatus.RUNNING,
        heartbeat_at=timezone.now() - timezone.timedelta(hours=1),
    )
    client = client_for(bif_user)
    html = client.get(reverse("redegorelse:statusreport", args=[2009])).content.decode()
    stale.refresh_from_db()
    assert stale.status == ExportStatus.FAILED
    assert "holdt op med at svare" in html
    export(client, capture=django_capture_on_commit_callbacks)
    assert StatusReportExport.objects.finished().count() == 1


def test_it_cancels_a_queued_job_so_the_worker_skips_it(client_for, bif_user, round_2009):
    job, _created = workflow.request_export(round=round_2009, edition=Edition.DRAFT, by=bif_user)
    response = client_for(bif_user).post(reverse("redegorelse:statusreport-cancel", args=[2009, job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ExportStatus.CANCELLED
    with mock.patch("redegorelse.tasks.build_pdf") as build:
        run_export(job)
    build.assert_not_called()
    assert not job.file


def test_it_stops_a_running_job_at_the_next_heartbeat_after_cancel(round_2009, bif_user):
    job, _created = workflow.request_export(round=round_2009, edition=Edition.DRAFT, by=bif_user)
    assert job.start()
    job.beat(40, "Sætter side 3")
    job.cancel(by=bif_user)
    with pytest.raises(Cancelled):
        job.beat(50, "Sætter side 4")


def test_it_fails_with_a_reason_and_lists_no_file_when_rendering_breaks(round_2009, bif_user):
    job, _created = workflow.request_export(round=round_2009, edition=Edition.DRAFT, by=bif_user)
    with mock.patch("redegorelse.tasks.build_pdf", side_effect=OSError("disken er fuld")), pytest.raises(OSError):
        run_export(job)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert "disken er fuld" in job.error
    assert not StatusReportExport.objects.finished().exists()


def test_it_shows_the_progress_of_a_running_job(client_for, bif_user, round_2009):
    job, _created = workflow.request_export(round=round_2009, edition=Edition.DRAFT, by=bif_user)
    job.start()
    job.beat(37, "Sætter side 12")
    html = client_for(bif_user).get(reverse("redegorelse:statusreport-progress", args=[2009, job.pk])).content.decode()
    assert 'value="37"' in html
    assert "Sætter side 12" in html
    assert "hx-trigger" in html


@pytest.mark.parametrize("who", ["tmf_worker", "tmu_secretary"])
def test_it_denies_other_roles_the_export_and_its_files(client_for, request, round_2009, bif_user, who):
    job, _created = workflow.request_export(round=round_2009, edition=Edition.DRAFT, by=bif_user)
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("redegorelse:statusreport", args=[2009])).status_code == 403
    assert export(client).status_code == 403
    assert client.get(reverse("redegorelse:statusreport-download", args=[2009, job.pk])).status_code == 403
    assert client.get(reverse("redegorelse:statusreport-workbook", args=[2009])).status_code == 403


def test_it_lists_the_exports_in_a_fixed_number_of_queries(client_for, bif_user, round_2009):
    client = client_for(bif_user)
    url = reverse("redegorelse:statusreport", args=[2009])

    def queries_with(count):
        StatusReportExport.objects.all().delete()
        for n in range(count):
            StatusReportExport.objects.create(
                round=round_2009, edition=Edition.DRAFT, input_hash=str(n), status="done", requested_by=bif_user
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get(url)
    assert queries_with(2) == queries_with(12) <= 17


def test_it_exports_from_the_command_line(round_2009, tmp_path):
    out, xlsx, err = tmp_path / "statusrapport.pdf", tmp_path / "data.xlsx", io.StringIO()
    call_command(
        "export_statusreport", "2009", "--out", str(out), "--xlsx", str(xlsx), stdout=io.StringIO(), stderr=err
    )
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert xlsx.read_bytes().startswith(b"PK")
    # The progress bar is drawn up to its last step, saving the file.
    assert re.search(r"\[#+\.*\]  97 % Gemmer", err.getvalue())
    export = StatusReportExport.objects.get()
    assert export.sha256 == hashlib.sha256(pdf).hexdigest()

    # Nothing changed: the stored file is copied, without rendering it again.
    again, err = tmp_path / "igen.pdf", io.StringIO()
    with mock.patch("redegorelse.tasks.build_pdf") as build:
        call_command("export_statusreport", "2009", "--out", str(again), stdout=io.StringIO(), stderr=err)
    build.assert_not_called()
    assert "Intet er ændret siden sidste eksport" in err.getvalue()
    assert again.read_bytes() == pdf


def test_the_last_poll_of_a_finished_job_also_updates_the_finished_list(
    client_for, bif_user, round_2009, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    job, _created = workflow.request_export(round=round_2009, edition=Edition.DRAFT, by=bif_user)
    run_export(job)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    client = client_for(bif_user)
    url = reverse("redegorelse:statusreport-progress", args=[2009, job.pk])
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "100 % · Færdig</p>" in html  # not "Færdig: Færdig"
    assert 'id="faerdige-eksporter"' in html
    assert 'hx-swap-oob="true"' in html
    assert "Hent udkast (PDF)" in html
    assert "hx-trigger" not in html
    # Without htmx (a reload) the page itself shows the list.
    page = client.get(reverse("redegorelse:statusreport", args=[2009])).content.decode()
    assert "Hent udkast (PDF)" in page
