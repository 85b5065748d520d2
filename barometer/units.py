"""The units an indicator is measured in: what values they allow and how they are written.

"pct." is for shares and "procentpoint" for differences, so a change in a share is written in
procentpoint (57,0 pct. − 47,0 pct. = 10,0 procentpoint)."""

from decimal import Decimal

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MINUS = "\u2212"  # a real minus sign: read as "minus" by screen readers, unlike the hyphen
MAX_DECIMALS = 3
LARGEST = Decimal(10) ** 9  # what the database column (12 digits, 3 decimals) holds


class Unit(models.TextChoices):
    PERCENT = "percent", _("pct.")
    PERCENTAGE_POINTS = "percentage_points", _("procentpoint")
    COUNT = "count", _("antal")
    RATIO = "ratio", _("ratio")
    GRADE_POINTS = "grade_points", _("karakterpoint")


# (lowest, highest) a value may take; None is open. Grade gaps are differences on the 7-point
# scale (−3 to 12), so they lie within ±15.
RANGES = {
    Unit.PERCENT: (Decimal(0), Decimal(100)),
    Unit.PERCENTAGE_POINTS: (Decimal(-100), Decimal(100)),
    Unit.COUNT: (Decimal(0), None),
    Unit.RATIO: (Decimal(0), None),
    Unit.GRADE_POINTS: (Decimal(-15), Decimal(15)),
}

# Decimals shown at least; a value with more significant decimals shows them all.
SHOWN_DECIMALS = {Unit.COUNT: 0}

# What a value is written with after the number; a count or a ratio carries its meaning in the
# indicator's name ("Antal udsatte boligområder").
SUFFIXES = {
    Unit.PERCENT: _("pct."),
    Unit.PERCENTAGE_POINTS: _("procentpoint"),
    Unit.GRADE_POINTS: _("karakterpoint"),
}
CHANGE_SUFFIXES = {**SUFFIXES, Unit.PERCENT: _("procentpoint")}


def value_problem(unit, value):
    """Why a value cannot be a measurement in this unit, in Danish; None when it can."""
    if not value.is_finite():
        return gettext("Værdien er ikke et tal.")
    if abs(value) >= LARGEST:
        return gettext("Værdien er for stor.")
    if value != value.quantize(Decimal(1).scaleb(-MAX_DECIMALS)):
        return gettext("Værdien må højst have %(decimals)s decimaler.") % {"decimals": MAX_DECIMALS}
    lowest, highest = RANGES[Unit(unit)]
    label = Unit(unit).label
    if unit == Unit.COUNT and value != value.to_integral_value():
        return gettext("Et antal skal være et helt tal.")
    if lowest is not None and value < lowest:
        return gettext("%(value)s er mindre end %(lowest)s, som er det mindste, enheden %(unit)s tillader.") % {
            "value": format_number(value),
            "lowest": format_number(lowest),
            "unit": label,
        }
    if highest is not None and value > highest:
        return gettext("%(value)s er større end %(highest)s, som er det største, enheden %(unit)s tillader.") % {
            "value": format_number(value),
            "highest": format_number(highest),
            "unit": label,
        }
    return None


def trimmed(value):
    """47.100 → 47.1 and 50.000 → 50 (not 5E+1, as Decimal.normalize() would have it)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def format_number(value, unit=None, signed=False):
    """57,0 · 1.234 · −3,5 · +1,2 (with signed=True): Danish separators and a real minus sign."""
    if value is None:
        return ""
    value = Decimal(value)
    significant = max(0, -value.normalize().as_tuple().exponent) if value else 0
    decimals = max(SHOWN_DECIMALS.get(unit, 1) if unit else 0, min(significant, MAX_DECIMALS))
    text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if text.startswith("-"):
        text = MINUS + text[1:]
    elif signed and value > 0:
        text = "+" + text
    return text


def format_value(value, unit):
    """'57,0 pct.', '1,35', '2': a measured value with its unit."""
    if value is None:
        return ""
    suffix = SUFFIXES.get(unit)
    number = format_number(value, unit)
    return f"{number} {suffix}" if suffix else number


def format_change(change, unit):
    """'+10,0 procentpoint' for a share that rose ten points; '−3' for a count that fell by three."""
    if change is None:
        return ""
    suffix = CHANGE_SUFFIXES.get(unit)
    number = format_number(change, unit, signed=True)
    return f"{number} {suffix}" if suffix else number


def format_tolerance(tolerance, unit):
    """'±0,5 procentpoint': how far a value may move and still count as no significant development."""
    suffix = CHANGE_SUFFIXES.get(unit)
    number = "±" + format_number(tolerance, unit)
    return f"{number} {suffix}" if suffix else number
