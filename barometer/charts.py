"""The barometer's charts as SVG strings, drawn on the server with pygal, so the web pages and the
PDFs show the same picture without JavaScript.

Every chart is an image to assistive technology (role="img") named by its <title> and described by
a <desc> that says in words what the line shows; the numbers themselves are in a table beside it.
pygal's interactive extras (scripts, tooltips) are stripped: a Content-Security-Policy forbids
inline scripts, and a PDF cannot run them anyway."""

import math
from decimal import Decimal

import pygal
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from pygal.etree import etree
from pygal.style import Style

from .periods import periods_between
from .units import Unit, format_number, format_value

FONT = '"IBM Plex Sans", Arial, sans-serif'
TEXT = "#1a1a1a"
TRAJECTORY_COLOUR = "#545454"
# One colour per definition of the indicator: a break in the series changes colour as well as
# interrupting the line. Each has at least 3:1 contrast against white (WCAG 1.4.11).
SERIES_COLOURS = ("#004b87", "#a0410d", "#2e6b30", "#6b2e8a")

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground=TEXT,
    foreground_strong=TEXT,
    foreground_subtle="#545454",
    font_family=FONT,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    colors=(TRAJECTORY_COLOUR, *SERIES_COLOURS),
    opacity="1",
    opacity_hover="1",
    stroke_opacity="1",
    stroke_opacity_hover="1",
    stroke_width="3",
    stroke_width_hover="3",
    transition="0ms",
    guide_stroke_color="#c8c8c8",
    guide_stroke_dasharray="2,3",
    major_guide_stroke_color="#c8c8c8",
    major_guide_stroke_dasharray="2,3",
)


def indicator_chart(indicator):
    """All of an indicator's measurements, the straight line from baseline to target, and any break
    in the series. Empty when there are no measurements."""
    if not indicator.series:
        return ""
    periods = _periods_shown(indicator)
    chart = pygal.Line(
        style=STYLE,
        width=800,
        height=400,
        js=[],
        disable_xml_declaration=True,
        allow_interruptions=True,
        show_legend=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        truncate_legend=-1,
        truncate_label=-1,
        x_label_rotation=30 if len(periods) > 8 else 0,
        x_labels=[str(p) for p in periods],
        x_labels_major_every=2 if len(periods) > 12 else None,
        show_minor_x_labels=len(periods) <= 12,
        y_title=indicator.get_unit_display(),
        y_labels=count_ticks(indicator) if indicator.unit == Unit.COUNT else None,
        value_formatter=lambda value: format_number(Decimal(str(value)), indicator.unit),
        dots_size=4,
        margin=16,
        margin_right=56,  # room for the last period's label
    )
    chart.uuid = f"indicator-{indicator.pk}"
    chart.add(
        gettext("Lige linje fra udgangspunkt til mål"),
        _trajectory_values(indicator, periods),
        stroke_style={"width": 2, "dasharray": "8, 6"},
        show_dots=False,
    )
    for version, start, values in _series_by_version(indicator, periods):
        if len(_versions(indicator)) == 1:
            label = gettext("Målinger")
        else:
            label = gettext("Målinger, definition %(version)s (fra %(period)s)") % {"version": version, "period": start}
        chart.add(label, values)
    chart.add_xml_filter(
        lambda root: _make_accessible(
            root,
            element_id=chart.uuid,
            title=gettext("Udviklingen i %(code)s: %(name)s") % {"code": indicator.code, "name": indicator.name},
            description=_chart_description(indicator),
            keep_style=True,
        )
    )
    return _safe(chart.render(is_unicode=True))


def count_ticks(indicator):
    """Whole-number ticks for an indicator that counts (unit "antal"): no "4,8 områder"."""
    values = [m.value for m in indicator.series] + [indicator.baseline_value, indicator.target_value]
    values = [float(v) for v in values if v is not None]
    low, high = math.floor(min(values)), math.ceil(max(values))
    step = max(1, math.ceil((high - low) / 8))
    ticks = list(range(low, high + 1, step))
    if ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def _draw_sparkline(indicator):
    """A small trend line for the overview: the measurements and, dashed, the line to the target
    (chart_cache.sparkline keeps each one drawn). It carries no stylesheet of its own (the overview
    draws up to a few hundred of them), only presentation attributes, so it looks the same in a
    page and in a PDF."""
    periods = _periods_shown(indicator)
    chart = pygal.Line(style=STYLE, allow_interruptions=True, css=[], disable_xml_declaration=True)
    chart.uuid = f"sparkline-{indicator.pk}"
    chart.add("", _trajectory_values(indicator, periods))
    for _version, _start, values in _series_by_version(indicator, periods):
        chart.add("", values)
    chart.add_xml_filter(
        lambda root: _make_accessible(
            root,
            element_id=chart.uuid,
            title=gettext("Udviklingen i %(code)s") % {"code": indicator.code},
            description=_sparkline_description(indicator),
            keep_style=False,
        )
    )
    return chart.render_sparkline(is_unicode=True, width=120, height=36, margin=3)


