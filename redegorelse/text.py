"""The report's free text: paragraphs and simple lists written as a small Markdown subset.
Whatever the user typed, only these tags survive, so nothing entered is ever rendered as HTML of
its own, on the page or in the PDF."""

import html

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "br"}


def render_text(value):
    if not value:
        return ""
    # Escaping first shows typed angle brackets as text instead of silently dropping them;
    # nh3 afterwards is the guarantee that only the allowed tags reach the page.
    rendered = markdown.markdown(html.escape(value, quote=False), extensions=["sane_lists", "nl2br"])
    return mark_safe(nh3.clean(rendered, tags=ALLOWED_TAGS, attributes={}, link_rel=None))
