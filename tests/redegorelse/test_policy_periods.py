"""Each round keeps the policy in force for its year: a later policy with other goals changes
nothing in an earlier round's report form, submission checks, progress matrix or statusrapport.
Opening a round needs a policy covering its year; "start from last year's report" across a
policy change carries over only what maps, and says what it could not."""

import datetime
import re

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from barometer.models import Goal, Policy
from organisation.models import Committee
from redegorelse.models import GoalAssessment, Initiative, ReportingRound
from redegorelse.statusreport_pdf import gather, render_html
from tests import factories

pytestmark = pytest.mark.django_db

LATER_GOALS = [
    (1, "Beskæftigelse", "PEJLEMÆRKE-ET: flere i job."),
    (2, "Børn og unge", "PEJLEMÆRKE-TO: alle unge i uddannelse."),
    (3, "Ligestilling", "PEJLEMÆRKE-TRE: lige muligheder."),
    (4, "Medborgerskab", "PEJLEMÆRKE-FIRE: flere stemmer."),
    (5, "Ingen diskrimination", "PEJLEMÆRKE-FEM: færre oplever diskrimination."),
]


@pytest.fixture
def old_policy():
    return Policy.objects.get(start_year=2007)


@pytest.fixture
def later_policy():
    """The next policy, 2011–2014, with five goals (pejlemærker); only goal 1 matches 2007–2010's."""
    policy = Policy.objects.create(name="Integrationspolitik", start_year=2011, end_year=2014)
    for number, area, text in LATER_GOALS:
        Goal.objects.create(policy=policy, number=number, area=area, text=text, target_text="Mål.")
    return policy


@pytest.fixture
def report_2009(tmf_worker, later_policy):
    return factories.report_for("TMF", tmf_worker, year=2009)


def old_goal_texts(policy):
    return [g.text for g in policy.goals.order_by("number")]


def test_a_round_keeps_its_policy_when_a_later_one_exists(report_2009, old_policy, later_policy):
    assert report_2009.round.policy == old_policy
    assert [a.goal.policy_id for a in report_2009.assessments.all()] == [old_policy.pk] * 6


def test_the_report_form_shows_the_rounds_six_goals(client_for, tmf_worker, report_2009, old_policy):
    client = client_for(tmf_worker)
    html = client.get(reverse("redegorelse:report-assessments", args=[report_2009.pk])).content.decode()
    assert 'name="assessment-TOTAL_FORMS" value="6"' in html
    assert "PEJLEMÆRKE" not in html
    form_html = client.get(
        reverse("redegorelse:initiative-form", args=[report_2009.pk]), {"initiative-TOTAL_FORMS": 0}
    ).content.decode()
    goal_ids = {g.pk for g in old_policy.goals.all()}
    offered = {int(v) for v in re.findall(r'name="initiative-0-goals" value="(\d+)"', form_html)}
    offered |= {int(v) for v in re.findall(r'value="(\d+)"[^>]*name="initiative-0-goals"', form_html)}
    assert offered == goal_ids


def test_the_submission_checks_cover_the_rounds_six_goals(client_for, tmf_worker, report_2009):
    html = client_for(tmf_worker).get(reverse("redegorelse:report-submit", args=[report_2009.pk])).content.decode()
    for number in range(1, 7):
        assert f"Mål {number}: forvaltningens rolle er ikke valgt." in html
    assert "Mål 7" not in html


def test_the_progress_matrix_offers_the_rounds_goals(client_for, bif_user, report_2009, old_policy):
    client = client_for(bif_user)
    html = client.get(reverse("redegorelse:round-detail", args=[2009])).content.decode()
    assert "6. Sundhed" in html
    assert "Ingen diskrimination" not in html
    assert "integrationspolitik 2007–2010" in html
    goal_6 = client.get(reverse("redegorelse:round-detail", args=[2009]), {"maal": 6})
    assert goal_6.context["goal"] == old_policy.goals.get(number=6)


def test_the_statusreport_shows_the_rounds_six_goals(report_2009, old_policy):
    data = gather(report_2009.round, "draft")
    assert [s.goal.number for s in data.goals] == [1, 2, 3, 4, 5, 6]
    html = render_html(data, {}).replace("\u00ad", "")  # soft hyphens are not text
    for text in old_goal_texts(old_policy):
        assert text in html
    assert "PEJLEMÆRKE" not in html


def test_a_round_for_the_later_years_gets_the_later_policy(client_for, bif_user, later_policy):
    response = client_for(bif_user).post(
        reverse("redegorelse:round-create"), {"year": 2012, "submission_deadline": "31.03.2012"}
    )
    assert response.status_code == 302
    assert ReportingRound.objects.get(year=2012).policy == later_policy


