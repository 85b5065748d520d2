"""The dkfds crispy-forms template pack renders DKFDS markup that is tied together for assistive technology:
labels point at inputs, inputs point at their hint and error message, the error summary links to each field
in error, and radio and checkbox groups sit in a fieldset with a legend."""

import datetime

from crispy_forms.bootstrap import AppendedText, FormActions, InlineRadios, PrependedText, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import (
    HTML,
    Button,
    ButtonHolder,
    Column,
    Div,
    Field,
    Fieldset,
    Layout,
    MultiField,
    Reset,
    Row,
    Submit,
)
from crispy_forms.utils import render_crispy_form
from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation

from crispy_dkfds.fields import DateField
from crispy_dkfds.layout import ErrorSummary
from crispy_dkfds.widgets import DateInput

SUMMARY_HEADING = "Der er problemer med det, du har indtastet"
DATE_HINT = "Skriv datoen som dd.mm.åååå, fx 22.04.2009"


class ApplicationForm(forms.Form):
    name = forms.CharField(label="Navn", help_text="Skriv dit fulde navn")
    email = forms.EmailField(label="E-mail")
    contact = forms.ChoiceField(
        label="Hvordan vil du kontaktes?",
        choices=[("mail", "E-mail"), ("phone", "Telefon")],
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label="Emner",
        choices=[("housing", "Bolig"), ("work", "Arbejde")],
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(label="Jeg giver samtykke")
    born = forms.DateField(label="Fødselsdato", widget=DateInput)
    attachment = forms.FileField(label="Bilag", required=False)
    remarks = forms.CharField(label="Bemærkninger", widget=forms.Textarea, required=False)
    municipality = forms.ChoiceField(label="Kommune", choices=[("", "Vælg kommune"), ("101", "København")])

    def __init__(self, *args, form_tag=True, layout_first=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = form_tag
        head = [layout_first] if layout_first is not None else []
        self.helper.layout = Layout(
            *head,
            Fieldset("Om dig", *self.fields),
            Submit("save", "Gem"),
            Button("cancel", "Annullér"),
        )

    def clean(self):
        if self.data.get("name") == "Fejl":
            raise forms.ValidationError("Ansøgningen kan ikke sendes lige nu.")
        return super().clean()


INVALID_DATA = {"name": "Fejl", "email": "ikke-en-adresse", "born": "31.02.2009", "contact": "fax"}
FIELDS_IN_ERROR = {
    "email": "id_email",
    "contact": "id_contact_0",  # a radio group links to its first option
    "topics": "id_topics_0",
    "consent": "id_consent",
    "born": "id_born",
    "municipality": "id_municipality",
}


# --------------------------------------------------------------------------- a small DOM on django.test.html


def render(form):
    return parse_html(render_crispy_form(form))


def walk(node, ancestors=()):
    """Every element under node (node included unless it is parse_html's nameless root) with its ancestors."""
    if getattr(node, "name", None):
        yield node, ancestors
        ancestors = (*ancestors, node)
    for child in node.children:
        if not isinstance(child, str):
            yield from walk(child, ancestors)


def attr(element, name):
    return dict(element.attributes).get(name)


def classes(element):
    return (attr(element, "class") or "").split()


def text(element):
    return " ".join(child if isinstance(child, str) else text(child) for child in element.children).strip()


def find_all(document, tag=None, css_class=None, **attributes):
    found = []
    for element, _ancestors in walk(document):
        if tag and element.name != tag:
            continue
        if css_class and css_class not in classes(element):
            continue
        if any(attr(element, name.replace("_", "-")) != value for name, value in attributes.items()):
            continue
        found.append(element)
    return found


def by_id(document, element_id):
    matches = [element for element, _ancestors in walk(document) if attr(element, "id") == element_id]
    assert len(matches) == 1, f"expected one element with id {element_id!r}, found {len(matches)}"
    return matches[0]


def ancestors_of(document, target):
    for element, ancestors in walk(document):
        if element is target:
            return ancestors
    raise AssertionError("element not in document")


def described_by(element):
    return (attr(element, "aria-describedby") or "").split()


def error_summary(document):
    return [
        element
        for element in find_all(document, "div", css_class="alert-error")
        if attr(element, "data-module") == "error-summary"
    ]


def bound_invalid(**kwargs):
    form = ApplicationForm(data=INVALID_DATA, **kwargs)
    assert not form.is_valid()
    return form


# --------------------------------------------------------------------------- unbound form


def test_it_ties_every_label_to_an_input():
    document = render(ApplicationForm())
    labels = find_all(document, "label")
    assert labels
    for label in labels:
        target = by_id(document, attr(label, "for"))
        assert target.name in {"input", "select", "textarea"}
    controls = [e for e in find_all(document) if e.name in {"input", "select", "textarea"}]
    labelled = {attr(label, "for") for label in labels}
    for control in controls:
        if attr(control, "type") in {"hidden", "submit"}:
            continue
        assert attr(control, "id") in labelled, f"{attr(control, 'name')} has no label"


def test_it_gives_each_control_its_dkfds_class_inside_a_form_group():
    document = render(ApplicationForm())
    expected = {
        "id_name": "form-input",
        "id_email": "form-input",
        "id_contact_0": "form-radio",
        "id_topics_0": "form-checkbox",
        "id_consent": "form-checkbox",
        "id_born": "form-input",
        "id_remarks": "form-input",
        "id_municipality": "form-select",
    }
    for element_id, css_class in expected.items():
        control = by_id(document, element_id)
        assert css_class in classes(control), element_id
        assert any("form-group" in classes(a) for a in ancestors_of(document, control)), element_id
    assert by_id(document, "id_remarks").name == "textarea"
    assert by_id(document, "id_municipality").name == "select"
    assert attr(by_id(document, "id_attachment"), "type") == "file"


def test_it_puts_the_dkfds_label_right_after_each_option():
    """The DKFDS CSS draws radios and checkboxes with `.form-radio + label`."""
    html = render_crispy_form(ApplicationForm())
    for option_id in ("id_contact_0", "id_contact_1", "id_topics_0", "id_consent"):
        assert f'id="{option_id}"' in html
        after_input = html.split(f'id="{option_id}"', 1)[1].split(">", 1)[1].lstrip()
        assert after_input.startswith(f'<label class="form-label" for="{option_id}">')


def test_it_links_the_hint_to_its_input():
    document = render(ApplicationForm())
    hint = by_id(document, "id_name-hint")
    assert "form-hint" in classes(hint)
    assert text(hint) == "Skriv dit fulde navn"
    assert "id_name-hint" in described_by(by_id(document, "id_name"))
    assert "aria-invalid" not in dict(by_id(document, "id_name").attributes)


def test_it_shows_the_date_hint_unless_the_field_has_its_own_help_text():
    document = render(ApplicationForm())
    assert text(by_id(document, "id_born-hint")) == DATE_HINT
    assert described_by(by_id(document, "id_born")) == ["id_born-hint"]

    form = ApplicationForm()
    form.fields["born"].help_text = "Som i dit pas"
    document = render(form)
    assert text(by_id(document, "id_born-hint")) == "Som i dit pas"


def test_it_wraps_the_layout_fieldset_around_the_fields_with_a_legend():
    document = render(ApplicationForm())
    fieldsets = [f for f in find_all(document, "fieldset") if find_all(f, "legend") and text(find_all(f, "legend")[0])]
    outer = next(f for f in fieldsets if text(find_all(f, "legend")[0]) == "Om dig")
    assert by_id(outer, "id_name")
    assert by_id(outer, "id_municipality")


def test_it_marks_an_unbound_form_multipart_and_shows_no_error_summary():
    document = render(ApplicationForm())
    form_tag = find_all(document, "form")[0]
    assert attr(form_tag, "enctype") == "multipart/form-data"
    assert error_summary(document) == []
    assert find_all(document, css_class="form-error-message") == []


def test_it_renders_an_initial_date_as_dd_mm_yyyy():
    document = render(ApplicationForm(initial={"born": datetime.date(2009, 4, 22)}))
    born = by_id(document, "id_born")
    assert attr(born, "value") == "22.04.2009"
    assert attr(born, "type") == "text"


def test_it_parses_a_dd_mm_yyyy_date():
    form = ApplicationForm(data={"born": "22.04.2009"})
    form.is_valid()
    assert form.cleaned_data["born"] == datetime.date(2009, 4, 22)


def test_it_parses_a_dd_mm_yyyy_date_in_the_dkfds_date_field_whatever_the_language():
    class DateForm(forms.Form):
        day = DateField()

    for language in ("da", "en"):
        with translation.override(language):
            form = DateForm(data={"day": "22.04.2009"})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["day"] == datetime.date(2009, 4, 22)
    assert isinstance(DateForm().fields["day"].widget, DateInput)


def test_it_renders_submit_and_button_as_dkfds_buttons():
    document = render(ApplicationForm())
    submit = by_id(document, "submit-id-save")
    assert submit.name == "button"
    assert attr(submit, "type") == "submit"
    assert {"button", "button-primary"} <= set(classes(submit))
    assert "btn" not in classes(submit)
    assert text(submit) == "Gem"
    cancel = by_id(document, "button-id-cancel")
    assert attr(cancel, "type") == "button"
    assert {"button", "button-secondary"} <= set(classes(cancel))


# --------------------------------------------------------------------------- bound, invalid form


def test_it_shows_the_error_summary_linking_to_each_field_in_error():
    form = bound_invalid()
    document = render(form)
    [summary] = error_summary(document)
    assert attr(summary, "role") == "alert"
    assert attr(summary, "tabindex") == "-1"
    assert text(find_all(summary, "h2")[0]) == SUMMARY_HEADING

    links = {attr(a, "href"): text(a) for a in find_all(summary, "a")}
    assert set(links) == {f"#{target}" for target in FIELDS_IN_ERROR.values()}
    for href in links:
        by_id(document, href.removeprefix("#"))  # the link goes somewhere
    for name, target in FIELDS_IN_ERROR.items():
        assert links[f"#{target}"] == f"{form.fields[name].label}: {form.errors[name][0]}"


def test_it_lists_non_field_errors_in_the_summary_without_a_link():
    document = render(bound_invalid())
    [summary] = error_summary(document)
    items = find_all(summary, "li")
    [plain] = [li for li in items if not find_all(li, "a")]
    assert text(plain) == "Ansøgningen kan ikke sendes lige nu."
    # ...and only there, not a second time under the summary
    assert render_crispy_form(bound_invalid()).count("Ansøgningen kan ikke sendes lige nu.") == 1


def test_it_links_each_inline_error_message_to_its_input():
    document = render(bound_invalid())
    for name in ("email", "consent", "born", "municipality"):
        control = by_id(document, f"id_{name}")
        message = by_id(document, f"id_{name}-error")
        assert "form-error-message" in classes(message)
        assert text(find_all(message, css_class="sr-only")[0]) == "Fejl:"
        assert f"id_{name}-error" in described_by(control), name
        assert attr(control, "aria-invalid") == "true", name
        group = next(a for a in reversed(ancestors_of(document, control)) if "form-group" in classes(a))
        assert "form-error" in classes(group), name
    assert described_by(by_id(document, "id_born")) == ["id_born-hint", "id_born-error"]


def test_it_leaves_valid_fields_alone():
    document = render(bound_invalid())
    remarks = by_id(document, "id_remarks")
    assert "aria-invalid" not in dict(remarks.attributes)
    assert not described_by(remarks)
    assert attr(by_id(document, "id_born"), "value") == "31.02.2009"  # what the user typed stays


def test_it_groups_radios_and_checkboxes_in_a_fieldset_with_a_legend():
    document = render(bound_invalid())
    for name, legend_text in (("contact", "Hvordan vil du kontaktes?"), ("topics", "Emner")):
        options = [by_id(document, f"id_{name}_0"), by_id(document, f"id_{name}_1")]
        fieldsets = [a for a in ancestors_of(document, options[0]) if a.name == "fieldset"]
        group = fieldsets[-1]  # the innermost one, not the layout's "Om dig"
        assert fieldsets[-1] is [a for a in ancestors_of(document, options[1]) if a.name == "fieldset"][-1]
        legend = next(child for child in group.children if not isinstance(child, str))
        assert legend.name == "legend"
        assert text(legend) == legend_text
        assert f"id_{name}-error" in described_by(group)
        assert by_id(group, f"id_{name}-error")
        for option in options:
            assert attr(option, "aria-invalid") == "true"


def test_it_escapes_error_messages():
    form = ApplicationForm(data={})
    form.is_valid()
    form.add_error("name", "<script>alert(1)</script>")
    html = render_crispy_form(form)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_it_renders_the_summary_again_when_the_same_form_is_rendered_twice():
    form = bound_invalid()
    assert len(error_summary(render(form))) == 1
    assert len(error_summary(render(form))) == 1


# --------------------------------------------------------------------------- forms without a form tag


def test_it_leaves_the_summary_out_without_a_form_tag_but_keeps_non_field_errors():
    document = render(bound_invalid(form_tag=False))
    assert find_all(document, "form") == []
    assert error_summary(document) == []
    alerts = find_all(document, "div", css_class="alert-error")
    assert [text(find_all(a, "li")[0]) for a in alerts] == ["Fejl: Ansøgningen kan ikke sendes lige nu."]


def test_it_renders_the_summary_as_a_layout_object():
    form = bound_invalid(form_tag=False, layout_first=ErrorSummary())
    html = render_crispy_form(form)
    document = parse_html(html)
    assert len(error_summary(document)) == 1
    assert html.count("Ansøgningen kan ikke sendes lige nu.") == 1
    assert {attr(a, "href") for a in find_all(error_summary(document)[0], "a")} == {
        f"#{target}" for target in FIELDS_IN_ERROR.values()
    }


def test_it_renders_the_summary_from_an_include_before_the_form():
    form = bound_invalid(form_tag=False)
    template = Template(
        '{% load crispy_forms_tags %}{% include "dkfds/errors_summary.html" %}<form method="post">{% crispy form %}'
        "</form>"
    )
    html = template.render(Context({"form": form}))
    document = parse_html(html)
    assert len(error_summary(document)) == 1
    assert SUMMARY_HEADING in html
    assert html.count("Ansøgningen kan ikke sendes lige nu.") == 1


def test_it_does_not_add_a_second_summary_when_the_layout_has_one():
    document = render(bound_invalid(layout_first=ErrorSummary()))
    assert len(error_summary(document)) == 1


def test_it_renders_with_the_crispy_tag_and_filter():
    form = bound_invalid()
    tag_html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    assert len(error_summary(parse_html(tag_html))) == 1
    filter_html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))
    document = parse_html(filter_html)
    assert "id_email" in [attr(label, "for") for label in find_all(document, "label")]
    assert "id_email-error" in described_by(by_id(document, "id_email"))


