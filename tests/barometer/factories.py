"""Barometer factories, kept apart from tests/factories.py (which other apps append to)."""

from decimal import Decimal

import factory

from barometer.models import Direction, Goal, Indicator, Measurement
from barometer.periods import Period
from barometer.units import Unit


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    goal = factory.LazyFunction(lambda: Goal.objects.filter(policy__start_year=2007).order_by("number").get(number=1))
    code = factory.Sequence(lambda n: f"X{n}")
    name = factory.Sequence(lambda n: f"Testindikator {n}")
    unit = Unit.PERCENT
    direction = Direction.HIGHER_IS_BETTER
    data_source = "Testdata"
    baseline_value = Decimal("40")
    baseline_year = 2007
    baseline_half = 1
    target_value = Decimal("50")
    target_year = 2010
    tolerance = Decimal("0.5")

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2009
    half = 1
    value = Decimal("45")
    source_note = "Testkilde"


def with_series(indicator, values, first="2007-1"):
    """Gives the indicator one measurement per half-year from `first`, skipping None."""
    first = Period.parse(first)
    for offset, value in enumerate(values):
        if value is None:
            continue
        period = Period.from_index(first.index + offset)
        MeasurementFactory(indicator=indicator, year=period.year, half=period.half, value=Decimal(str(value)))
    return indicator
