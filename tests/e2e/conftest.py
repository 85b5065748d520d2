"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server, and
every page visited can be checked with axe-core for WCAG 2.1 A and AA violations."""

import json
import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the tests
# themselves (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    # A missing browser is a failure, never a skip: CI must not pass without running these.
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium).")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Starting Playwright switches the context Django looks its connections up in, and the
    # connections found there lack the reference data (departments, goals) that the test
    # database saved for serialized_rollback; hand it over so each test can restore it.
    saved = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        for alias, contents in saved.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="da-DK")
    # An init script is not subject to the page's Content-Security-Policy, so axe can be there
    # without the policy being loosened for the tests.
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not violations, f"The pages broke their Content-Security-Policy: {violations}"


def check_accessibility(page):
    """Runs axe-core on the current page and fails with a readable list of violations."""
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not violations, f"axe found WCAG violations on {page.url}:\n{json.dumps(violations, indent=2)}"
    return result


def log_in(page, username, password="test-password"):
    page.goto("/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