def test_opening_a_round_no_policy_covers_is_refused_in_danish(client_for, bif_user):
    response = client_for(bif_user).post(
        reverse("redegorelse:round-create"), {"year": 2030, "submission_deadline": "31.03.2030"}
    )
    assert response.status_code == 400
    assert "Ingen integrationspolitik dækker 2030" in response.content.decode()
    assert not ReportingRound.objects.filter(year=2030).exists()


def test_a_round_cannot_be_opened_for_a_policy_without_goals(client_for, bif_user):
    Policy.objects.create(name="Tom politik", start_year=2015, end_year=2018)
    response = client_for(bif_user).post(
        reverse("redegorelse:round-create"), {"year": 2016, "submission_deadline": "31.03.2016"}
    )
    assert response.status_code == 400
    assert "har ingen mål endnu" in response.content.decode()


def test_a_used_policy_and_goal_cannot_be_deleted(report_2009, old_policy):
    with pytest.raises(ProtectedError):
        old_policy.delete()
    with pytest.raises(ProtectedError):
        old_policy.goals.get(number=1).delete()


def test_starting_from_last_years_report_across_a_policy_change_says_what_did_not_carry_over(
    client_for, tmf_worker, report_2009, old_policy, later_policy
):
    GoalAssessment.objects.filter(report=report_2009, goal__number=1).update(
        role="primary", realistic="ja", reasons="Jobcentret og byggepladserne."
    )
    GoalAssessment.objects.filter(report=report_2009, goal__number=3).update(role="primary", reasons="Boligerne.")
    housing = Initiative.objects.create(report=report_2009, name="Områdeløft", progress="on_plan")
    housing.goals.set(old_policy.goals.filter(number__in=[1, 3]))
    round_2011 = factories.ReportingRoundFactory(year=2011)
    assert round_2011.policy == later_policy

    response = client_for(tmf_worker).post(
        reverse("redegorelse:report-create", args=["TMF"]),
        {"round": round_2011.pk, "copy_previous": "1"},
        follow=True,
    )
    html = response.content.decode()
    report = round_2011.reports.get()
    assert "Kun mål med samme nummer og titel i begge politikker er ført over." in html
    for number, area in [(2, "Uddannelse"), (3, "Bolig"), (6, "Sundhed")]:
        assert f"Mål {number} ({area}) findes ikke i den nye politik" in html
    assert "Mål 1 (Beskæftigelse) findes ikke" not in html
    assessments = {a.goal.number: a for a in report.assessments.select_related("goal")}
    assert sorted(assessments) == [1, 2, 3, 4, 5]
    assert all(a.goal.policy_id == later_policy.pk for a in assessments.values())
    assert assessments[1].reasons == "Jobcentret og byggepladserne."
    assert assessments[3].reasons == ""  # "Ligestilling" is not "Bolig"
    copied = report.initiatives.get()
    assert [g.number for g in copied.goals.all()] == [1]
    assert [g.policy_id for g in copied.goals.all()] == [later_policy.pk]
    # The note stays in the report's history, not only in the one-time message.
    assert "findes ikke i den nye politik" in report.revisions.get().comment


def test_starting_from_last_year_within_one_policy_carries_everything_silently(client_for, tmf_worker, report_2009):
    GoalAssessment.objects.filter(report=report_2009, goal__number=6).update(reasons="Sundhed.")
    round_2010 = factories.ReportingRoundFactory(year=2010, submission_deadline=datetime.date(2010, 3, 31))
    response = client_for(tmf_worker).post(
        reverse("redegorelse:report-create", args=["TMF"]), {"round": round_2010.pk, "copy_previous": "1"}, follow=True
    )
    assert "ført over" not in response.content.decode()
    assert round_2010.reports.get().assessments.get(goal__number=6).reasons == "Sundhed."


def test_a_department_reports_on_the_common_goals_and_its_own_udvalgs(tmf_worker, buf_worker, later_policy):
    Goal.objects.filter(policy=later_policy, number=3).update(committee=Committee.objects.get(abbreviation="TMU"))
    Goal.objects.filter(policy=later_policy, number=4).update(committee=Committee.objects.get(abbreviation="BUU"))
    tmf = factories.report_for("TMF", tmf_worker, year=2011)
    buf = factories.report_for("BUF", buf_worker, year=2011)
    assert [a.goal.number for a in tmf.assessments.order_by("goal__number")] == [1, 2, 3, 5]
    assert [a.goal.number for a in buf.assessments.order_by("goal__number")] == [1, 2, 4, 5]


def test_the_document_names_its_own_policys_goals_and_end_year(client_for, tmf_worker, later_policy):
    """A report in the 2011–2014 policy says "fem mål" and 2014, not the 2007–2010 wording."""
    report = factories.report_for("TMF", tmf_worker, year=2012)
    html = client_for(tmf_worker).get(reverse("redegorelse:report-detail", args=[report.pk])).content.decode()
    assert "Integrationspolitikkens fem mål er:" in html
    assert "integrationspolitikkens mål i 2014 inden for hvert fagområde" in html
    assert "seks mål" not in html and "mål i 2010" not in html
