"""Charts are drawn once per set of inputs and shared through the database cache: a second request,
another process (its memory empty) or another app server reuses them; new measurements, another
language or other drawing code draw anew. The overview fetches and stores its charts in a fixed
number of queries, however many it shows."""

from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from barometer import chart_cache
from barometer.models import Indicator, Measurement
from organisation.models import Department
from tests.barometer.factories import IndicatorFactory, with_series
from tests.barometer.test_pages import grow

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("barometer:overview")


def new_process():
    """What another process or app server sees: its own memory empty, the database shared."""
    caches[chart_cache.LOCAL].clear()


@pytest.fixture(autouse=True)
def draws(monkeypatch):
    """Counts the drawings per kind, and starts every test with an empty process cache."""
    new_process()
    counted = {"chart": 0, "sparkline": 0}

    def counting(kind, draw):
        def wrapper(indicator):
            counted[kind] += 1
            return draw(indicator)

        return wrapper

    monkeypatch.setattr(chart_cache, "DRAW", {kind: counting(kind, draw) for kind, draw in chart_cache.DRAW.items()})
    return counted


@pytest.fixture
def indicator():
    return with_series(IndicatorFactory(code="BE1", name="Beskæftigelsesfrekvens"), [40, 41, 43])


def detail(client, code="BE1"):
    response = client.get(reverse("barometer:indicator-detail", args=[code]))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<svg xmlns") : html.index("</svg>", html.index("<svg xmlns"))]


def test_the_indicator_chart_is_drawn_once_and_shared_by_every_process(client_for, bif_user, indicator, draws):
    client = client_for(bif_user)
    first = detail(client)
    assert draws["chart"] == 1
    assert detail(client) == first
    new_process()
    assert detail(client) == first  # read back from the shared table, not drawn again
    assert draws["chart"] == 1
    stored = caches[chart_cache.SHARED].get(chart_cache.key_for("chart", Indicator.objects.for_detail().get()))
    assert stored.startswith("<svg") and "Udviklingen i BE1" in stored


def test_a_new_measurement_or_another_language_draws_a_new_chart(client_for, bif_user, indicator, draws):
    client = client_for(bif_user)
    detail(client)
    Measurement.objects.create(indicator=indicator, year=2009, half=1, value=Decimal("47"))
    html = detail(client)
    assert draws["chart"] == 2
    assert "4 målinger fra" in html  # the new chart's description counts the new measurement
    detail(client)
    assert draws["chart"] == 2
    with translation.override("en"):
        english = chart_cache.indicator_chart(Indicator.objects.for_detail().get())
    assert draws["chart"] == 3
    assert "4 målinger fra" not in english and "BE1" in english


def test_other_drawing_code_draws_anew(client_for, bif_user, indicator, draws, monkeypatch):
    client = client_for(bif_user)
    detail(client)
    monkeypatch.setattr(chart_cache, "CODE_VERSION", "a changed charts.py")
    detail(client)
    assert draws["chart"] == 2


def test_an_indicator_without_measurements_has_no_chart_and_stores_nothing(draws):
    assert chart_cache.sparkline(Indicator.objects.for_overview().get(pk=IndicatorFactory().pk)) == ""
    assert chart_cache.indicator_chart(Indicator.objects.for_detail().get()) == ""
    assert draws == {"chart": 0, "sparkline": 0}


def overview_queries(client):
    with CaptureQueriesContext(connection) as context:
        response = client.get(OVERVIEW)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def test_the_overview_draws_and_stores_its_charts_in_a_fixed_number_of_queries(client_for, bif_user, draws):
    tmf = Department.objects.get(abbreviation="TMF")
    client = client_for(bif_user)
    client.get(OVERVIEW)  # settles the session
    grow(1, tmf)
    cold_few, _html = overview_queries(client)
    warm_few, _html = overview_queries(client)
    new_process()
    shared_few, _html = overview_queries(client)
    assert draws["sparkline"] == 1

    Measurement.objects.all().delete()
    Indicator.objects.all().delete()
    grow(150, tmf)
    new_process()
    cold_many, html = overview_queries(client)
    assert draws["sparkline"] == 151
    assert html.count('role="img"') == 150
    assert overview_queries(client)[0] == warm_few  # this process holds them all: no query for charts
    new_process()
    assert overview_queries(client)[0] == shared_few  # another process reads them all in one query
    assert draws["sparkline"] == 151
    assert cold_many == cold_few
    assert shared_few == warm_few + 1
