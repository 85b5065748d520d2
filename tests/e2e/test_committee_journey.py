"""The whole political round trip in the browser: the case worker submits, the secretary sends
it back with reasons, the case worker fixes and resubmits, the secretary approves, and BIF sees
it approved; every page visited passes axe."""

import datetime

import pytest

from redegorelse.models import Decision, ReportStatus
from tests import factories
from tests.e2e.conftest import check_accessibility, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def log_out(page):
    page.get_by_role("button", name="Log af").click()
    page.wait_for_url("**/login/")


def test_it_goes_from_submission_through_send_back_to_approval(page, media):
    worker = factories.case_worker("TMF")
    factories.secretary("TMU")
    factories.bif_staff()
    report = factories.complete_report(factories.report_for("TMF", worker))

    log_in(page, "tmf-sagsbehandler")
    page.goto(f"/redegoerelser/{report.pk}/indsend/")
    page.get_by_role("button", name="Indsend til TMU").click()
    page.get_by_text("Redegørelsen er indsendt til Teknik- og Miljøudvalget.").wait_for()
    factories.backdate_submission(report, datetime.date(2009, 3, 25))  # the meetings below are in 2009
    log_out(page)

    log_in(page, "tmu-sekretaer")
    check_accessibility(page)  # the committee's list
    page.get_by_role("link", name=report.title).click()
    check_accessibility(page)
    page.get_by_label("Tilbagesendt").check()
    page.get_by_label("Mødedato").fill("15.04.2009")
    page.get_by_label("Økonomi").fill("Beskriv finansieringen af helhedsplanerne.")
    page.get_by_role("button", name="Registrér beslutningen").click()
    page.get_by_text("Beslutningen er registreret").wait_for()
    check_accessibility(page)
    log_out(page)

    log_in(page, "tmf-sagsbehandler")
    page.goto(f"/redegoerelser/{report.pk}/")
    assert page.get_by_text("Beskriv finansieringen af helhedsplanerne.").first.is_visible()
    page.get_by_role("button", name="Ret redegørelsen").click()
    page.get_by_label("Økonomi").fill("Helhedsplanerne finansieres af Landsbyggefonden.")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Dine ændringer er gemt.").wait_for()
    page.goto(f"/redegoerelser/{report.pk}/indsend/")
    page.get_by_role("button", name="Indsend til TMU").click()
    page.get_by_text("Redegørelsen er indsendt").wait_for()
    factories.backdate_submission(report, datetime.date(2009, 4, 17))
    log_out(page)

    log_in(page, "tmu-sekretaer")
    page.get_by_role("link", name=report.title).click()
    assert page.get_by_text("Ændret siden udvalget sidst så indstillingen").is_visible()
    check_accessibility(page)
    page.get_by_label("Mødedato").fill("22.04.2009")
    page.get_by_role("button", name="Registrér beslutningen").click()
    check_accessibility(page)  # the confirmation step before the report is frozen
    page.get_by_role("button", name="Bekræft: Godkendt").click()
    page.get_by_text("Godkendt af Teknik- og Miljøudvalget den 22.04.2009").wait_for()
    check_accessibility(page)
    log_out(page)

    log_in(page, "bif-medarbejder")
    check_accessibility(page)  # the overview with the round's progress
    assert page.locator(".state-mark--approved").count() == 1
    page.get_by_role("link", name="Notifikationer (2 nye)").click()
    check_accessibility(page)

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert list(Decision.objects.order_by("pk").values_list("outcome", flat=True)) == ["returned", "approved"]
