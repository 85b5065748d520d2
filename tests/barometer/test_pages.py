"""The overview, indicator, department and help pages: who may see them, what they show, and a
query count that does not grow with the number of indicators and measurements."""

from decimal import Decimal

import pytest
from django.urls import reverse

from barometer.models import Direction, Goal, Indicator, Measurement
from barometer.periods import Period
from barometer.units import Unit
from organisation.models import Department
from tests.barometer.factories import IndicatorFactory, with_series

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("barometer:overview")


@pytest.fixture
def tmf():
    return Department.objects.get(abbreviation="TMF")


@pytest.fixture
def housing(tmf):
    """BO1 as in the source: udsatte boligområder fall from 5 to 2 (lower is better, target met)."""
    indicator = IndicatorFactory(
        code="BO1",
        name="Antal udsatte boligområder",
        goal=Goal.objects.filter(policy__start_year=2007).order_by("number").get(number=3),
        unit=Unit.COUNT,
        direction=Direction.LOWER_IS_BETTER,
        baseline_value=Decimal(5),
        target_value=Decimal(5),
        tolerance=Decimal(0),
        departments=[tmf],
    )
    return with_series(indicator, [5, 5, 4, 3, 2, 2])


@pytest.fixture
def employment():
    """B1 for BIF, which fell at the last measurement: rød."""
    indicator = IndicatorFactory(
        code="B1", name="Beskæftigelsesfrekvens", departments=[Department.objects.get(abbreviation="BIF")]
    )
    return with_series(indicator, [40, 41, 42, 43, 45, 44])


def grow(count, department, measurements=30):
    """`count` indicators with `measurements` half-yearly values each, made in bulk."""
    goal = Goal.objects.filter(policy__start_year=2007).order_by("number").get(number=2)
    indicators = Indicator.objects.bulk_create(
        Indicator(
            goal=goal,
            code=f"G{n}",
            name=f"Vækstindikator {n}",
            unit=Unit.PERCENT,
            direction=Direction.HIGHER_IS_BETTER,
            data_source="Test",
            baseline_value=Decimal(40),
            baseline_year=2000,
            baseline_half=1,
            target_value=Decimal(60),
            target_year=2014,
            tolerance=Decimal("0.5"),
        )
        for n in range(count)
    )
    through = Indicator.departments.through
    through.objects.bulk_create(through(indicator=i, department=department) for i in indicators)
    Measurement.objects.bulk_create(
        Measurement(
            indicator=indicator,
            year=Period.from_index(Period(2000, 1).index + k).year,
            half=Period.from_index(Period(2000, 1).index + k).half,
            value=Decimal(40 + k % 7),
        )
        for indicator in indicators
        for k in range(measurements)
    )
    return indicators


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(OVERVIEW)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("fixture", ["tmf_worker", "buf_worker", "tmu_secretary", "bif_user", "roleless_user"])
def test_it_shows_the_overview_to_everyone_signed_in(client_for, request, fixture, housing):
    response = client_for(request.getfixturevalue(fixture)).get(OVERVIEW)
    assert response.status_code == 200
    assert "Antal udsatte boligområder" in response.content.decode()


def test_it_shows_the_six_goals_with_their_indicators(client_for, tmf_worker, housing, employment):
    html = client_for(tmf_worker).get(OVERVIEW).content.decode()
    for area in ["Beskæftigelse", "Uddannelse", "Bolig", "Tryghed", "Kultur og fritid", "Sundhed"]:
        assert f"{area}</h2>" in html
    assert "2. halvår 2012" not in html
    assert "2<br>" in html  # latest count, written without a unit
    assert "\u22123" in html  # 5 → 2 since the baseline, with a real minus sign
    assert "5" in html


def test_it_shows_each_status_in_words_linking_to_the_rules(client_for, tmf_worker, housing, employment):
    html = client_for(tmf_worker).get(OVERVIEW).content.decode()
    help_url = reverse("barometer:status-help")
    assert f'href="{help_url}#status-green"><span class="status-badge__dot" aria-hidden="true"></span>Grøn' in html
    assert f'href="{help_url}#status-red"><span class="status-badge__dot" aria-hidden="true"></span>Rød' in html
    assert html.count('class="badge status-badge') == html.count(f'href="{help_url}#status-')


def test_it_filters_by_department(client_for, bif_user, housing, employment):
    response = client_for(bif_user).get(OVERVIEW, {"department": "TMF"})
    html = response.content.decode()
    assert "Antal udsatte boligområder" in html
    assert "Beskæftigelsesfrekvens" not in html
    assert "1 indikator passer til filteret" in html


def test_it_filters_by_status(client_for, bif_user, housing, employment):
    html = client_for(bif_user).get(OVERVIEW, {"status": "red"}).content.decode()
    assert "Beskæftigelsesfrekvens" in html
    assert "Antal udsatte boligområder" not in html


def test_it_shows_the_maintenance_links_only_to_bif_staff(client_for, bif_user, tmf_worker):
    assert reverse("barometer:import") in client_for(bif_user).get(OVERVIEW).content.decode()
    assert reverse("barometer:import") not in client_for(tmf_worker).get(OVERVIEW).content.decode()


def test_it_keeps_the_overview_query_count_constant(client_for, bif_user, tmf, django_assert_max_num_queries):
    client = client_for(bif_user)
    grow(1, tmf)
    client.get(OVERVIEW)  # warm the session
    with django_assert_max_num_queries(20) as small:
        assert client.get(OVERVIEW).status_code == 200
    few = len(small.captured_queries)  # read now: the next request empties the connection's query log
    Measurement.objects.all().delete()
    Indicator.objects.all().delete()
    grow(200, tmf)
    client.get(OVERVIEW)  # draws the new charts and stores them (tests/barometer/test_chart_cache.py)
    with django_assert_max_num_queries(few):
        response = client.get(OVERVIEW)
    assert response.content.decode().count('role="img"') == 200


