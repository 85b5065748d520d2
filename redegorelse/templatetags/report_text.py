from django import template

from redegorelse.text import render_text

register = template.Library()


@register.filter
def report_text(value):
    """Renders a report text field: paragraphs and lists, everything else escaped away."""
    return render_text(value)


@register.filter
def file_size(value):
    """A file size the way the interface's language writes it: "762 byte", "1,2 kB", "3,4 MB"
    (Django's filesizeformat says "762 bytes" in Danish too)."""
    from django.utils.formats import number_format
    from django.utils.translation import ngettext

    try:
        size = int(value)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return ngettext("%(size)s byte", "%(size)s byte", size) % {"size": size}
    for unit in ("kB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{number_format(round(size, 1), decimal_pos=1)} {unit}"
    return ""
