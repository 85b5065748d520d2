"""Half-years are read and written the Danish way; values are checked and written per unit."""

from decimal import Decimal

import pytest

from barometer.periods import Period
from barometer.units import Unit, format_change, format_value, value_problem


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2009-1", Period(2009, 1)),
        ("2009 - 2", Period(2009, 2)),
        ("1. halvår 2009", Period(2009, 1)),
        ("2.halvår  2008", Period(2008, 2)),
        ("1. Halvår 2007", Period(2007, 1)),
    ],
)
def test_it_reads_a_period(text, period):
    assert Period.parse(text) == period


@pytest.mark.parametrize("text", ["2009-3", "2009", "H1 2009", "3. halvår 2009", "1. halvår 1850", "", "2009-01"])
def test_it_refuses_a_bad_period(text):
    with pytest.raises(ValueError):
        Period.parse(text)


def test_it_writes_a_period_in_danish():
    assert str(Period(2009, 1)) == "1. halvår 2009"
    assert Period(2009, 2).code == "2009-2"


@pytest.mark.parametrize(
    ("unit", "value", "problem"),
    [
        (Unit.PERCENT, "100", None),
        (Unit.PERCENT, "100.1", "større end 100"),
        (Unit.PERCENT, "-1", "mindre end 0"),
        (Unit.PERCENTAGE_POINTS, "-12.5", None),
        (Unit.COUNT, "2", None),
        (Unit.COUNT, "2.5", "helt tal"),
        (Unit.RATIO, "-0.1", "mindre end 0"),
        (Unit.GRADE_POINTS, "16", "større end 15"),
        (Unit.PERCENT, "47.1234", "højst have 3 decimaler"),
    ],
)
def test_it_checks_a_value_against_its_unit(unit, value, problem):
    found = value_problem(unit, Decimal(value))
    assert (found is None) if problem is None else (problem in found)


def test_it_writes_values_and_changes_with_danish_separators_and_units():
    assert format_value(Decimal("57.000"), Unit.PERCENT) == "57,0 pct."
    assert format_value(Decimal("1234.5"), Unit.COUNT) == "1.234,5"
    assert format_value(Decimal("1.350"), Unit.RATIO) == "1,35"
    assert format_change(Decimal("10"), Unit.PERCENT) == "+10,0 procentpoint"
    assert format_change(Decimal("-3"), Unit.COUNT) == "\u22123"
