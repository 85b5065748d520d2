"""Issue 14 item 15: the server is down when Gem is pressed. The Danish error page says that what
was just sent may not be saved; opening the page again offers the text back from the browser."""

from pathlib import Path

import pytest
from django.urls import reverse

from redegorelse.models import Report
from tests import factories
from tests.e2e.conftest import check_accessibility, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ERROR_PAGE = (Path(__file__).resolve().parents[2] / "templates" / "500.html").read_text(encoding="utf-8")


def test_text_typed_while_the_server_is_down_is_offered_back(page):
    worker = factories.case_worker("TMF")
    report = factories.report_for("TMF", worker)
    edit = reverse("redegorelse:report-edit", args=[report.pk])
    log_in(page, worker.username)
    page.goto(edit)

    def server_down(route):
        if route.request.method == "POST":
            route.fulfill(status=500, content_type="text/html; charset=utf-8", body=ERROR_PAGE)
        else:
            route.continue_()

    page.route("**/redegoerelser/**", server_down)
    typed = "Et langt afsnit, som ikke må gå tabt, skrevet mens serveren var nede."
    page.get_by_label("Problemstilling").fill(typed)
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("det, du lige sendte, er måske ikke gemt").wait_for()
    assert Report.objects.get(pk=report.pk).problem == ""

    page.unroute("**/redegoerelser/**")
    page.goto(edit)
    page.get_by_text("Du har tekst, der ikke blev gemt").wait_for()
    assert page.get_by_label("Problemstilling").input_value() == ""
    check_accessibility(page)
    page.get_by_role("button", name="Sæt teksten ind igen").click()
    assert page.get_by_label("Problemstilling").input_value() == typed
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Dine ændringer er gemt.").wait_for()
    assert Report.objects.get(pk=report.pk).problem == typed
    page.goto(edit)
    assert page.get_by_text("Du har tekst, der ikke blev gemt").count() == 0  # saved: nothing to offer
