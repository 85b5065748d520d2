"""Form fields that pair with the DKFDS widgets."""

from django import forms
from django.utils import formats
from django.utils.functional import lazy

from crispy_dkfds.widgets import DANISH_DATE_FORMAT, DateInput


def _date_input_formats():
    """dd.mm.åååå first, then whatever the active language accepts."""
    localised = [f for f in formats.get_format("DATE_INPUT_FORMATS") if f != DANISH_DATE_FORMAT]
    return [DANISH_DATE_FORMAT, *localised]


class DateField(forms.DateField):
    """A date field shown and parsed as dd.mm.åååå whatever language is active."""

    widget = DateInput
    input_formats = lazy(_date_input_formats, list)()
