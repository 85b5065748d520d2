"""The charts are accessible SVG without scripts; the demo data is complete, labelled and idempotent."""

import io
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from barometer import chart_cache, charts, demo
from barometer.models import Goal, Indicator, Measurement
from home.management.commands.load_demo import DEMO_LOADERS
from tests.barometer.factories import IndicatorFactory, with_series

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg):
    return ElementTree.fromstring(str(svg))


@pytest.mark.parametrize("draw", [charts.indicator_chart, chart_cache.sparkline], ids=["chart", "sparkline"])
def test_it_draws_an_svg_with_title_and_description_and_no_script(draw):
    indicator = with_series(IndicatorFactory(code="C1", name="Testindikator"), [40, 42, None, 45])
    indicator = Indicator.objects.for_detail().get(pk=indicator.pk)
    root = parsed(draw(indicator))
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "C1" in title.text
    assert "45,0 pct." in desc.text
    assert not root.findall(f".//{SVG}script")
    assert len(root.findall(f".//{SVG}title")) == 1


def test_it_describes_the_line_and_a_break_in_the_series():
    indicator = with_series(IndicatorFactory(code="C2", definition_version=2), [40, 42, 44])
    Measurement.objects.filter(indicator=indicator, year=2008).update(definition_version=2)
    desc = parsed(charts.indicator_chart(Indicator.objects.for_detail().get(pk=indicator.pk))).find(f"{SVG}desc").text
    assert "Den stiplede linje går fra udgangspunktet, 40,0 pct. i 1. halvår 2007" in desc
    assert "Brud i serien: definitionen blev ændret fra 1. halvår 2008 (definition 2)." in desc
    assert "Status: " in desc


def test_a_count_indicator_has_whole_number_ticks():
    indicator = with_series(
        IndicatorFactory(code="BO9", unit="count", baseline_value=5, target_value=0, direction="down"), [5, 4, 2]
    )
    root = parsed(charts.indicator_chart(Indicator.objects.for_detail().get(pk=indicator.pk)))
    axis = root.find(f".//{SVG}g[@class='axis y always_show']") or root.find(f".//{SVG}g[@class='axis y']")
    labels = [t.text for t in axis.iter(f"{SVG}text") if t.text and t.text.strip()]
    assert labels and all(label.strip().isdigit() for label in labels), labels
    assert labels[0] == "0" and labels[-1] == "5"


def test_it_registers_the_demo_with_load_demo():
    assert "barometer.demo.load" in DEMO_LOADERS


def test_it_loads_the_demo_indicators():
    demo.load(io.StringIO())
    indicators = list(Indicator.objects.for_overview())
    assert len(indicators) >= 12
    assert {i.goal.number for i in indicators} == {1, 2, 3, 4, 5, 6}
    assert all(i.departments.all() for i in indicators)
    assert all(m.source_note == "Opdigtet demotal" for m in Measurement.objects.all())
    assert all("opdigtet" in i.description for i in indicators)
    housing = next(i for i in indicators if i.code == "BO1")
    assert (housing.series[0].value, housing.latest.value) == (5, 2)
    assert {i.assessment.status.value for i in indicators} == {"green", "yellow", "red"}
    assert {m.year for m in Measurement.objects.all()} == {2007, 2008, 2009}


def test_it_changes_nothing_when_the_demo_is_loaded_twice():
    demo.load(io.StringIO())
    state = [list(model.objects.order_by("pk").values()) for model in (Indicator, Measurement)]
    through = list(Indicator.departments.through.objects.order_by("pk").values())
    demo.load(io.StringIO())
    assert [list(model.objects.order_by("pk").values()) for model in (Indicator, Measurement)] == state
    assert list(Indicator.departments.through.objects.order_by("pk").values()) == through


@pytest.mark.parametrize(
    ("model", "title", "row"),
    [("indicator", "Indikatorer", "Testindikator"), ("measurement", "Målinger", "1. halvår 2009")],
)
def test_it_lists_indicators_and_measurements_in_the_admin_in_danish(client_for, admin_user, model, title, row):
    indicator = IndicatorFactory(
        name="Testindikator", goal=Goal.objects.filter(policy__start_year=2007).order_by("number").get(number=2)
    )
    indicator.measurements.create(year=2009, half=1, value=Decimal(1))
    html = client_for(admin_user).get(reverse(f"admin:barometer_{model}_changelist")).content.decode()
    assert title in html
    assert row in html
