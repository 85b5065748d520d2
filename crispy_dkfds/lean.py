"""``LeanField``: a field of the ``dkfds`` pack rendered by Python instead of the template engine.

A page with many forms (the indsatser page: 48 initiatives of 13 fields) spent nearly all its time in
the template engine: each field went through ``dkfds/field.html``, its five includes and Django's widget
templates (one more template per radio or checkbox option), about 2 ms a field. ``LeanField`` writes the
same markup in Python, about ten times faster: ``dkfds/field.html`` and the widget templates of the
common widgets (text inputs, textarea, select, checkbox, radio and checkbox groups). The decisions (ids,
classes, ARIA attributes) stay in the template tags' functions (``field_info``, ``widget_attrs``) and in
the widgets' own ``get_context``; only the writing of the tags moves. tests/crispy_dkfds/test_lean.py
renders the same forms both ways and requires the same HTML.

Anything the lean path does not know (a widget with a template of its own, a layout option such as
``wrapper_class``, a prepended text, ``readonly``) goes through the templates as before::

    helper.layout = Layout(LeanField("name"), LeanFieldset("Status", LeanField("progress")))
"""

import html

from crispy_forms import layout as crispy_layout
from crispy_forms.utils import TEMPLATE_PACK, render_field
from django.forms.boundfield import BoundWidget
from django.utils.formats import localize
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import gettext

from .layout import Fieldset
from .templatetags.crispy_dkfds import field_info, widget_attrs, widget_id

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = {f"{WIDGETS}{name}.html" for name in ("text", "number", "email", "url", "checkbox", "hidden")}
OPTION_TEMPLATES = {f"{WIDGETS}radio_option.html", f"{WIDGETS}checkbox_option.html"}
# Context keys from a layout object or the helper that change field.html's markup.
TEMPLATE_ONLY = (
    "label_class",
    "wrapper_class",
    "tag",
    "crispy_prepended_text",
    "crispy_appended_text",
    "buttons",
    "inline_class",
    "dkfds_readonly",
)
SR_ONLY = '<span class="sr-only">{}</span>'
ID = ' id="{}"'


class LeanField(crispy_layout.LayoutObject):
    """One field, rendered like ``dkfds/field.html`` without the template engine."""

    def __init__(self, name):
        self.fields = [name]

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        name = self.fields[0]
        if template_pack != "dkfds" or form.crispy_field_template or any(context.get(key) for key in TEMPLATE_ONLY):
            return render_field(name, form, context, template_pack=template_pack, **kwargs)
        bound_field = form[name]
        markup = field_html(
            bound_field,
            show_errors=context.get("form_show_errors", True) is not False,
            show_labels=context.get("form_show_labels", True) is not False,
            optional_label=context.get("optional_label", True) is not False,
        )
        if markup is None:  # a widget the lean path does not write
            return render_field(name, form, context, template_pack=template_pack, **kwargs)
        if hasattr(form, "rendered_fields"):
            form.rendered_fields.add(name)
        # The whitespace field.html leaves around a field (the form's {% specialspaceless %} makes it one space).
        return SafeString(f"\n\n\n  {markup}\n\n")