def _safe(svg):
    # Safe to put in a page as it is: lxml (or ElementTree) serialised it and escaped every text in it.
    return mark_safe(svg)


def _versions(indicator):
    return sorted({m.definition_version for m in indicator.series})


def _periods_shown(indicator):
    first = min(indicator.series[0].period, indicator.baseline_period)
    last = max(indicator.series[-1].period, indicator.target_period)
    return periods_between(first, last)


def _trajectory_values(indicator, periods):
    trajectory = indicator.trajectory
    return [
        float(trajectory.expected_at(p)) if trajectory.baseline_period <= p <= trajectory.target_period else None
        for p in periods
    ]


def _series_by_version(indicator, periods):
    """One series per definition of the indicator, each None outside its own measurements."""
    for version in _versions(indicator):
        by_period = {m.period: m.value for m in indicator.series if m.definition_version == version}
        start = min(by_period)
        yield version, start, [float(by_period[p]) if p in by_period else None for p in periods]


def _chart_description(indicator):
    latest = indicator.latest
    sentences = [
        gettext("%(count)s målinger fra %(first)s til %(last)s. Seneste måling: %(value)s i %(period)s.")
        % {
            "count": len(indicator.series),
            "first": indicator.series[0].period,
            "last": latest.period,
            "value": indicator.format_value(latest.value),
            "period": latest.period,
        },
        gettext(
            "Den stiplede linje går fra udgangspunktet, %(baseline)s i %(baseline_period)s, "
            "til målet, %(target)s ved udgangen af %(target_year)s."
        )
        % {
            "baseline": indicator.format_value(indicator.baseline_value),
            "baseline_period": indicator.baseline_period,
            "target": indicator.format_value(indicator.target_value),
            "target_year": indicator.target_year,
        },
    ]
    for version in _versions(indicator)[1:]:
        start = min(m.period for m in indicator.series if m.definition_version == version)
        sentences.append(
            gettext("Brud i serien: definitionen blev ændret fra %(period)s (definition %(version)s).")
            % {"period": start, "version": version}
        )
    sentences.append(
        gettext("Status: %(status)s. %(reason)s")
        % {"status": indicator.assessment.status.label, "reason": indicator.assessment.reason.label}
    )
    return " ".join(sentences)


def _sparkline_description(indicator):
    first, latest = indicator.series[0], indicator.latest
    return gettext("Fra %(first)s i %(first_period)s til %(last)s i %(last_period)s. Mål: %(target)s i %(year)s.") % {
        "first": format_value(first.value, indicator.unit),
        "first_period": first.period,
        "last": format_value(latest.value, indicator.unit),
        "last_period": latest.period,
        "target": format_value(indicator.target_value, indicator.unit),
        "year": indicator.target_year,
    }


# Parts of pygal's output that only serve its JavaScript tooltips.
_INTERACTIVE_CLASSES = {"tooltip-overlay", "tooltip"}


def _make_accessible(root, *, element_id, title, description, keep_style):
    """Post-processes pygal's tree: no scripts, no tooltips, one <title> and <desc> that name and
    describe the picture, and role="img" so screen readers read those instead of the drawing."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else None
            classes = set((child.get("class") or "").split()) if tag else set()
            if (
                tag is None  # comments (pygal's credits and the date it was drawn)
                or tag == "script"
                or (tag == "style" and not keep_style)
                or (tag in ("title", "desc") and parent is not root)
                or classes & _INTERACTIVE_CLASSES
            ):
                parent.remove(child)
    for node in root.iter():
        # DKFDS hides anything of class "overlay" (its modal backdrop), and pygal draws the dots in one.
        if isinstance(node.tag, str) and "overlay" in (node.get("class") or "").split():
            node.set("class", " ".join("pygal-overlay" if c == "overlay" else c for c in node.get("class").split()))
    title_node = root.find("title")
    title_node.text = title
    title_node.set("id", f"{element_id}-title")
    desc_node = etree.Element("desc", id=f"{element_id}-desc")
    desc_node.text = description
    root.insert(list(root).index(title_node) + 1, desc_node)
    root.set("role", "img")
    root.set("aria-labelledby", f"{element_id}-title {element_id}-desc")
    root.set("focusable", "false")
    if not keep_style:
        _paint_sparkline(root)
    return root


def _paint_sparkline(root):
    """Presentation attributes in place of the stylesheet that was left out."""
    for group in root.iter("g"):
        classes = (group.get("class") or "").split()
        if "series" not in classes:
            continue
        index = int(next(c for c in classes if c.startswith("serie-")).split("-")[1])
        for path in group.iter("path"):
            path.set("fill", "none")
            if index == 0:
                path.set("stroke", TRAJECTORY_COLOUR)
                path.set("stroke-width", "1")
                path.set("stroke-dasharray", "3 2")
            else:
                path.set("stroke", SERIES_COLOURS[(index - 1) % len(SERIES_COLOURS)])
                path.set("stroke-width", "2")
    for rect in root.iter("rect"):
        if "background" in (rect.get("class") or ""):
            rect.set("fill", "none")
