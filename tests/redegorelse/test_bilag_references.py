"""After "start from last year" the text keeps sentences like "Som bilag 4 er vedlagt …" while the
bilag were not copied; the submission check flags each such reference with a link to the text."""

import pytest
from django.urls import reverse

from redegorelse.completeness import missing_for_submission
from redegorelse.models import Initiative, Report
from tests import factories
from tests.redegorelse.statusreport_helpers import add_bilag, tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def copied(client_for, tmf_worker):
    last_year = factories.complete_report(factories.report_for("TMF", tmf_worker))
    Report.objects.filter(pk=last_year.pk).update(
        next_steps="Som bilag 4 er vedlagt statusskemaer for integrationsindsatser.",
    )
    add_bilag(last_year, tmf_worker, 1, "Helhedsplan", tiny_pdf("Bilag 1"))
    Initiative.objects.create(
        report=last_year, name="Områdeløft", progress="on_plan", description="Se bilag 1 for planen."
    )
    round_2010 = factories.ReportingRoundFactory(year=2010)
    client_for(tmf_worker).post(
        reverse("redegorelse:report-create", args=["TMF"]), {"round": round_2010.pk, "copy_previous": "1"}
    )
    return Report.objects.get(round=round_2010)


def test_the_submit_check_flags_references_to_bilag_that_were_not_copied(client_for, tmf_worker, copied):
    assert not copied.attachments.exists()
    messages = {item.message: item.url for item in missing_for_submission(copied)}
    next_steps = next(m for m in messages if "henviser til bilag 4" in m)
    assert "»Som bilag 4 er vedlagt statusskemaer" in next_steps
    assert messages[next_steps] == reverse("redegorelse:report-edit", args=[copied.pk]) + "#id_next_steps"
    initiative = next(m for m in messages if "henviser til bilag 1" in m)
    assert initiative.startswith("Indsatsen »Områdeløft«")
    assert messages[initiative].endswith("#id_initiative-0-description")

    html = client_for(tmf_worker).get(reverse("redegorelse:report-submit", args=[copied.pk])).content.decode()
    assert "Videre proces henviser til bilag 4, som redegørelsen ikke har" in html
    assert 'href="' + reverse("redegorelse:report-edit", args=[copied.pk]) + '#id_next_steps"' in html


def test_a_reference_to_a_bilag_the_report_has_is_not_flagged(tmf_worker, copied):
    add_bilag(copied, tmf_worker, 1, "Ny helhedsplan", tiny_pdf("Bilag 1"))
    messages = [item.message for item in missing_for_submission(copied)]
    assert not any("henviser til bilag 1" in m for m in messages)
    assert any("henviser til bilag 4" in m for m in messages)
