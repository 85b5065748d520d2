"""The data migrations load the municipality's organisation and the policy's six goals."""

import pytest
from django.db import IntegrityError

from barometer.models import Goal, Policy
from organisation.models import CityCouncil, Committee, Department, Membership, Role

pytestmark = pytest.mark.django_db


def test_it_has_the_seven_departments_and_their_committees():
    pairs = set(Committee.objects.values_list("department__abbreviation", "abbreviation"))
    assert pairs == {
        ("ØKF", "ØU"),
        ("BUF", "BUU"),
        ("KFF", "KFU"),
        ("SUF", "SUU"),
        ("SOF", "SOU"),
        ("TMF", "TMU"),
        ("BIF", "BIU"),
    }
    assert Department.objects.count() == 7
    assert Department.objects.get(abbreviation="TMF").name == "Teknik- og Miljøforvaltningen"
    assert Committee.objects.get(abbreviation="TMU").genitive == "Teknik- og Miljøudvalgets"


def test_it_has_the_city_council():
    assert CityCouncil.objects.get(abbreviation="BR").name == "Borgerrepræsentationen"


def test_it_has_the_policy_and_its_six_goals_in_the_seeds_words():
    policy = Policy.objects.get()
    assert (policy.start_year, policy.end_year) == (2007, 2010)
    goals = {g.number: g for g in Goal.objects.filter(policy__start_year=2007).order_by("number")}
    assert list(goals) == [1, 2, 3, 4, 5, 6]
    assert [g.area for g in goals.values()] == [
        "Beskæftigelse",
        "Uddannelse",
        "Bolig",
        "Tryghed",
        "Kultur og fritid",
        "Sundhed",
    ]
    assert goals[1].text == (
        "Københavns Kommune vil i perioden til og med år 2010 øge andelen af beskæftigede indvandrere "
        "med 10 procentpoint til ca. 57 pct."
    )
    assert goals[3].text.startswith("Der må ikke komme nye udsatte boligområder i Københavns Kommune.")
    assert goals[6].text == "Forskellene i etniske danskeres og indvandreres sundhedstilstand skal udlignes"
    assert goals[1].target_source == "source"
    assert goals[4].target_source == "plausible"


def test_it_refuses_a_case_worker_without_a_department(django_user_model):
    user = django_user_model.objects.create(username="x")
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, role=Role.CASE_WORKER)


def test_it_refuses_bif_staff_tied_to_a_committee(django_user_model):
    user = django_user_model.objects.create(username="x")
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, role=Role.BIF_STAFF, committee=Committee.objects.first())
