"""Each role signs in through the browser and lands on an accessible start page of its own."""

import pytest

from tests import factories
from tests.e2e.conftest import check_accessibility, log_in

# Transactional: the live server reads what the test writes. serialized_rollback restores the
# reference data (departments, goals) that the flush after each test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_shows_an_accessible_login_page(page):
    page.goto("/")
    assert page.url.endswith("/login/?next=/")
    assert page.locator("html").get_attribute("lang") == "da"
    check_accessibility(page)


def test_it_explains_a_wrong_password_accessibly(page):
    factories.case_worker("TMF")
    log_in(page, "tmf-sagsbehandler", password="forkert")
    assert page.get_by_text("Brugernavn eller adgangskode er forkert").first.is_visible()
    check_accessibility(page)


@pytest.mark.parametrize(
    ("make_user", "heading"),
    [
        (lambda: factories.case_worker("TMF"), "Teknik- og Miljøforvaltningen"),
        (lambda: factories.secretary("TMU"), "Teknik- og Miljøudvalget"),
        (lambda: factories.bif_staff(), "Alle forvaltninger"),
        (lambda: factories.administrator(), "Alle forvaltninger"),
    ],
    ids=["case-worker", "secretary", "bif-staff", "administrator"],
)
def test_it_lands_each_role_on_its_start_page(page, make_user, heading):
    user = make_user()
    log_in(page, user.username)
    assert page.get_by_role("heading", level=1).inner_text() == heading
    check_accessibility(page)
    page.get_by_role("button", name="Log af").click()
    page.wait_for_url("**/login/")


def test_it_changes_the_password_and_shows_the_accessibility_statement(page):
    factories.case_worker("TMF")
    log_in(page, "tmf-sagsbehandler")
    page.get_by_role("link", name="Skift adgangskode").click()
    check_accessibility(page)
    page.get_by_label("Gammel adgangskode").fill("test-password")
    page.get_by_label("Ny adgangskode", exact=True).fill("Integration-2010!")
    page.get_by_label("Bekræftelse af ny adgangskode").fill("Integration-2010!")
    page.get_by_role("button", name="Skift adgangskode").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Adgangskoden er skiftet"
    page.get_by_role("link", name="Tilgængelighedserklæring").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tilgængelighedserklæring"
    check_accessibility(page)
