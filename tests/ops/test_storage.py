"""Issue 14 item 14: files are written whole or not at all. A storage that fills up in the middle
of a write (ENOSPC after 300 KB, as the disk-full probe saw) or is read-only leaves no partial
file, stores no row, and the user gets a Danish page saying nothing was saved; /healthz warns
when free space runs low."""

import errno
import io

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from config.storage import AtomicFileSystemStorage
from redegorelse import workflow
from redegorelse.models import ApprovedSnapshot, Attachment, ExportStatus, ReportStatus
from redegorelse.tasks import run_export
from tests import factories

pytestmark = pytest.mark.django_db
ROOM = 300 * 1024


class FillingFile:
    """A file on a disk with ROOM bytes left: the write that goes past them writes what fits,
    then fails as the kernel does."""

    def __init__(self, real, room):
        self.real = real
        self.room = room
        self.written = 0

    def write(self, data):
        if self.written + len(data) > self.room:
            self.real.write(data[: self.room - self.written])
            self.real.flush()
            self.written = self.room
            raise OSError(errno.ENOSPC, "No space left on device")
        self.written += len(data)
        return self.real.write(data)

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()
        return False


class FullStorage(AtomicFileSystemStorage):
    room = ROOM

    def _open_temporary(self, handle):
        return FillingFile(super()._open_temporary(handle), self.room)


class NearlyFullStorage(FullStorage):
    """Room for a few KB: every PDF the service writes is larger."""

    room = 4 * 1024


class ReadOnlyStorage(AtomicFileSystemStorage):
    def _open_temporary(self, handle):
        raise OSError(errno.EROFS, "Read-only file system")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return tmp_path


def use_storage(settings, storage_class):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.{storage_class.__name__}"}}


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def big_pdf(pages=40):
    pdf = pikepdf.new()
    for n in range(pages):
        page = pdf.add_blank_page()
        page.obj.Contents = pdf.make_stream(bytes(f"% page {n} ", "ascii") * 2000)
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=False)
    return buffer.getvalue()


def test_a_whole_file_is_stored_under_its_name_and_nothing_else(media):
    name = AtomicFileSystemStorage(location=media).save("bilag/1/a.pdf", ContentFile(b"%PDF-1.7 whole"))
    assert (media / name).read_bytes() == b"%PDF-1.7 whole"
    assert files_under(media) == ["bilag/1/a.pdf"]
    second = AtomicFileSystemStorage(location=media).save("bilag/1/a.pdf", ContentFile(b"other"))
    assert second != name and (media / name).read_bytes() == b"%PDF-1.7 whole"  # never replaced


def test_a_full_disk_leaves_no_partial_file(media):
    content = ContentFile(b"x" * (ROOM * 2))
    with pytest.raises(OSError) as raised:
        FullStorage(location=media).save("bilag/1/stor.pdf", content)
    assert raised.value.errno == errno.ENOSPC
    assert files_under(media) == []


def test_a_bilag_upload_on_a_full_disk_says_so_in_danish_and_stores_nothing(client_for, tmf_worker, media, settings):
    report = factories.report_for("TMF", tmf_worker)
    raw = big_pdf()
    assert len(raw) > ROOM
    use_storage(settings, FullStorage)
    response = client_for(tmf_worker).post(
        reverse("redegorelse:attachment-list", args=[report.pk]),
        {"title": "Statusskema", "description": "", "file": SimpleUploadedFile("statusskema.pdf", raw)},
    )
    assert response.status_code == 507
    html = response.content.decode()
    assert "lageret er fuldt eller skrivebeskyttet. Intet af det, du sendte, er gemt." in html
    assert not Attachment.objects.exists()
    assert files_under(media) == []


def test_a_read_only_media_folder_gets_the_same_danish_page(client_for, tmf_worker, media, settings):
    report = factories.report_for("TMF", tmf_worker)
    use_storage(settings, ReadOnlyStorage)
    response = client_for(tmf_worker).post(
        reverse("redegorelse:attachment-list", args=[report.pk]),
        {"title": "Statusskema", "description": "", "file": SimpleUploadedFile("a.pdf", big_pdf(1))},
    )
    assert response.status_code == 507
    assert "Filen kunne ikke gemmes" in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_approval_on_a_full_disk_stores_no_decision_and_no_partial_archive(
    client_for, tmf_worker, tmu_secretary, media, settings
):
    report = factories.complete_report(factories.report_for("TMF", tmf_worker))
    workflow.submit(report, by=tmf_worker)
    report.refresh_from_db()
    use_storage(settings, NearlyFullStorage)
    response = client_for(tmu_secretary).post(
        reverse("redegorelse:decision-create", args=[report.pk]),
        {
            "version": report.version,
            "after_decision": "",
            "meeting_date": timezone.localdate().strftime("%d.%m.%Y"),
            "outcome": "approved",
            "decision_text": "Indstillingen blev godkendt.",
            "confirmed": "1",
        },
    )
    assert response.status_code == 507
    assert "Intet af det, du sendte, er gemt." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert not report.decisions.exists() and not ApprovedSnapshot.objects.exists()
    assert files_under(media) == []


def test_an_export_on_a_full_disk_fails_with_a_reason_and_leaves_no_pdf(tmf_worker, tmu_secretary, media, settings):
    from tests.redegorelse.statusreport_helpers import add_bilag, approve

    report = factories.report_for("TMF", tmf_worker)
    add_bilag(report, tmf_worker, 1, "Statusskema", big_pdf())
    approve(report, tmf_worker, tmu_secretary)
    before = files_under(media)
    use_storage(settings, NearlyFullStorage)
    export, _created = workflow.request_export(round=report.round, edition="draft", by=None, enqueue=False)
    with pytest.raises(OSError):
        run_export(export)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert "lageret er fuldt eller skrivebeskyttet" in export.error
    assert not export.file
    # Nothing in statusrapporter/; the statusrapport's pieces that fitted are kept whole in the
    # piece cache (statusreport-pieces/) for the next export.
    pieces = [name for name in files_under(media) if name.startswith("statusreport-pieces/")]
    assert [name for name in files_under(media) if name not in pieces] == before
    for name in pieces:
        assert (media / name).read_bytes().rstrip().endswith(b"%%EOF")


def test_healthz_warns_when_free_space_runs_low(client, media, settings):
    settings.HEALTH_MIN_FREE_MB = 10**9
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "warning"
    assert body["free_space"].startswith("low: ") and "MB free, below 1000000000 MB" in body["free_space"]
