"""The export page stays consistent when a job finishes while BIF watches it: the progress says
"100 % · Færdig" once, and the list of finished exports shows the new PDF without a reload."""

import pytest

from redegorelse.models import StatusReportExport
from redegorelse.tasks import run_export
from tests import factories
from tests.e2e.conftest import check_accessibility, log_in
from tests.redegorelse.statusreport_helpers import add_bilag, approve, tiny_pdf

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_finished_list_updates_when_the_job_finishes(page, settings, tmp_path, width):
    settings.MEDIA_ROOT = tmp_path
    worker = factories.case_worker("TMF")
    report = factories.report_for("TMF", worker)
    add_bilag(report, worker, 1, "Statusskema", tiny_pdf("BILAGSIDE"))
    approve(report, worker, factories.secretary("TMU"))
    factories.bif_staff()

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "bif-medarbejder")
    page.goto("/redegoerelser/runder/2009/statusrapport/")
    page.get_by_label("Udgave", exact=True).select_option("draft")
    page.get_by_role("button", name="Eksportér statusrapporten som PDF").click()
    page.locator("progress").wait_for()
    finished = page.locator("#faerdige-eksporter")
    assert finished.get_by_text("Der er ikke lavet et udkast endnu.").is_visible()

    # The worker runs the job while the page polls.
    run_export(StatusReportExport.objects.get())
    finished.get_by_role("link", name="Hent udkast (PDF)").wait_for()
    assert not finished.get_by_text("Der er ikke lavet et udkast endnu.").is_visible()
    status = page.locator(".export-progress [role=status]")
    assert status.inner_text() == "100 % · Færdig"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check_accessibility(page)
