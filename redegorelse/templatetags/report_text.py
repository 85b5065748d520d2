from django import template
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import ngettext

from redegorelse.text import render_text

register = template.Library()


@register.filter
def report_text(value):
    """Renders a report text field: paragraphs and lists, everything else escaped away."""
    return render_text(value)


NUMBER_WORDS = {
    "da": ["nul", "ét", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv"],
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
}


@register.filter
def number_word(value):
    """A small count as a word in the active language, as documents write it ("seks mål");
    larger ones as digits."""
    words = NUMBER_WORDS["en" if (translation.get_language() or "da").startswith("en") else "da"]
    return words[value] if 0 <= value < len(words) else str(value)


@register.filter
def file_size(value):
    """A file size the way the interface's language writes it: "762 byte", "1,2 kB", "3,4 MB"
    (Django's filesizeformat says "762 bytes" in Danish too)."""
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
