"""Template helpers for the ``dkfds`` crispy-forms template pack.

The templates stay declarative; the decisions (which CSS class a widget takes, which ids describe an input,
what goes in the error summary) are made here, once.
"""

import re
from dataclasses import dataclass, field

from django import forms, template
from django.forms.boundfield import BoundWidget
from django.forms.formsets import BaseFormSet
from django.utils.safestring import mark_safe

register = template.Library()

HINT_SUFFIX = "-hint"
ERROR_SUFFIX = "-error"
SUMMARY_RENDERED = "_dkfds_error_summary_rendered"

BUTTON_VARIANTS = {"submit": "button-primary", "button": "button-secondary", "reset": "button-secondary"}
BOOTSTRAP_BUTTON_CLASSES = {"btn", "btn-inverse", "btn-default", "hidden"}
ALERT_VARIANTS = ("alert-info", "alert-success", "alert-warning", "alert-error")


# --------------------------------------------------------------------------- widgets


def widget_kind(widget):
    """What DKFDS component a widget becomes: checkbox, radios, checkboxes, select, file or input."""
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select | forms.SelectDateWidget):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


CSS_CLASS_BY_KIND = {
    "checkbox": "form-checkbox",
    "checkboxes": "form-checkbox",
    "radios": "form-radio",
    "select": "form-select",
    "file": "",  # DKFDS styles input[type=file] without a class
    "input": "form-input",
}


def merge_classes(*class_strings):
    """Join CSS class strings, dropping duplicates and keeping the first occurrence's order."""
    seen = []
    for value in class_strings:
        for css_class in str(value or "").split():
            if css_class not in seen:
                seen.append(css_class)
    return " ".join(seen)


def widget_id(bound_field):
    return bound_field.field.widget.attrs.get("id") or bound_field.auto_id


def summary_target_id(bound_field):
    """The id of the element the error summary links to: the input itself, or a group's first option."""
    id_ = widget_id(bound_field)
    if not id_:
        return ""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple included
        return widget.id_for_label(id_, "0")
    return widget.id_for_label(id_) or id_


# --------------------------------------------------------------------------- field information


@dataclass
class FieldError:
    id: str
    message: str


@dataclass
class FieldInfo:
    """Everything a field template needs to tie label, hint, errors and input together."""

    id: str
    label_for: str
    kind: str
    is_group: bool
    hint: str
    hint_id: str
    errors: list = field(default_factory=list)
    describedby: str = ""
    optional: bool = False


def field_info(bound_field, show_errors=True):
    form_field = bound_field.field
    widget = form_field.widget
    id_ = widget_id(bound_field) or ""
    kind = widget_kind(widget)
    hint = bound_field.help_text or getattr(widget, "dkfds_hint", "") or ""
    hint_id = f"{id_}{HINT_SUFFIX}" if id_ and hint else ""

    errors = []
    if show_errors:
        for number, message in enumerate(bound_field.errors, start=1):
            error_id = ""
            if id_:
                error_id = f"{id_}{ERROR_SUFFIX}" if number == 1 else f"{id_}{ERROR_SUFFIX}-{number}"
            errors.append(FieldError(id=error_id, message=message))

    described = [widget.attrs.get("aria-describedby", ""), hint_id, *(error.id for error in errors)]
    return FieldInfo(
        id=id_,
        label_for=bound_field.id_for_label,
        kind=kind,
        is_group=bool(getattr(widget, "use_fieldset", False)),
        hint=hint,
        hint_id=hint_id,
        errors=errors,
        describedby=merge_classes(*described),
        optional=not form_field.required and not form_field.disabled and kind != "checkbox",
    )


@register.simple_tag(takes_context=True)
def dkfds_field_info(context, bound_field):
    """``{% dkfds_field_info field as dkfds %}``: ids, hint and errors for one bound field."""
    return field_info(bound_field, show_errors=context.get("form_show_errors", True) is not False)


def widget_attrs(bound_field, info, extra=None):
    """The attributes the input (or each option) is rendered with, Django's own included."""
    widget = bound_field.field.widget
    attrs = bound_field.build_widget_attrs(dict(extra or {}), widget)
    # Django links help text and errors with its own ids; ours follow DKFDS (id-hint, id-error).
    attrs.pop("aria-describedby", None)
    if not info.errors:
        attrs.pop("aria-invalid", None)
    if info.describedby and not info.is_group:
        attrs["aria-describedby"] = info.describedby
    css_class = merge_classes(widget.attrs.get("class"), CSS_CLASS_BY_KIND[info.kind])
    if css_class:
        attrs["class"] = css_class
    return attrs


@register.simple_tag(takes_context=True)
def dkfds_widget(context, bound_field, info=None):
    """``{% dkfds_widget field dkfds %}``: the field's input with DKFDS classes and ARIA attributes."""
    if info is None:
        info = dkfds_field_info(context, bound_field)
    widget = bound_field.field.widget
    if bound_field.field.localize:
        widget.is_localized = True
    extra = {"readonly": True} if context.get("dkfds_readonly") else {}
    attrs = widget_attrs(bound_field, info, extra)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    return widget.render(
        name=bound_field.html_name,
        value=bound_field.value(),
        attrs=attrs,
        renderer=bound_field.form.renderer,
    )


@register.simple_tag(takes_context=True)
def dkfds_options(context, bound_field, info=None):
    """``{% dkfds_options field dkfds as options %}``: a radio or checkbox group's options as ``BoundWidget``s.

    Each option renders its bare input with ``{{ option.tag }}`` so the template can put the DKFDS label right
    after it (the DKFDS CSS draws the box with ``.form-radio + label``).
    """
    if info is None:
        info = dkfds_field_info(context, bound_field)
    widget = bound_field.field.widget
    id_ = widget_id(bound_field)
    attrs = widget_attrs(bound_field, info, {"id": id_} if id_ else {})
    return [
        BoundWidget(widget, option, bound_field.form.renderer)
        for option in widget.subwidgets(bound_field.html_name, bound_field.value(), attrs=attrs)
    ]


