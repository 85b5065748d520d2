"""Each chart is drawn once per set of inputs and then reused, by every process on every machine.

The key is a SHA-256 of everything the picture shows (the indicator's fields that reach the drawing,
its measurements, the status the description names, the language) and of the code that draws it
(the source of charts.py and of the modules it formats and judges with, and pygal's version), so new measurements, a corrected value, another
language or a change to the drawing code each give a new key: a cached chart is never stale, only
unused, and the database cache drops unused ones when they expire or it is full.

Two tiers: this process's memory (the "default" cache) in front of the shared "charts" cache, a
database table that every app server reads (settings.CACHES). A page with many charts fetches the
ones its process does not hold in one query (`preload_sparklines`); charts drawn by the request are
written once to the shared table.

The tables' rows (barometer/_indicator_row.html) are kept the same way (`preload_rows`): a row shows
nothing but what the sparkline's key already covers (the indicator's fields, its measurements, its
status and reason, the language) and what its template, tags and models write, so its key is the
sparkline's inputs and the digest of that code (config/fragments.py holds them).
"""

import hashlib
from pathlib import Path

import pygal
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from config import fragments

from . import charts

SHARED = "charts"
LOCAL = "default"
TIMEOUT = 30 * 24 * 60 * 60  # seconds; the keys never go stale, this only clears out unused charts

# The drawing code and what it formats and judges with; another version of any of them draws anew.
DRAWING_CODE = ("charts.py", "periods.py", "units.py", "status.py")
CODE_VERSION = hashlib.sha256(
    b"".join((Path(charts.__file__).parent / name).read_bytes() for name in DRAWING_CODE) + pygal.__version__.encode()
).hexdigest()

DRAW = {"chart": charts.indicator_chart, "sparkline": charts._draw_sparkline}


def key_for(kind, indicator):
    assessment = indicator.assessment
    inputs = (
        CODE_VERSION,
        kind,
        get_language(),
        indicator.pk,
        indicator.code,
        indicator.name,
        indicator.unit,
        indicator.direction,
        str(indicator.tolerance),
        str(indicator.baseline_value),
        str(indicator.baseline_period),
        str(indicator.target_value),
        indicator.target_year,
        [(str(m.period), str(m.value), m.definition_version) for m in indicator.series],
        str(assessment.status),
        str(assessment.reason),
    )
    return f"barometer:{kind}:" + hashlib.sha256(repr(inputs).encode()).hexdigest()


def indicator_chart(indicator):
    """charts.indicator_chart, drawn at most once per set of inputs."""
    return _cached("chart", [indicator])[indicator.pk]


def indicator_charts(indicators):
    """{indicator.pk: chart} for many indicators, fetched or drawn in one go (the statusrapport's)."""
    return _cached("chart", indicators)


PRELOADED = "_preloaded_sparkline"


def sparkline(indicator):
    """The overview's small trend line, drawn at most once per set of inputs."""
    preloaded = getattr(indicator, PRELOADED, None)
    if preloaded is not None:
        return preloaded
    return _cached("sparkline", [indicator])[indicator.pk]


def preload_sparklines(indicators):
    """Fetches or draws every listed indicator's sparkline in one go and hands each to its
    indicator object, so the page's later `sparkline(indicator)` calls neither look it up nor
    compute its key again."""
    svgs = _cached("sparkline", indicators)
    for indicator in indicators:
        setattr(indicator, PRELOADED, svgs[indicator.pk])


def _cached(kind, indicators):
    """{indicator.pk: svg}; "" for an indicator without measurements (nothing is drawn or stored)."""
    local, shared = caches[LOCAL], caches[SHARED]
    result = {i.pk: "" for i in indicators if not i.series}
    keys = {key_for(kind, i): i for i in indicators if i.series}
    found = local.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        from_shared = shared.get_many(missing)
        local.set_many(from_shared, TIMEOUT)
        found.update(from_shared)
        drawn = {key: str(DRAW[kind](keys[key])) for key in missing if key not in from_shared}
        if drawn:
            shared.set_many(drawn, TIMEOUT)
            local.set_many(drawn, TIMEOUT)
            found.update(drawn)
    # Safe as it is: pygal serialised the SVG through lxml (or ElementTree), which escaped every text.
    result.update({indicator.pk: mark_safe(found[key]) for key, indicator in keys.items()})
    return result


ROW_TEMPLATE = "barometer/_indicator_row.html"
# What writes a row besides the drawing code already in key_for: its templates, tags and the
# models' figures (latest, changes), and this module.
ROW_CODE = fragments.code_version(
    "templates/" + ROW_TEMPLATE,
    "templates/barometer/_status_badge.html",
    "barometer/templatetags/barometer_tags.py",
    "barometer/models.py",
    "barometer/chart_cache.py",
)
PRELOADED_ROW = "_preloaded_row"


def overview_row(indicator):
    """The indicator's table row, written at most once per set of inputs."""
    if getattr(indicator, PRELOADED_ROW, None) is None:
        preload_rows([indicator])
    return getattr(indicator, PRELOADED_ROW)


def preload_rows(indicators):
    """Fetches the listed indicators' rows (this process's memory, then the shared table in one
    query), writes the missing ones (their sparklines fetched or drawn in one go) and hands each
    to its indicator object for `overview_row`."""
    keys = {fragments.key_for("barometer-row", ROW_CODE, key_for("row", i)): i for i in indicators}
    found = fragments.get_many(keys, local=LOCAL)
    missing = {key: indicator for key, indicator in keys.items() if key not in found}
    if missing:
        preload_sparklines(list(missing.values()))
        written = {key: render_to_string(ROW_TEMPLATE, {"indicator": i}) for key, i in missing.items()}
        fragments.set_many(written, local=LOCAL)
        found.update({key: mark_safe(html) for key, html in written.items()})
    for key, indicator in keys.items():
        setattr(indicator, PRELOADED_ROW, found[key])