def test_it_shows_an_indicator_with_chart_and_table(client_for, tmu_secretary, housing):
    response = client_for(tmu_secretary).get(reverse("barometer:indicator-detail", args=["BO1"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>BO1 Antal udsatte boligområder</h1>" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'role="img" aria-labelledby="indicator-' in html
    assert "<title id=" in html and "<desc id=" in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<caption>Målinger af BO1</caption>" in html
    assert "1. halvår 2007" in html and "2. halvår 2009" in html


def test_it_marks_a_break_in_the_series(client_for, tmf_worker):
    indicator = with_series(IndicatorFactory(code="U3", definition_version=2), [50, 51, 52])
    Measurement.objects.filter(indicator=indicator, year=2008).update(definition_version=2)
    html = client_for(tmf_worker).get(reverse("barometer:indicator-detail", args=["U3"])).content.decode()
    assert "Brud i serien: definition 2" in html
    assert "Kan ikke sammenlignes" in html
    assert "Målinger, definition 2 (fra 1. halvår 2008)" in html


def test_it_answers_404_for_an_unknown_indicator(client_for, tmf_worker):
    assert client_for(tmf_worker).get(reverse("barometer:indicator-detail", args=["XX9"])).status_code == 404


def test_it_sends_anonymous_visitors_from_an_indicator_to_login(client, housing):
    response = client.get(reverse("barometer:indicator-detail", args=["BO1"]))
    assert response.status_code == 302


def test_it_keeps_the_indicator_query_count_constant(client_for, bif_user, django_assert_max_num_queries):
    client = client_for(bif_user)
    indicator = with_series(IndicatorFactory(code="Q1"), [41])
    url = reverse("barometer:indicator-detail", args=["Q1"])
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    with_series(indicator, [42 + k % 5 for k in range(29)], first="2007-2")
    for measurement in Measurement.objects.filter(indicator=indicator)[:10]:
        measurement.correct(measurement.value + 1, by=bif_user, reason="Rettet tal")
    few = len(small.captured_queries)  # read now: the next request empties the connection's query log
    client.get(url)  # draws the new chart and stores it (tests/barometer/test_chart_cache.py)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.content.decode().count("Rettet tal") == 10


def test_it_shows_a_case_worker_their_departments_indicators_obliging_first(client_for, tmf_worker, tmf):
    green = with_series(IndicatorFactory(code="A1", name="Grøn indikator", departments=[tmf]), [40, 49])
    red = with_series(IndicatorFactory(code="A2", name="Rød indikator", departments=[tmf]), [45, 42])
    with_series(IndicatorFactory(code="A3", name="Andres indikator"), [45, 42])
    response = client_for(tmf_worker).get(reverse("barometer:department", args=["TMF"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert [i.code for i in response.context["obliging"]] == [red.code]
    assert [i.code for i in response.context["others"]] == [green.code]
    assert html.index("Rød indikator") < html.index("Øvrige indikatorer") < html.index("Grøn indikator")
    assert "Andres indikator" not in html


@pytest.mark.parametrize(("fixture", "department"), [("tmf_worker", "BUF"), ("tmu_secretary", "TMF")])
def test_it_hides_a_department_the_user_may_not_see(client_for, request, fixture, department):
    response = client_for(request.getfixturevalue(fixture)).get(reverse("barometer:department", args=[department]))
    assert response.status_code == 404


def test_it_lets_bif_staff_see_every_department(client_for, bif_user):
    client = client_for(bif_user)
    for abbreviation in ["ØKF", "BUF", "KFF", "SUF", "SOF", "TMF", "BIF"]:
        assert client.get(reverse("barometer:department", args=[abbreviation])).status_code == 200


def test_it_keeps_the_department_query_count_constant(client_for, tmf_worker, tmf, django_assert_max_num_queries):
    client = client_for(tmf_worker)
    url = reverse("barometer:department", args=["TMF"])
    grow(1, tmf)
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    Measurement.objects.all().delete()
    Indicator.objects.all().delete()
    few = len(small.captured_queries)  # read now: the next request empties the connection's query log
    grow(200, tmf)
    client.get(url)  # draws the new charts and stores them (tests/barometer/test_chart_cache.py)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(response.context["obliging"]) + len(response.context["others"]) == 200


def test_it_explains_the_status_rules(client_for, roleless_user):
    html = client_for(roleless_user).get(reverse("barometer:status-help")).content.decode()
    for anchor in ["status-white", "status-green", "status-yellow", "status-red"]:
        assert f'id="{anchor}"' in html
    assert "den lige linje" in html


def test_it_keeps_the_status_rules_behind_login(client):
    assert client.get(reverse("barometer:status-help")).status_code == 302


def test_it_publishes_open_data_without_names(client_for, tmf_worker, bif_user, housing):
    housing.measurements.last().correct(Decimal(1), by=bif_user, reason="Ny opgørelse")
    response = client_for(tmf_worker).get(reverse("barometer:open-data"))
    data = response.json()
    assert response.status_code == 200
    [indicator] = data["indikatorer"]
    assert indicator["kode"] == "BO1"
    assert indicator["status"]["kode"] == "green"
    assert indicator["ansvarlige_forvaltninger"] == ["TMF"]
    assert [m["værdi"] for m in indicator["målinger"]] == [5, 5, 4, 3, 2, 1]
    assert bif_user.username not in response.content.decode()


def test_it_keeps_open_data_behind_login(client):
    assert client.get(reverse("barometer:open-data")).status_code == 302
