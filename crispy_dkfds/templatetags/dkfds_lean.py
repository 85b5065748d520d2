"""Template tags for pages that repeat a form many times (crispy_dkfds/lean.py says why):
``{% lean_crispy form %}`` and ``{{ form.id|dkfds_hidden }}``."""

from crispy_forms.templatetags.crispy_forms_tags import (
    CrispyFormNode,
    whole_uni_form_template,
    whole_uni_formset_template,
)
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django import template
from django.forms import BoundField
from django.template import VariableDoesNotExist
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from ..lean import hidden_html
from .crispy_dkfds import SUMMARY_RENDERED, dkfds_show_error_summary

register = template.Library()


# --------------------------------------------------------------------------- {% lean_crispy form %}


class LeanFormNode(CrispyFormNode):
    """``{% crispy form %}`` for a form whose helper writes only its fields (``form_tag = False``,
    ``disable_csrf = True``, no inputs, no media) and has no non-field errors: then
    ``dkfds/whole_uni_form.html`` adds nothing but white space around the laid-out fields, so the
    node returns them as its ``{% specialspaceless %}`` would, without rendering three templates.
    Any other form renders exactly as with ``{% crispy %}``. Used where a page repeats a form
    (the indsatser page: one per initiative)."""

    def render(self, context):
        try:
            final = self.get_render(context)
        except VariableDoesNotExist:
            return context.template.engine.string_if_invalid
        form = final.get("form")
        if self.lean_possible(final, form):
            if hasattr(form, SUMMARY_RENDERED):
                delattr(form, SUMMARY_RENDERED)
            # The new lines around are whole_uni_form.html's own, outside its {% specialspaceless %}.
            return mark_safe(f"\n{remove_spaces(form.form_html.strip())}\n")
        if getattr(self.actual_helper, "template", False):
            template = get_template(self.actual_helper.template)
        elif final["is_formset"]:
            template = whole_uni_formset_template(self.template_pack)
        else:
            template = whole_uni_form_template(self.template_pack)
        return template.render(final.flatten())

    def lean_possible(self, final, form):
        return (
            form is not None
            and not final["is_formset"]
            and self.template_pack == "dkfds"
            and not getattr(self.actual_helper, "template", False)
            and getattr(form, "form_html", None) is not None
            and not final["form_tag"]
            and final["disable_csrf"]
            and not final["inputs"]
            and not (final["include_media"] and str(form.media))
            and not (final["form_show_errors"] and form.non_field_errors())
            and not dkfds_show_error_summary(final, form)
        )


@register.filter
def dkfds_hidden(bound_field):
    """``{{ form.id|dkfds_hidden }}``: ``{{ form.id }}`` for a hidden field, without the template engine."""
    if not isinstance(bound_field, BoundField):
        return bound_field  # no such field: as {{ form.id }}, nothing
    return mark_safe(hidden_html(bound_field))


@register.tag(name="lean_crispy")
def lean_crispy(parser, token):
    """``{% lean_crispy form %}``: ``{% crispy form %}`` (the form's own helper, the dkfds pack)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% lean_crispy form %} takes the form alone.")
    return LeanFormNode(bits[1], None, template_pack="dkfds")
