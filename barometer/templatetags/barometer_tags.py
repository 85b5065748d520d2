from django import template

from barometer import chart_cache
from barometer.units import format_change, format_tolerance, format_value

register = template.Library()


@register.filter
def in_unit(value, unit):
    """{{ measurement.value|in_unit:indicator.unit }} → 57,0 pct."""
    return format_value(value, unit)


@register.filter
def change_in_unit(change, unit):
    """{{ indicator.change_since_baseline|change_in_unit:indicator.unit }} → +10,0 procentpoint"""
    return format_change(change, unit)


@register.filter
def tolerance_in_unit(tolerance, unit):
    return format_tolerance(tolerance, unit)


@register.filter
def sparkline(indicator):
    return chart_cache.sparkline(indicator)


@register.filter
def overview_row(indicator):
    """The indicator's row in the barometer's tables (barometer/_indicator_row.html), written once
    per set of inputs (chart_cache.preload_rows)."""
    return chart_cache.overview_row(indicator)


@register.inclusion_tag("barometer/_status_badge.html")
def status_badge(assessment, show_reason=False):
    """The status as a coloured badge with its name in words, linking to the rules that explain it."""
    return {"assessment": assessment, "show_reason": show_reason}
