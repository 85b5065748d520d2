"""The paged history in a browser: the DKFDS pagination passes axe, its numbered links (wide screen)
and its "Side X af Y" with arrows (phone) both lead to the next page, without JavaScript."""

import pytest
from django.urls import reverse

from redegorelse.models import FieldChange, ReportRevision, RevisionKind
from tests import factories
from tests.e2e.conftest import check_accessibility, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def long_history():
    worker = factories.case_worker("TMF")
    factories.ReportingRoundFactory(year=2009)
    report = factories.report_for("TMF", worker)
    revisions = ReportRevision.objects.bulk_create(
        ReportRevision(report=report, version=n, by=worker, kind=RevisionKind.EDITED) for n in range(2, 32)
    )
    FieldChange.objects.bulk_create(
        FieldChange(revision=r, label="Problemstilling", old="før", new=f"ændring {r.version}") for r in revisions
    )
    return report


def test_the_history_pages_are_accessible_and_work_without_javascript(page, long_history):
    log_in(page, "tmf-sagsbehandler")
    page.goto(reverse("redegorelse:report-history", args=[long_history.pk]))
    navigation = page.get_by_role("navigation", name="Sider i historikken")
    assert navigation.get_by_role("link", name="Side 1").get_attribute("aria-current") == "page"
    check_accessibility(page)
    navigation.get_by_role("link", name="Side 2").click()
    page.get_by_text("ændring 6", exact=True).wait_for()
    assert page.get_by_text("ændring 31", exact=True).count() == 0
    check_accessibility(page)

    page.set_viewport_size({"width": 375, "height": 800})  # a phone: "Side X af Y" between the arrows
    page.goto(reverse("redegorelse:report-history", args=[long_history.pk]))
    assert page.get_by_text("Side 1 af 2").is_visible()
    page.get_by_role("link", name="Næste side").click()
    page.get_by_text("Side 2 af 2").wait_for()
    check_accessibility(page)
