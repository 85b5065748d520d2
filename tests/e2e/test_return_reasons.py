"""The case worker of a report sent back sees the committee's reasons on the edit page, at phone and
at desktop width, and can follow each to its section."""

import datetime

import pytest

from redegorelse import workflow
from redegorelse.models import Outcome
from tests import factories
from tests.e2e.conftest import check_accessibility, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_reasons_stand_on_the_edit_page(page, width):
    worker = factories.case_worker("TMF")
    secretary = factories.secretary("TMU")
    report = factories.complete_report(factories.report_for("TMF", worker))
    workflow.submit(report, by=worker)
    report = factories.backdate_submission(report)
    workflow.record_decision(
        report,
        by=secretary,
        version=report.version,
        after_decision=None,
        meeting_date=datetime.date(2009, 4, 15),
        outcome=Outcome.RETURNED,
        decision_text="Indstillingen blev sendt tilbage til forvaltningen.",
        reasons=[("economy", "Beskriv finansieringen af helhedsplanerne.")],
    )
    report.refresh_from_db()
    workflow.resume_editing(report, by=worker)

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "tmf-sagsbehandler")
    page.goto(f"/redegoerelser/{report.pk}/rediger/")
    summary = page.locator(".return-reasons")
    assert summary.get_by_text("sendte redegørelsen tilbage den 15.04.2009").is_visible()
    check_accessibility(page)
    summary.get_by_role("link", name="Økonomi").click()
    economy = page.locator("#afsnit-oekonomi")
    assert economy.get_by_text("Beskriv finansieringen af helhedsplanerne.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
