"""Every role finds the menu and "Log af" at phone and desktop width, with and without JavaScript, and
no page of the demo scrolls sideways at 320 CSS px (WCAG 1.4.10 reflow)."""

import pytest
from django.core.management import call_command

from tests import factories
from tests.e2e.conftest import check_accessibility, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROLES = {
    "case-worker": (lambda: factories.case_worker("TMF"), "Teknik- og Miljøforvaltningen"),
    "secretary": (lambda: factories.secretary("TMU"), "Teknik- og Miljøudvalget"),
    "bif-staff": (lambda: factories.bif_staff(), "Alle forvaltninger"),
}


def sideways_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("role", ROLES, ids=list(ROLES))
def test_it_opens_the_mobile_menu_and_logs_out_at_375_px(page, role):
    make_user, heading = ROLES[role]
    user = make_user()
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, user.username)
    assert page.get_by_role("heading", level=1).inner_text() == heading
    # The desktop menu and "Log af" are folded away; the menu button replaces them.
    assert not page.locator(".navigation-menu").is_visible()
    check_accessibility(page)
    assert sideways_overflow(page) <= 0

    page.get_by_role("button", name="Menu").click()
    drawer = page.locator("#mobile-menu")
    assert drawer.is_visible()
    assert drawer.get_by_role("link", name="Notifikationer").is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Luk"
    check_accessibility(page)

    drawer.get_by_role("link", name="Notifikationer").click()
    page.wait_for_url("**/notifikationer/")
    assert not page.locator("#mobile-menu").is_visible()

    page.get_by_role("button", name="Menu").click()
    page.keyboard.press("Escape")
    assert not page.locator("#mobile-menu").is_visible()

    page.get_by_role("button", name="Menu").click()
    page.locator("#mobile-menu").get_by_role("button", name="Log af").click()
    page.wait_for_url("**/login/")


@pytest.mark.parametrize("role", ROLES, ids=list(ROLES))
def test_it_shows_the_menu_in_the_header_at_1280_px(page, role):
    make_user, heading = ROLES[role]
    user = make_user()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, user.username)
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator(".navigation-menu").get_by_role("link", name="Notifikationer").is_visible()
    check_accessibility(page)
    page.locator(".header .additional-info").get_by_role("button", name="Log af").click()
    page.wait_for_url("**/login/")


def test_the_menu_opens_without_javascript(browser, live_server):
    factories.case_worker("TMF")
    context = browser.new_context(
        base_url=live_server.url, locale="da-DK", java_script_enabled=False, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    try:
        log_in(page, "tmf-sagsbehandler")
        assert not page.locator("#mobile-menu").is_visible()
        page.get_by_role("link", name="Menu").click()
        drawer = page.locator("#mobile-menu")
        assert drawer.is_visible()
        drawer.get_by_role("button", name="Log af").click()
        page.wait_for_url("**/login/")
    finally:
        context.close()


def main_pages(page):
    """The start page's and the menu's links, the way a user of the role would walk them."""
    hrefs = page.eval_on_selector_all(
        "#mobile-menu a[href^='/'], main a[href^='/']", "links => links.map(link => link.getAttribute('href'))"
    )
    skip = ("/pdf/", "/bilag/", "eksport", ".xlsx", ".json", "/admin/", "/arkiv/")
    seen = []
    for href in hrefs:
        href = href.split("#")[0]
        if href and href not in seen and not any(part in href for part in skip):
            seen.append(href)
    return seen


@pytest.mark.parametrize(
    "username", ["tmf-sagsbehandler", "buf-sagsbehandler", "tmu-sekretaer", "bif-medarbejder", "admin"]
)
def test_no_page_scrolls_sideways_at_320_px(page, settings, username):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    page.set_viewport_size({"width": 320, "height": 640})
    log_in(page, username, password="demo")
    start = page.url
    pages = [start, *main_pages(page)]
    # One level further: the report and the barometer pages the start page leads to.
    for href in list(pages[1:]):
        page.goto(href)
        pages.extend(link for link in main_pages(page) if link not in pages)
    overflowing = []
    for href in pages[:60]:
        response = page.goto(href)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        if sideways_overflow(page) > 0:
            overflowing.append((href, page.evaluate("document.documentElement.scrollWidth")))
    assert len(pages) > 5
    assert not overflowing, f"These pages scroll sideways at 320 px: {overflowing}"
