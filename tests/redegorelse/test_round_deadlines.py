"""Opening a round whose deadlines already lie in the past warns BIF, naming each such deadline;
every page that shows a department's deadline shows its own, not the round's common one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from organisation.models import Department
from redegorelse import workflow
from redegorelse.models import DepartmentDeadline
from tests import factories

pytestmark = pytest.mark.django_db


def test_it_warns_about_deadlines_before_today(client_for, bif_user):
    tmf = Department.objects.get(abbreviation="TMF")
    data = {"year": 2009, "submission_deadline": "31.03.2009", f"deadline_{tmf.pk}": "15.04.2009"}
    response = client_for(bif_user).post(reverse("redegorelse:round-create"), data, follow=True)
    html = response.content.decode()
    assert "Indberetningsrunden for 2009 er åbnet." in html
    assert "Bemærk: disse frister ligger allerede før i dag" in html
    assert "Fælles frist for indsendelse (31.03.2009)" in html
    assert "Teknik- og Miljøforvaltningen (15.04.2009)" in html


def test_it_does_not_warn_about_future_deadlines(client_for, bif_user):
    next_year = timezone.localdate().year + 1
    factories.policy_covering(next_year, next_year + 3)
    deadline = datetime.date(next_year, 3, 31).strftime("%d.%m.%Y")
    data = {"year": next_year, "submission_deadline": deadline}
    html = client_for(bif_user).post(reverse("redegorelse:round-create"), data, follow=True).content.decode()
    assert "er åbnet." in html
    assert "Bemærk: disse frister" not in html


def test_it_shows_the_departments_own_deadline_on_its_pages(client_for, tmf_worker, tmu_secretary):
    """TMF's deadline in 2009 is 15.04.2009, not the common 31.03.2009: on the report's page, the
    forvaltning's page (its reports and the round it can start) and the udvalg's page."""
    tmf = Department.objects.get(abbreviation="TMF")
    report = factories.complete_report(factories.report_for("TMF", tmf_worker))
    DepartmentDeadline.objects.create(round=report.round, department=tmf, deadline=datetime.date(2009, 4, 15))
    factories.policy_covering(2011, 2014)
    later = factories.ReportingRoundFactory(year=2011)
    DepartmentDeadline.objects.create(round=later, department=tmf, deadline=datetime.date(2011, 5, 2))
    workflow.submit(report, by=tmf_worker)
    pages = [
        (tmf_worker, reverse("redegorelse:report-detail", args=[report.pk]), "Frist for indsendelse: 15.04.2009."),
        (tmf_worker, reverse("home:department-detail", args=["TMF"]), "<td>15.04.2009</td>"),
        (tmf_worker, reverse("home:department-detail", args=["TMF"]), "Redegørelse 2011 (frist 02.05.2011)"),
        (tmu_secretary, reverse("home:committee-detail", args=["TMU"]), "<td>15.04.2009</td>"),
    ]
    for user, url, shown in pages:
        html = client_for(user).get(url).content.decode()
        assert shown in html, url
        assert "31.03.2009" not in html, url
