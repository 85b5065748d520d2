"""Layout objects for the ``dkfds`` template pack.

crispy-forms' own layout objects (``Fieldset``, ``Submit``, ``Div``, ...) render correctly with the pack as they
are; the ones here add what DKFDS has and crispy-forms has not:

- ``ErrorSummary``: the DKFDS error summary, for forms rendered with ``helper.form_tag = False`` (with a form
  tag the pack adds it on its own). Put it first in the layout.
- ``Fieldset``: takes a ``legend_class`` (DKFDS heading classes such as ``h2``) and a ``hint``.
- ``Submit``, ``Button``, ``Reset``: carry DKFDS button classes themselves, so they look right with any template.
"""

from crispy_forms import layout as crispy_layout
from crispy_forms.utils import TEMPLATE_PACK
from django.template.loader import render_to_string
from django.utils.text import slugify

__all__ = ["Button", "ErrorSummary", "Fieldset", "Reset", "Submit"]


class ErrorSummary(crispy_layout.TemplateNameMixin):
    """The DKFDS error summary: a ``div.alert.alert-error`` listing every error, each linking to its field.

    Example::

        helper.form_tag = False
        helper.layout = Layout(ErrorSummary(), "name", "email")
    """

    template = "%s/errors_summary.html"

    def __init__(self, template=None):
        self.template = template or self.template

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        template = self.get_template_name(template_pack)
        return render_to_string(template, {"form": form, "form_show_errors": context.get("form_show_errors", True)})


class Fieldset(crispy_layout.Fieldset):
    """A ``<fieldset>`` with a ``<legend>``, optionally styled as a heading and followed by a hint.

    Example::

        Fieldset(_("Adresse"), "street", "postcode", legend_class="h2", hint=_("Hvor bor du?"))
    """

    def __init__(self, legend, *fields, legend_class=None, hint=None, **kwargs):
        super().__init__(legend, *fields, **kwargs)
        self.legend_class = legend_class
        self.hint = hint

    @property
    def hint_id(self):
        """The hint's id, which the ``<fieldset>`` names in ``aria-describedby``."""
        if not self.hint:
            return ""
        base = self.css_id or f"fieldset-{slugify(str(self.legend)) or 'hint'}"
        return f"{base}-hint"


class Submit(crispy_layout.Submit):
    """A primary DKFDS button that submits the form."""

    field_classes = "button button-primary"


class Button(crispy_layout.Button):
    """A secondary DKFDS button (``type="button"``)."""

    field_classes = "button button-secondary"


class Reset(crispy_layout.Reset):
    """A secondary DKFDS button that resets the form."""

    field_classes = "button button-secondary"
