"""LeanField writes the same HTML as dkfds/field.html and Django's widget templates: the same forms,
rendered once through the templates and once through LeanField, give the same page."""

import re
from decimal import Decimal

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from crispy_forms.utils import render_crispy_form
from django import forms
from django.template import RequestContext, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from crispy_dkfds.layout import Fieldset
from crispy_dkfds.lean import LeanField, LeanFieldset
from crispy_dkfds.widgets import DateInput


class EveryWidgetForm(forms.Form):
    required_css_class = "required"
    error_css_class = "has-error"
    name = forms.CharField(label="Navn <b>", help_text=mark_safe("Skriv dit <em>fulde</em> navn"))
    email = forms.EmailField(label="E-mail", required=False)
    amount = forms.DecimalField(label="Beløb", required=False, localize=True)
    count = forms.IntegerField(label="Antal", required=False)
    contact = forms.ChoiceField(
        label="Kontakt", choices=[("mail", "E-mail & brev"), ("phone", "Telefon")], widget=forms.RadioSelect
    )
    topics = forms.MultipleChoiceField(
        label="Emner",
        choices=[("housing", "Bolig"), ("work", "Arbejde <og> uddannelse")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.BooleanField(label="Samtykke", help_text="Sæt kryds", required=False)
    born = forms.DateField(label="Født", widget=DateInput, required=False)
    remarks = forms.CharField(label="Bemærkninger", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    municipality = forms.ChoiceField(label="Kommune", choices=[("", "Vælg"), ("101", "København")])
    grouped = forms.ChoiceField(
        label="Gruppe", required=False, choices=[("", "—"), ("Nord", [("1", "Et"), ("2", "To")]), ("3", "Tre")]
    )
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    upload = forms.FileField(label="Bilag", required=False)  # not written by LeanField: the template

    def clean(self):
        if self.data.get("name") == "Fejl":
            raise forms.ValidationError("Formularen kan ikke sendes <nu>.")
        return super().clean()

    def __init__(self, *args, lean=False, show_labels=True, optional_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        wrap = LeanField if lean else str
        fieldset = LeanFieldset if lean else Fieldset
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.form_show_labels = show_labels
        if optional_label is not None:
            self.helper.optional_label = optional_label
        names = list(self.fields)
        self.helper.layout = Layout(
            *(wrap(n) for n in names[:5]),
            fieldset("Mere & <i>mindre</i>", *(wrap(n) for n in names[5:-2]), legend_class="h4"),
            fieldset("Bilag", Field("upload", wrapper_class="extra"), css_id="bilag", hint="Højst <10> MB", data_x="1"),
            fieldset("Om {{ form.name.label }}", wrap("secret"), css_class="c"),
        )


BAD = {
    "name": "<script>",
    "email": "ikke en adresse",
    "amount": "12,5",
    "count": "x",
    "contact": "fax",
    "topics": ["work", "nope"],
    "consent": "on",
    "born": "31.02.2009",
    "remarks": 'Linje "1"\n<linje> 2',
    "municipality": "",
    "grouped": "2",
    "secret": "a&b",
}
GOOD = {**BAD, "email": "a@b.dk", "count": "3", "contact": "mail", "topics": ["work"], "born": "01.02.2009"}
GOOD.update(municipality="101", name="Anne & Bo")


def both(**kwargs):
    return [render_crispy_form(EveryWidgetForm(lean=lean, **kwargs)) for lean in (False, True)]


@pytest.mark.parametrize("data", [None, BAD, GOOD], ids=["unbound", "errors", "valid"])
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("options", [{}, {"show_labels": False}, {"optional_label": False}], ids=str)
def test_lean_fields_render_what_the_templates_render(data, language, options):
    with translation.override(language):
        template, lean = both(data=data, **options)
    assert "<textarea" in lean and "optgroup" in lean and 'type="radio"' in lean and 'type="file"' in lean
    assert lean == template


def test_initial_values_are_written_like_the_templates_write_them():
    initial = {"name": "Anne", "amount": Decimal("1234.5"), "count": 7, "topics": ["housing"], "consent": True}
    initial.update(contact="phone", remarks="tekst", grouped="1", secret="x")
    with translation.override("da"):
        template, lean = both(initial=initial)
    assert 'value="1234,5"' in lean
    assert lean == template


def test_a_layout_option_the_lean_path_does_not_know_goes_through_the_template():
    form = EveryWidgetForm(lean=True)
    form.helper.layout = Layout(LeanField("name"), Field("email", wrapper_class="wide"))
    assert 'class="form-group wide"' in render_crispy_form(form)
    forms_ = [EveryWidgetForm(lean=lean) for lean in (False, True)]
    for form in forms_:
        form.helper.field_template = "dkfds/layout/inline_field.html"
    template, lean = (render_crispy_form(form) for form in forms_)
    assert lean == template


@pytest.mark.parametrize("data", [None, BAD, {**GOOD, "name": "Fejl"}], ids=["unbound", "errors", "non-field"])
@pytest.mark.parametrize("form_tag", [False, True])
def test_lean_crispy_renders_what_crispy_renders(data, form_tag, rf):
    """{% lean_crispy %} skips whole_uni_form.html where it adds only white space (no <form> tag,
    no token, no non-field errors); otherwise it is {% crispy %}."""
    pages = []
    for tag in ("{% load crispy_forms_tags %}{% crispy form %}", "{% load dkfds_lean %}{% lean_crispy form %}"):
        form = EveryWidgetForm(data=data, lean=True)
        form.helper.form_tag = form_tag
        form.helper.disable_csrf = not form_tag
        html = Template(tag).render(RequestContext(rf.get("/"), {"form": form}))
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html))  # masked anew each time
    template, lean = pages
    assert ("<form" in lean) == form_tag
    assert lean == template
