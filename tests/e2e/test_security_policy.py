"""In a real browser, under the Content-Security-Policy, the pages still work: nothing they load or
run is refused, htmx adds an initiative, and the new pages (access log, lockout, single sign-on
button) pass axe."""

import io

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command

from barometer.models import Indicator
from redegorelse.models import Report
from tests import factories
from tests.e2e.conftest import check_accessibility, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def demo_data(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


@pytest.fixture
def watched(page):
    """The e2e page, also listening for the policy's own violation events."""
    refused = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )

    def visit(path):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        refused.extend(page.evaluate("window.__cspViolations"))
        assert not refused, f"{path}: {refused}"

    page.visit = visit
    return page


def test_it_runs_every_kind_of_page_without_a_refusal(watched, demo_data):
    report = Report.objects.get(department__abbreviation="TMF", round__year=2009)
    draft = factories.report_for("TMF", get_user_model().objects.get(username="tmf-sagsbehandler"), year=2010)
    indicator = Indicator.objects.exclude(measurements=None).first()
    log_in(watched, "tmf-sagsbehandler", password="demo")
    for path in [
        "/forvaltninger/TMF/",
        f"/redegoerelser/{report.pk}/",
        f"/redegoerelser/{report.pk}/historik/",
        f"/redegoerelser/{report.pk}/bilag/",
        f"/redegoerelser/{draft.pk}/rediger/",
        f"/redegoerelser/{draft.pk}/maal/",
        "/barometer/",
        f"/barometer/indikatorer/{indicator.code}/",
    ]:
        watched.visit(path)
    # htmx, under the policy: the initiative form comes in without a reload.
    watched.visit(f"/redegoerelser/{draft.pk}/indsatser/")
    watched.get_by_role("button", name="Tilføj indsats").click()
    watched.get_by_label("Navn").first.wait_for()
    assert not watched.evaluate("window.__cspViolations")
    # Nothing in the page put a <style> of htmx's own into the document.
    assert watched.evaluate("document.querySelectorAll('style').length") == 0


def test_it_shows_an_accessible_access_log_to_bif(watched, demo_data):
    log_in(watched, "bif-medarbejder", password="demo")
    watched.visit("/adgangslog/?bruger=tmf")
    assert watched.get_by_role("heading", level=1).inner_text() == "Adgangslog"
    check_accessibility(watched)


def test_it_shows_an_accessible_lockout_page(watched, settings):
    factories.case_worker("TMF")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(watched, "tmf-sagsbehandler", password="forkert")
    assert AccessAttempt.objects.exists()
    assert watched.get_by_role("heading", level=1).inner_text() == "Log ind er midlertidigt spærret"
    check_accessibility(watched)


def test_it_shows_an_accessible_single_sign_on_button(watched, settings):
    settings.OIDC_ENABLED = True
    watched.visit("/login/")
    assert watched.get_by_role("link", name="Log ind med Københavns Kommunes login").is_visible()
    check_accessibility(watched)
