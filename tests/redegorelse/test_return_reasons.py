"""A report sent back shows the committee's reasons where the case worker works: a summary at the
top of every edit page, each reason beside its section, until it is submitted again; the submit
page lists them with what changed since."""

import pytest
from django.urls import reverse

from redegorelse import workflow
from redegorelse.models import Report
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def returned(tmf_worker, tmu_secretary):
    return factories.returned_report(
        tmf_worker,
        tmu_secretary,
        reasons=[
            ("economy", "Beskriv finansieringen af helhedsplanerne."),
            ("initiatives", "Tilføj lektiecaféerne som indsats."),
        ],
    )


def test_the_edit_page_shows_a_summary_and_each_reason_beside_its_section(client_for, tmf_worker, returned):
    html = client_for(tmf_worker).get(reverse("redegorelse:report-edit", args=[returned.pk])).content.decode()
    assert "Teknik- og Miljøudvalget sendte redegørelsen tilbage den 15.04.2009" in html
    summary_link = reverse("redegorelse:report-edit", args=[returned.pk]) + "#afsnit-oekonomi"
    assert f'href="{summary_link}"' in html
    assert reverse("redegorelse:report-initiatives", args=[returned.pk]) in html
    # The economy reason stands inside the economy fieldset, before its text area.
    economy = html.index('id="afsnit-oekonomi"')
    assert economy < html.index("Udvalgets begrundelse for at sende tilbage", economy) < html.index('name="economy"')


def test_the_initiatives_page_shows_its_reason(client_for, tmf_worker, returned):
    html = client_for(tmf_worker).get(reverse("redegorelse:report-initiatives", args=[returned.pk])).content.decode()
    assert "Udvalgets begrundelse for at sende tilbage" in html
    assert "Tilføj lektiecaféerne som indsats." in html


def test_the_submit_page_lists_the_reasons_with_what_changed(client_for, tmf_worker, returned):
    Report.objects.filter(pk=returned.pk).update(economy="Finansieret af Landsbyggefonden.")
    html = client_for(tmf_worker).get(reverse("redegorelse:report-submit", args=[returned.pk])).content.decode()
    assert "Det bad Teknik- og Miljøudvalget om den 15.04.2009" in html
    assert "Beskriv finansieringen af helhedsplanerne." in html
    assert "<ins>Finansieret" in html
    assert "Ikke ændret siden tilbagesendelsen." in html  # the initiatives were not touched


def test_the_reasons_go_away_once_submitted_again(client_for, tmf_worker, returned):
    workflow.submit(returned, by=tmf_worker)
    html = client_for(tmf_worker).get(reverse("redegorelse:report-detail", args=[returned.pk])).content.decode()
    assert "Udvalgets begrundelse for at sende tilbage" not in html


def test_another_department_sees_no_reasons(client_for, buf_worker, returned):
    response = client_for(buf_worker).get(reverse("redegorelse:report-edit", args=[returned.pk]))
    assert response.status_code in (403, 404)
    assert b"Beskriv finansieringen" not in response.content
