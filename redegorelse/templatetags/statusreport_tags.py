"""The statusrapport's contents when it is rendered in pieces: each entry's page number, known
from the other pieces' page counts, as a data-page attribute the stylesheet prints."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def page_attribute(pages, anchor):
    """` data-page="N"` when the page of `anchor` is known, else nothing (the whole document in
    one pass counts its pages with target-counter)."""
    if not pages or anchor not in pages:
        return ""
    return format_html(' data-page="{}"', pages[anchor])