# --------------------------------------------------------------------------- error summary


@dataclass
class SummaryItem:
    message: str
    href: str = ""
    label: str = ""


def form_summary_items(form):
    items = [SummaryItem(message=error) for error in form.non_field_errors()]
    for bound_field in form:
        if not bound_field.errors:
            continue
        label = str(bound_field.label or "")
        target = "" if bound_field.is_hidden else summary_target_id(bound_field)
        for error in bound_field.errors:
            items.append(SummaryItem(message=error, href=f"#{target}" if target else "", label=label))
    return items


def error_summary_items(form_or_formset):
    if not getattr(form_or_formset, "is_bound", True):
        return []  # nothing was sent, so nothing is in error (and 48 forms need not be walked)
    if isinstance(form_or_formset, BaseFormSet):
        items = [SummaryItem(message=error) for error in form_or_formset.non_form_errors()]
        for form in form_or_formset.forms:
            items.extend(form_summary_items(form))
        return items
    if isinstance(form_or_formset, forms.BaseForm):
        return form_summary_items(form_or_formset)
    return []


@register.simple_tag(takes_context=True)
def dkfds_error_summary_items(context, form_or_formset=None):
    """``{% dkfds_error_summary_items form as items %}``: what the error summary lists.

    Field errors link to their input; non-field errors are plain items. Marks the form so that
    ``display_form.html`` does not show its non-field errors a second time below the summary.
    """
    if form_or_formset is None or form_or_formset == "":
        form_or_formset = context.get("form") or context.get("formset")
    if form_or_formset is None or form_or_formset == "":
        return []
    if context.get("form_show_errors", True) is False:
        return []
    items = error_summary_items(form_or_formset)
    if items:
        setattr(form_or_formset, SUMMARY_RENDERED, True)
    return items


@register.filter
def dkfds_summary_rendered(form_or_formset):
    """True when an error summary has already listed this form's errors."""
    return bool(getattr(form_or_formset, SUMMARY_RENDERED, False))


@register.simple_tag
def dkfds_forget_error_summary(form_or_formset):
    """Clear the mark left by the error summary once crispy has finished rendering the form.

    Without this a second rendering of the same form object would leave out its summary.
    """
    if hasattr(form_or_formset, SUMMARY_RENDERED):
        delattr(form_or_formset, SUMMARY_RENDERED)
    return ""


@register.simple_tag(takes_context=True)
def dkfds_show_error_summary(context, form_or_formset):
    """Whether ``whole_uni_form.html`` adds the error summary itself.

    Yes when crispy writes the ``<form>`` tag, unless the helper says otherwise with ``helper.error_summary =
    False`` (or forces it with ``True``), errors are hidden, or a summary was already rendered for this form.
    """
    if context.get("form_show_errors", True) is False:
        return False
    if dkfds_summary_rendered(form_or_formset):
        return False
    choice = context.get("error_summary")
    if choice is True or choice is False:
        return choice
    return bool(context.get("form_tag") or context.get("formset_tag"))


# --------------------------------------------------------------------------- buttons and alerts


def _dkfds_button_classes(default_variant, classes):
    """DKFDS button classes: the variant unless the extra classes name one, Bootstrap's ``btn*`` dropped."""
    extra = [c for c in str(classes or "").split() if c not in BOOTSTRAP_BUTTON_CLASSES and c != "button"]
    extra = [c.replace("btn-", "button-", 1) if c.startswith("btn-") else c for c in extra]
    has_variant = any(c.startswith("button-") for c in extra)
    return merge_classes("button", "" if has_variant else default_variant, *extra)


@register.filter
def dkfds_button_class(input_object):
    """CSS classes for a crispy ``Submit``/``Button``/``Reset``: ``button button-primary`` and so on."""
    variant = BUTTON_VARIANTS.get(getattr(input_object, "input_type", ""), "button-secondary")
    return _dkfds_button_classes(variant, getattr(input_object, "field_classes", ""))


_CLASS_ATTR = re.compile(r'class="([^"]*)"')


@register.filter
def dkfds_button_attrs(flat_attrs):
    """Rewrite a ``StrictButton``'s flattened attributes so its ``class`` holds DKFDS button classes."""
    flat_attrs = str(flat_attrs or "")  # already escaped by flatatt()
    if not _CLASS_ATTR.search(flat_attrs):
        return mark_safe(f' class="button button-secondary"{flat_attrs}')
    replaced = _CLASS_ATTR.sub(lambda m: f'class="{_dkfds_button_classes("button-secondary", m.group(1))}"', flat_attrs)
    return mark_safe(replaced)


@register.filter
def dkfds_alert_class(css_class):
    """An alert's classes with a DKFDS variant (``alert-info`` unless one is given)."""
    classes = merge_classes("alert", css_class).replace("alert-danger", "alert-error")
    classes = " ".join(c for c in classes.split() if c not in {"alert-block", "alert-dismissible"})
    if not any(variant in classes.split() for variant in ALERT_VARIANTS):
        classes += " alert-info"
    return classes


@register.filter
def dkfds_alert_variant(css_class):
    """The variant of an alert (info, success, warning or error), for the icon and the ARIA role."""
    for variant in dkfds_alert_class(css_class).split():
        if variant in ALERT_VARIANTS:
            return variant.removeprefix("alert-")
    return "info"
