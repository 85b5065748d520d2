"""The barometer in the report: the department's indicators beside each goal assessment, the
Videre proces rule and the contradiction check at submission."""

import pytest
from django.urls import reverse

from barometer.models import Goal
from organisation.models import Department
from redegorelse.models import GoalAssessment, Initiative, ReportStatus
from tests import factories
from tests.barometer.factories import IndicatorFactory, with_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(tmf_worker):
    return factories.complete_report(factories.report_for("TMF", tmf_worker))


def housing_indicator(values):
    """A TMF indicator for goal 3 with the given half-yearly values (higher is better, 40 → 50)."""
    indicator = IndicatorFactory(
        code="BO9",
        name="Andel i beskæftigelse i udsatte boligområder",
        goal=Goal.objects.filter(policy__start_year=2007).order_by("number").get(number=3),
        departments=[Department.objects.get(abbreviation="TMF")],
    )
    return with_series(indicator, values)


def submit(client, report):
    return client.post(reverse("redegorelse:report-submit", args=[report.pk]), follow=True)


def test_it_shows_the_departments_indicators_beside_each_goal(client_for, tmf_worker, report):
    housing_indicator([40, 38])
    html = client_for(tmf_worker).get(reverse("redegorelse:report-assessments", args=[report.pk])).content.decode()
    assert "BO9 Andel i beskæftigelse i udsatte boligområder" in html
    assert "status-badge--red" in html
    assert 'name="assessment-2-no_new_initiative_reason"' in html  # goal 3 asks for an answer
    assert 'name="assessment-0-no_new_initiative_reason"' not in html  # goal 1 does not


def test_it_blocks_submission_until_a_red_indicator_is_answered_with_an_initiative(client_for, tmf_worker, report):
    housing_indicator([40, 38])  # moved the wrong way: rød
    client = client_for(tmf_worker)
    html = client.get(reverse("redegorelse:report-submit", args=[report.pk])).content.decode()
    assert "Mål 3: indikator BO9 (rød) kræver en ny eller styrket indsats" in html
    assert (
        f"{reverse('redegorelse:report-assessments', args=[report.pk])}#id_assessment-2-no_new_initiative_reason"
        in html
    )
    submit(client, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    ongoing = Initiative.objects.create(report=report, name="Fleksibel udlejning", kind="ongoing", progress="on_plan")
    ongoing.goals.set([Goal.objects.filter(policy__start_year=2007).order_by("number").get(number=3)])
    assert (
        "kræver en ny eller styrket indsats"
        in client.get(reverse("redegorelse:report-submit", args=[report.pk])).content.decode()
    )
    ongoing.kind = "strengthened"
    ongoing.save()
    submit(client, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_it_accepts_a_written_reason_instead_of_an_initiative(client_for, tmf_worker, report):
    housing_indicator([40, 40.2])  # within the tolerance: gul
    GoalAssessment.objects.filter(report=report, goal__number=3).update(
        no_new_initiative_reason="Helhedsplanerne er netop styrket i 2008."
    )
    submit(client_for(tmf_worker), report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_it_lets_a_green_indicator_pass_without_an_answer(client_for, tmf_worker, report):
    housing_indicator([40, 42, 44])  # ahead of the line towards 50 in 2010: grøn
    submit(client_for(tmf_worker), report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_it_asks_for_an_explanation_when_a_goal_is_realistic_but_red(client_for, tmf_worker, report):
    housing_indicator([40, 38])
    GoalAssessment.objects.filter(report=report, goal__number=3).update(
        role="primary", realistic="ja", reasons="Vi når målet.", no_new_initiative_reason="Indsatserne virker."
    )
    client = client_for(tmf_worker)
    html = client.get(reverse("redegorelse:report-submit", args=[report.pk])).content.decode()
    assert "Mål 3 er vurderet realistisk, men indikator BO9 (rød) er rød. Forklar vurderingen." in html
    form = client.get(reverse("redegorelse:report-assessments", args=[report.pk])).content.decode()
    assert 'name="assessment-2-red_indicator_explanation"' in form
    GoalAssessment.objects.filter(report=report, goal__number=3).update(
        red_indicator_explanation="Faldet skyldes konjunkturskiftet; helhedsplanerne virker på længere sigt."
    )
    submit(client, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_it_ignores_other_departments_indicators(client_for, tmf_worker, report):
    indicator = housing_indicator([40, 38])
    indicator.departments.set([Department.objects.get(abbreviation="BUF")])
    submit(client_for(tmf_worker), report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
