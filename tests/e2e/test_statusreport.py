"""BIF exports the samlet statusrapport in the browser: the progress bar reaches 100 %, the PDF
downloads, and the page passes axe. Tasks run at once here (ImmediateBackend), so no worker."""

from pathlib import Path

import pytest

from tests import factories
from tests.e2e.conftest import check_accessibility, log_in
from tests.redegorelse.statusreport_helpers import add_bilag, approve, tiny_pdf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    worker = factories.case_worker("TMF")
    report = factories.report_for("TMF", worker)
    add_bilag(report, worker, 1, "Statusskema", tiny_pdf("BILAGSIDE"))
    approve(report, worker, factories.secretary("TMU"))
    factories.bif_staff()


def test_it_exports_shows_progress_and_downloads_the_pdf(page, setup, tmp_path):
    log_in(page, "bif-medarbejder")
    page.goto("/redegoerelser/runder/2009/")
    page.get_by_role("link", name="Samlet statusrapport").click()
    check_accessibility(page)
    page.get_by_label("Udgave", exact=True).select_option("draft")
    page.get_by_role("button", name="Eksportér statusrapporten som PDF").click()
    bar = page.locator("progress")
    bar.wait_for()
    page.wait_for_function("() => document.querySelector('progress').value === 100")
    assert page.get_by_text("100 % · Færdig").is_visible()
    check_accessibility(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent PDF").click()
    target = tmp_path / "statusrapport.pdf"
    download_info.value.save_as(target)
    assert Path(target).read_bytes().startswith(b"%PDF")
