"""After "Tilføj indsats" inserts the new form, the empty-state text is gone and focus is in the new
indsats, so a keyboard user can type at once."""

import pytest

from tests import factories
from tests.e2e.conftest import check_accessibility, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_focus_moves_to_the_new_indsats(page):
    worker = factories.case_worker("TMF")
    report = factories.report_for("TMF", worker)
    log_in(page, "tmf-sagsbehandler")
    page.goto(f"/redegoerelser/{report.pk}/indsatser/")
    assert page.get_by_text("Der er ingen indsatser endnu.").is_visible()
    page.get_by_role("button", name="Tilføj indsats").click()
    page.locator("#ny-indsats").wait_for()
    assert page.get_by_text("Der er ingen indsatser endnu.").count() == 0
    assert page.evaluate("document.activeElement.name") == "initiative-0-name"
    check_accessibility(page)
