"""BIF's pages for policies, goals and indicators: what BIF may do, what everyone else may not,
the refused overlaps, and the goals that a submitted report has made read-only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from barometer.models import Goal, Indicator, Policy
from organisation.models import Committee, Department
from redegorelse import workflow
from tests import factories
from tests.barometer.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def later_policy():
    return Policy.objects.create(name="Integrationspolitik", start_year=2011, end_year=2014)


def goal_data(**overrides):
    data = {
        "number": 1,
        "area": "Beskæftigelse",
        "text": "Flere indvandrere i job.",
        "target_text": "Beskæftigelsen øges.",
        "target_source": "source",
        "committee": "",
    }
    return {**data, **overrides}


def test_bif_creates_a_policy(client_for, bif_user):
    response = client_for(bif_user).post(
        reverse("barometer:policy-create"), {"name": "Inklusionspolitik", "start_year": 2011, "end_year": 2014}
    )
    policy = Policy.objects.get(start_year=2011)
    assert response.url == reverse("barometer:policy-detail", args=[policy.pk])
    assert policy.end_year == 2014


@pytest.mark.parametrize("who", ["tmf_worker", "tmu_secretary", "roleless_user"])
def test_others_cannot_create_or_change_policies_goals_or_indicators(client_for, request, who, later_policy):
    client = client_for(request.getfixturevalue(who))
    goal = Goal.objects.create(policy=later_policy, number=1, area="Job", text="Tekst.", target_text="Mål.")
    posts = [
        (reverse("barometer:policy-create"), {"name": "X", "start_year": 2015, "end_year": 2018}),
        (reverse("barometer:policy-edit", args=[later_policy.pk]), {"name": "X", "start_year": 2011, "end_year": 2011}),
        (reverse("barometer:goal-create", args=[later_policy.pk]), goal_data(number=2)),
        (reverse("barometer:goal-edit", args=[goal.pk]), goal_data(text="Ændret.")),
        (reverse("barometer:indicator-create"), {"code": "Z1", "goal": goal.pk}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    assert client.get(reverse("barometer:policy-list")).status_code == 403
    assert Policy.objects.count() == 2
    later_policy.refresh_from_db()
    goal.refresh_from_db()
    assert (later_policy.name, later_policy.end_year, goal.text) == ("Integrationspolitik", 2014, "Tekst.")
    assert list(later_policy.goals.all()) == [goal]
    assert not Indicator.objects.filter(code="Z1").exists()


def test_an_overlapping_period_is_refused_in_danish(client_for, bif_user):
    response = client_for(bif_user).post(
        reverse("barometer:policy-create"), {"name": "Ny politik", "start_year": 2010, "end_year": 2012}
    )
    assert response.status_code == 400
    assert "Perioden overlapper" in response.content.decode()
    assert Policy.objects.count() == 1


def test_a_period_must_keep_covering_the_policys_rounds(client_for, bif_user, tmf_worker):
    factories.report_for("TMF", tmf_worker, year=2009)
    policy = Policy.objects.get(start_year=2007)
    response = client_for(bif_user).post(
        reverse("barometer:policy-edit", args=[policy.pk]), {"name": policy.name, "start_year": 2010, "end_year": 2010}
    )
    assert response.status_code == 400
    assert "Runden for 2009 ligger uden for den nye periode" in response.content.decode()
    policy.refresh_from_db()
    assert policy.start_year == 2007


def test_the_policy_list_takes_a_fixed_number_of_queries(client_for, bif_user, later_policy):
    client = client_for(bif_user)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("barometer:policy-list")).status_code == 200
        return len(context.captured_queries)

    few = queries()
    for start in (2015, 2019, 2023):
        Policy.objects.create(name="Politik", start_year=start, end_year=start + 3)
    assert queries() == few


def test_bif_adds_goals_common_or_owned_by_one_committee(client_for, bif_user, later_policy):
    client = client_for(bif_user)
    url = reverse("barometer:goal-create", args=[later_policy.pk])
    assert client.get(url).context["form"].initial["number"] == 1
    client.post(url, goal_data())
    tmu = Committee.objects.get(abbreviation="TMU")
    client.post(url, goal_data(number=2, area="Byrum", committee=tmu.pk))
    goals = list(later_policy.goals.order_by("number"))
    assert [(g.number, g.committee) for g in goals] == [(1, None), (2, tmu)]
    html = client.get(reverse("barometer:policy-detail", args=[later_policy.pk])).content.decode()
    assert "Fælles mål for alle udvalg." in html and "Udvalgets eget mål: Teknik- og Miljøudvalget." in html
    duplicate = client.post(url, goal_data(number=2))
    assert duplicate.status_code == 400
    assert "Politikken har allerede et mål nr. 2." in duplicate.content.decode()


def test_a_goal_is_editable_until_a_report_of_its_policy_is_submitted(client_for, bif_user, tmf_worker):
    client = client_for(bif_user)
    goal = Goal.objects.get(policy__start_year=2007, number=1)
    original = goal.text
    report = factories.report_for("TMF", tmf_worker, year=2009)
    # A draft exists: the text can still be corrected, but no goal can be added.
    assert (
        client.post(reverse("barometer:goal-edit", args=[goal.pk]), goal_data(text="Rettet tekst.")).status_code == 302
    )
    goal.refresh_from_db()
    assert goal.text == "Rettet tekst."
    refused = client.post(reverse("barometer:goal-create", args=[goal.policy_id]), goal_data(number=7), follow=True)
    assert "kan politikken ikke få flere mål" in refused.content.decode()
    assert goal.policy.goals.count() == 6
    workflow.submit(factories.complete_report(report), by=tmf_worker)
    # Submitted: the goal is part of the record and read-only.
    page = client.get(reverse("barometer:goal-edit", args=[goal.pk]))
    assert "Målet kan ikke ændres" in page.content.decode() and "form" not in page.context
    after = client.post(reverse("barometer:goal-edit", args=[goal.pk]), goal_data(text=original), follow=True)
    assert "kan ikke ændres" in after.content.decode()
    goal.refresh_from_db()
    assert goal.text == "Rettet tekst."


def test_bif_creates_and_edits_an_indicator(client_for, bif_user, later_policy):
    goal = Goal.objects.create(policy=later_policy, number=1, area="Job", text="Tekst.", target_text="Mål.")
    client = client_for(bif_user)
    page = client.get(reverse("barometer:indicator-create"), {"maal": goal.pk})
    assert page.context["form"].initial["target_year"] == 2014
    assert client.get(reverse("barometer:indicator-create"), {"maal": "x'"}).status_code == 200
    data = {
        "goal": goal.pk,
        "code": "J1",
        "name": "Beskæftigelsesfrekvens",
        "description": "",
        "unit": "percent",
        "direction": "higher",
        "departments": [Department.objects.get(abbreviation="BIF").pk],
        "data_source": "Danmarks Statistik",
        "baseline_value": "45,5",
        "baseline_year": 2010,
        "baseline_half": 2,
        "target_value": "55",
        "target_year": 2014,
        "tolerance": "0,5",
        "is_active": "on",
        "definition_version": 1,
    }
    response = client.post(reverse("barometer:indicator-create"), data)
    assert response.url == reverse("barometer:policy-detail", args=[later_policy.pk])
    indicator = Indicator.objects.get(code="J1")
    assert str(indicator.baseline_value) == "45.500"
    edit = client.post(
        reverse("barometer:indicator-edit", args=["J1"]), {**data, "code": "J9", "name": "Beskæftigelse (ny)"}
    )
    assert edit.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.code, indicator.name) == ("J1", "Beskæftigelse (ny)")  # the code is fixed


def test_an_indicator_with_measurements_keeps_its_unit_and_its_policy(client_for, bif_user, later_policy):
    indicator = IndicatorFactory(code="B7", unit="percent")
    MeasurementFactory(indicator=indicator)
    later_goal = Goal.objects.create(policy=later_policy, number=1, area="Job", text="Tekst.", target_text="Mål.")
    form = client_for(bif_user).get(reverse("barometer:indicator-edit", args=["B7"])).context["form"]
    assert form.fields["unit"].disabled
    assert later_goal not in form.fields["goal"].queryset


def test_the_barometer_overview_shows_the_policy_in_force_or_the_one_chosen(client_for, tmf_worker, later_policy):
    Goal.objects.create(policy=later_policy, number=1, area="Job", text="PEJLEMÆRKE-ET.", target_text="Mål.")
    client = client_for(tmf_worker)
    # 2026 is covered by neither; the latest policy that has started is shown.
    assert "PEJLEMÆRKE-ET." in client.get(reverse("barometer:overview")).content.decode()
    old = Policy.objects.get(start_year=2007)
    chosen = client.get(reverse("barometer:overview"), {"policy": old.pk}).content.decode()
    assert "PEJLEMÆRKE-ET." not in chosen
    assert "Københavns Kommune vil i perioden til og med år 2010" in chosen


def test_the_policy_page_takes_a_fixed_number_of_queries(client_for, bif_user):
    client = client_for(bif_user)
    policy = Policy.objects.get(start_year=2007)
    url = reverse("barometer:policy-detail", args=[policy.pk])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    IndicatorFactory(code="B1")
    few = queries()
    for number in (2, 3, 4):
        IndicatorFactory(code=f"B{number}", goal=policy.goals.get(number=number))
    assert queries() == few


def test_the_round_list_shows_each_rounds_policy_and_cut_off(client_for, bif_user):
    factories.ReportingRoundFactory(year=2009)
    html = client_for(bif_user).get(reverse("redegorelse:round-list")).content.decode()
    assert "integrationspolitik 2007–2010" in html and "2. halvår 2008" in html


def test_the_admin_keeps_to_the_same_rule_for_used_goals(client_for, admin_user, tmf_worker):
    goal = Goal.objects.get(policy__start_year=2007, number=1)
    client = client_for(admin_user)
    report = factories.report_for("TMF", tmf_worker, year=2009)
    add = client.post(
        reverse("admin:barometer_goal_add"),
        {**goal_data(number=7), "policy": goal.policy_id},
    )
    assert add.status_code == 200 and "kan politikken ikke få flere mål" in add.content.decode()
    workflow.submit(factories.complete_report(report), by=tmf_worker)
    change = client.get(reverse("admin:barometer_goal_change", args=[goal.pk]))
    assert 'name="text"' not in change.content.decode()
    original = goal.text
    client.post(
        reverse("admin:barometer_goal_change", args=[goal.pk]), {**goal_data(text="Ændret."), "policy": goal.policy_id}
    )
    goal.refresh_from_db()
    assert goal.text == original
    assert goal.policy.goals.count() == 6