def test_it_renders_every_builtin_layout_object():
    form = ApplicationForm()
    form.helper.layout = Layout(
        HTML("<p>Tekst</p>"),
        MultiField("Kontakt", "name"),
        Row(Column("email"), Column(Field("remarks", css_class="input-width-l"))),
        Div(InlineRadios("contact"), css_id="contact-box"),
        PrependedText("municipality", "Kommune"),
        AppendedText("born", "dato"),
        ButtonHolder(Submit("save", "Gem"), Reset("reset", "Nulstil")),
        FormActions(StrictButton("Hjælp", css_class="btn-primary")),
    )
    document = render(form)
    assert "input-width-l" in classes(by_id(document, "id_remarks"))
    assert "form-input" in classes(by_id(document, "id_remarks"))
    assert by_id(document, "contact-box")
    assert {"button", "button-secondary"} <= set(classes(by_id(document, "reset-id-reset")))
    [strict] = [b for b in find_all(document, "button") if text(b) == "Hjælp"]
    assert {"button", "button-primary"} <= set(classes(strict))
    assert find_all(document, css_class="form-input-prefix")
    assert find_all(document, css_class="form-input-suffix")


def test_it_marks_optional_fields_unless_the_helper_says_not_to():
    form = ApplicationForm()
    document = render(form)
    assert text(find_all(document, "label", **{"for": "id_remarks"})[0]) == "Bemærkninger (frivilligt)"
    assert text(find_all(document, "label", **{"for": "id_name"})[0]) == "Navn"

    form.helper.optional_label = False
    document = render(form)
    assert text(find_all(document, "label", **{"for": "id_remarks"})[0]) == "Bemærkninger"


def test_it_leaves_the_summary_out_when_the_helper_says_so():
    form = bound_invalid()
    form.helper.error_summary = False
    document = render(form)
    assert error_summary(document) == []
    assert by_id(document, "id_email-error")


def test_it_summarises_the_errors_of_every_form_in_a_formset():
    formset_class = forms.formset_factory(ApplicationForm, extra=0)
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-0-email": "x", "form-1-email": "y"}
    formset = formset_class(data=data)
    assert not formset.is_valid()
    document = parse_html(render_crispy_form(formset, helper=FormHelper()))
    [summary] = error_summary(document)
    hrefs = {attr(a, "href") for a in find_all(summary, "a")}
    assert {"#id_form-0-email", "#id_form-1-email", "#id_form-1-contact_0"} <= hrefs
    for href in hrefs:
        by_id(document, href.removeprefix("#"))