class LeanFieldset(Fieldset):
    """crispy_dkfds.layout.Fieldset written like ``dkfds/layout/fieldset.html``, without compiling its
    legend as a template on every render (a legend with template syntax still goes that way)."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        legend = str(self.legend or "")
        if (
            template_pack != "dkfds"
            or self.template != Fieldset.template
            or any(mark in legend for mark in ("{{", "{%", "{#"))
        ):
            return super().render(form, context, template_pack=template_pack, **kwargs)
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        id_ = f' id="{escape(self.css_id)}"' if self.css_id else ""
        css_class = f' class="{escape(self.css_class)}"' if self.css_class else ""
        described = f' aria-describedby="{escape(self.hint_id)}"' if self.hint_id else ""
        legend_html = f'<legend class="{escape(self.legend_class or "h3")}">{legend}</legend>' if legend else ""
        hint = f'<span class="form-hint" id="{escape(self.hint_id)}">{_text(self.hint)}</span>' if self.hint else ""
        return SafeString(
            f"\n<fieldset{id_}{css_class}{described} {self.flat_attrs}>\n  {legend_html}\n  {hint}\n  {fields}\n</fieldset>\n"
        )


# --------------------------------------------------------------------------- dkfds/field.html


def field_html(bound_field, show_errors=True, show_labels=True, optional_label=True):
    """``dkfds/field.html`` for one bound field, or None when its widget needs its own template."""
    widget = bound_field.field.widget
    if bound_field.is_hidden:
        return hidden_html(bound_field)
    info = field_info(bound_field, show_errors)
    if info.kind in ("radios", "checkboxes"):
        if widget.option_template_name not in OPTION_TEMPLATES:
            return None
        control = options_html(bound_field, info)
    else:
        control = widget_html(bound_field, info)
        if control is None:
            return None
    css = bound_field.css_classes()
    parts = [
        f'<div id="div_{escape(bound_field.auto_id)}" class="form-group'
        f'{" form-error" if info.errors else ""}{f" {escape(css)}" if css else ""}">'
    ]
    label = _text(bound_field.label)
    if info.kind == "checkbox":
        parts += [
            errors_html(info),
            '<div class="form-group-checkbox">',
            control,
            f'<label class="form-label" for="{escape(info.label_for)}">'
            f"{label if show_labels else SR_ONLY.format(label)}</label>",
            hint_html(info),
            "</div>",
        ]
    elif info.is_group:
        described = f' aria-describedby="{escape(info.describedby)}"' if info.describedby else ""
        parts += [
            f"<fieldset{described}>",
            f'<legend class="form-label{"" if show_labels else " sr-only"}">{label}'
            f"{optional_html(info, optional_label)}</legend>",
            hint_html(info),
            errors_html(info),
            control,
            "</fieldset>",
        ]
    else:
        if bound_field.label:
            label_for = f' for="{escape(info.label_for)}"' if info.label_for else ""
            parts.append(
                f'<label class="form-label{"" if show_labels else " sr-only"}"{label_for}>{label}'
                f"{optional_html(info, optional_label)}</label>"
            )
        parts += [hint_html(info), errors_html(info), control]
    parts.append("</div>")
    return "   ".join(part for part in parts if part)


def hidden_html(bound_field):
    """``{{ field }}`` for a hidden field (what BoundField.as_widget() renders)."""
    widget = bound_field.field.widget
    if widget.template_name != f"{WIDGETS}hidden.html" or bound_field.field.localize:
        return str(bound_field)
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    return input_html(widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"])


def optional_html(info, optional_label):
    if info.optional and optional_label:
        return f'<span class="weight-normal"> ({escape(gettext("frivilligt"))})</span>'
    return ""


def hint_html(info):
    if not info.hint:
        return ""
    hint_id = f' id="{escape(info.hint_id)}"' if info.hint_id else ""
    return f'<span class="form-hint"{hint_id}>{info.hint}</span>'  # help text is HTML, as {{ hint|safe }}


def errors_html(info):
    if not info.errors:
        return ""
    prefix = f'<span class="sr-only">{escape(gettext("Fejl:"))} </span>'
    return "   ".join(
        f'<span class="form-error-message"{ID.format(escape(error.id)) if error.id else ""}>'
        f"{prefix}{_text(error.message)}</span>"
        for error in info.errors
    )


def options_html(bound_field, info):
    """A radio or checkbox group's options: each bare input, then its DKFDS label."""
    widget = bound_field.field.widget
    id_ = widget_id(bound_field)
    attrs = widget_attrs(bound_field, info, {"id": id_} if id_ else {})
    wrapper = "form-group-radio" if info.kind == "radios" else "form-group-checkbox"
    return "   ".join(
        f'<div class="{wrapper}">   {input_html(option)}<label class="form-label" '
        f'for="{escape(BoundWidget(widget, option, None).id_for_label)}">{_text(option["label"])}</label>   </div>'
        for option in widget.subwidgets(bound_field.html_name, bound_field.value(), attrs=attrs)
    )


# --------------------------------------------------------------------------- Django's widget templates


def widget_html(bound_field, info):
    """What ``{% dkfds_widget field dkfds %}`` renders, for the widgets written here (else None)."""
    widget = bound_field.field.widget
    if widget.template_name not in INPUT_TEMPLATES | {f"{WIDGETS}textarea.html", f"{WIDGETS}select.html"}:
        return None
    if bound_field.field.localize:
        widget.is_localized = True
    attrs = widget_attrs(bound_field, info)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    if widget.template_name == f"{WIDGETS}textarea.html":
        value = _text(context["value"]) if context["value"] else ""
        return f'<textarea name="{escape(context["name"])}"{attrs_html(context["attrs"])}>\n{value}</textarea>'
    if widget.template_name == f"{WIDGETS}select.html":
        return select_html(context)
    return input_html(context)


def attrs_html(attrs):
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(context):
    """django/forms/widgets/input.html (and an option's input, without its label)."""
    value = "" if context["value"] is None else f' value="{_formatted(context["value"])}"'
    return (
        f'<input type="{_text(context["type"])}" name="{escape(context["name"])}"{value}{attrs_html(context["attrs"])}>'
    )


def select_html(context):
    """django/forms/widgets/select.html with its select_option.html."""
    parts = [f'<select name="{escape(context["name"])}"{attrs_html(context["attrs"])}>']
    for group_name, group_choices, _index in context["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{attrs_html(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def escape(value):
    """Django's escape() without its check for lazy arguments (a third of the time here)."""
    return html.escape(str(value))


def _text(value):
    """``{{ value }}``: localized and escaped unless already safe."""
    value = localize(value)
    return value.__html__() if hasattr(value, "__html__") else escape(value)


def _formatted(value):
    """``{{ value|stringformat:'s' }}``: as text, escaped unless already safe."""
    return value.__html__() if isinstance(value, SafeData) else escape(value)
