"""The committee secretary's decision form follows the chosen outcome in the browser, and an approval
goes through the confirmation step, at phone and at desktop width."""

import pytest

from redegorelse import workflow
from redegorelse.models import Decision, ReportStatus
from tests import factories
from tests.e2e.conftest import check_accessibility, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_decision_form_follows_the_outcome_and_confirms_an_approval(page, width):
    worker = factories.case_worker("TMF")
    factories.secretary("TMU")
    report = factories.complete_report(factories.report_for("TMF", worker))
    workflow.submit(report, by=worker)
    factories.backdate_submission(report)  # submitted in spring 2009, before the meeting

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "tmu-sekretaer")
    page.goto(f"/redegoerelser/{report.pk}/beslutning/")
    text = page.get_by_label("Beslutningstekst")
    reasons = page.get_by_role("group", name="Begrundelser ved tilbagesendelse")
    changes = page.get_by_label("Ændringer", exact=True)
    assert text.input_value() == "Indstillingen blev godkendt."
    assert not reasons.is_visible()
    assert not changes.is_visible()
    check_accessibility(page)

    page.get_by_label("Tilbagesendt").check()
    assert text.input_value() == "Indstillingen blev sendt tilbage til forvaltningen."
    assert reasons.is_visible()
    assert not changes.is_visible()
    page.get_by_label("Økonomi").fill("Finansieringen mangler.")
    check_accessibility(page)

    page.get_by_label("Godkendt med ændringer").check()
    assert text.input_value() == "Indstillingen blev godkendt med ændringer."
    assert changes.is_visible()
    assert not reasons.is_visible()

    page.get_by_label("Godkendt", exact=True).check()
    assert text.input_value() == "Indstillingen blev godkendt."
    page.get_by_label("Mødedato").fill("22.04.2009")
    page.get_by_role("button", name="Registrér beslutningen").click()

    # The reason typed for "Tilbagesendt" was not sent with the approval; the step says what is frozen.
    assert page.get_by_role("heading", level=1).inner_text() == "Bekræft beslutningen"
    assert page.get_by_text("kan ikke længere rettes").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check_accessibility(page)
    assert not Decision.objects.exists()
    page.get_by_role("button", name="Bekræft: Godkendt").click()
    page.get_by_text("Godkendt af Teknik- og Miljøudvalget den 22.04.2009").wait_for()
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert not Decision.objects.get().reasons.exists()
