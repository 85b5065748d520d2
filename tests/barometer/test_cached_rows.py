"""The barometer's table rows are written once per set of inputs (chart_cache.preload_rows): a
corrected or new measurement shows at once, another language gets its own rows, another process
reads the rows back instead of writing them, and the cached page is the page the template writes."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.urls import reverse

from barometer import chart_cache
from barometer.models import Indicator
from tests.barometer.factories import IndicatorFactory, MeasurementFactory, with_series

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("barometer:overview")
CREATE = reverse("barometer:measurement-create")


@pytest.fixture(autouse=True)
def writes(monkeypatch):
    """Counts the rows written; every test starts with an empty process cache."""
    caches[chart_cache.LOCAL].clear()
    counted = {"rows": 0}

    def counting(name, context=None, *args, **kwargs):
        if name == chart_cache.ROW_TEMPLATE:
            counted["rows"] += 1
        return render_to_string(name, context, *args, **kwargs)

    monkeypatch.setattr(chart_cache, "render_to_string", counting)
    return counted


@pytest.fixture
def indicator():
    return with_series(IndicatorFactory(code="BE1", name="Beskæftigelsesfrekvens"), [40, 41, 43])


def row(client, code="BE1", language=None):
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    html = response.content.decode()
    return re.search(rf'<tr>\s*<th scope="row"><a href="[^"]+/{code}/">.*?</tr>', html, re.S).group(0)


def test_a_row_is_written_once_and_read_back_by_another_process(client_for, bif_user, indicator, writes):
    client = client_for(bif_user)
    first = row(client)
    assert "43,0" in first and 'role="img"' in first
    assert row(client) == first
    caches[chart_cache.LOCAL].clear()
    assert row(client) == first
    assert writes["rows"] == 1


def test_a_corrected_or_new_measurement_shows_at_once(client_for, bif_user, indicator, writes):
    client = client_for(bif_user)
    assert "43,0" in row(client)
    latest = indicator.measurements.order_by("-year", "-half").first()
    post = {"indicator": "BE1", "year": latest.year, "half": latest.half, "value": "44,5", "reason": "Endelige tal"}
    assert client.post(CREATE, post).status_code == 302
    corrected = row(client)
    assert "44,5" in corrected and "43,0" not in corrected
    MeasurementFactory(indicator=indicator, year=2009, half=1, value=Decimal("47"))
    assert "47,0" in row(client)
    assert writes["rows"] == 3


def test_another_language_gets_its_own_rows(client_for, bif_user, writes):
    IndicatorFactory(code="BE2")  # no measurements: the row says so in words
    client = client_for(bif_user)
    assert "Ingen målinger" in row(client, "BE2")
    english = row(client, "BE2", language="en")
    assert "Ingen målinger" not in english and "No measurements" in english
    assert writes["rows"] == 2


def test_the_cached_rows_are_the_rows_the_template_writes(client_for, bif_user, indicator):
    client = client_for(bif_user)
    cached = row(client)
    shown = Indicator.objects.for_overview().get(code="BE1")
    assert cached == render_to_string(chart_cache.ROW_TEMPLATE, {"indicator": shown}).strip()


def test_other_row_code_writes_anew(client_for, bif_user, indicator, writes, monkeypatch):
    client = client_for(bif_user)
    row(client)
    monkeypatch.setattr(chart_cache, "ROW_CODE", "a changed row template")
    row(client)
    assert writes["rows"] == 2
