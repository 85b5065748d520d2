"""The case worker of a report sent back sees the committee's reasons on the edit page, at phone and
at desktop width, and can follow each to its section."""

import pytest

from tests import factories
from tests.e2e.conftest import check_accessibility, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_reasons_stand_on_the_edit_page(page, width):
    worker = factories.case_worker("TMF")
    secretary = factories.secretary("TMU")
    report = factories.returned_report(
        worker, secretary, reasons=[("economy", "Beskriv finansieringen af helhedsplanerne.")]
    )

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
