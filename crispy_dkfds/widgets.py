"""Widgets that render the way DKFDS asks for them.

``DateInput`` shows and accepts Danish dates (dd.mm.åååå). The field templates pick up its ``dkfds_hint`` and
show it as the field's hint when the field has no help text of its own.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

DANISH_DATE_FORMAT = "%d.%m.%Y"


class DateInput(forms.DateInput):
    """A plain text input for a date written as dd.mm.åååå (22.04.2009).

    DKFDS advises against the browser's own date picker (``type="date"``): it is hard to use with a keyboard
    and a screen reader, and it shows the date in the browser's format instead of the Danish one.
    """

    input_type = "text"
    dkfds_hint = _("Skriv datoen som dd.mm.åååå, fx 22.04.2009")

    def __init__(self, attrs=None, format=None, hint=None):
        attrs = {"class": "form-input input-width-s", **(attrs or {})}
        super().__init__(attrs=attrs, format=format or DANISH_DATE_FORMAT)
        if hint is not None:
            self.dkfds_hint = hint
