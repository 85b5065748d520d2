from django import template

from redegorelse.text import render_text

register = template.Library()


@register.filter
def report_text(value):
    """Renders a report text field: paragraphs and lists, everything else escaped away."""
    return render_text(value)
