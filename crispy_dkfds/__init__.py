"""A django-crispy-forms template pack, ``dkfds``, for Det Fælles Designsystem (DKFDS 11).

Settings: ``CRISPY_TEMPLATE_PACK = "dkfds"`` and ``CRISPY_ALLOWED_TEMPLATE_PACKS = ("dkfds",)``.

Every field becomes a DKFDS form group (``div.form-group``): ``label.form-label`` tied to the input, the help
text as ``span.form-hint`` (id ``<input id>-hint``), each error as ``span.form-error-message`` with a visually
hidden "Fejl:" (id ``<input id>-error``), and the input with its DKFDS class (``form-input``, ``form-select``,
``form-radio``, ``form-checkbox``), ``aria-describedby`` naming the hint and error ids and ``aria-invalid`` when
it has errors. Radio and checkbox groups (and other multi-input widgets) sit in a ``fieldset`` with a
``legend``. Optional fields get "(frivilligt)" after the label (``helper.optional_label = False`` turns that off).

The error summary (``dkfds/errors_summary.html``: ``div.alert.alert-error``, heading "Der er problemer med det,
du har indtastet", a link to each field in error, non-field errors as plain items) is added at the top of the
form when crispy writes the ``<form>`` tag. ``helper.error_summary = False`` leaves it out, ``True`` adds it
even without a form tag. With ``helper.form_tag = False`` put ``crispy_dkfds.layout.ErrorSummary()`` first in the
layout or ``{% include "dkfds/errors_summary.html" %}`` (with ``form`` in the context) before ``{% crispy %}``.
Forms crispy writes get ``novalidate`` so the server's accessible messages replace the browser's bubbles;
``helper.browser_validation = True`` keeps the browser's validation.

Public API:

- ``crispy_dkfds.widgets.DateInput``: a text input that shows dates as dd.mm.åååå and comes with the hint
  "Skriv datoen som dd.mm.åååå, fx 22.04.2009" (the field's own help text wins).
- ``crispy_dkfds.fields.DateField``: a ``DateField`` with that widget that parses dd.mm.åååå in any language.
- ``crispy_dkfds.layout``: ``ErrorSummary``, ``Fieldset`` (``legend_class``, ``hint``), ``Submit``, ``Button``,
  ``Reset``. crispy's own layout objects (and the ``crispy_forms.bootstrap`` ones) render with the pack too.
"""
