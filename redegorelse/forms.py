from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout
from django import forms
from django.conf import settings
from django.forms import inlineformset_factory, modelformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from barometer.models import Goal
from crispy_dkfds.layout import Fieldset
from crispy_dkfds.lean import LeanField, LeanFieldset
from organisation.textinput import TextInputPolicy

from .attachments import inspect_upload, verified_name
from .models import Attachment, GoalAssessment, Initiative, Report

TEXTAREA = {"rows": 8, "class": "form-input"}
TEXT_HINT = gettext_lazy("Skriv almindelige afsnit. Start en linje med »- « for en punktopstilling.")


def plain_helper():
    """Forms on these pages sit inside a <form> the template writes (it adds the version and the
    autosave attributes), so crispy renders only the fields; the page shows one error summary
    for the whole form or formset."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    # Everything may be left empty in a draft; the submit step says what must be filled in.
    helper.optional_label = False
    return helper


WIDE = {"class": "form-input input-width-xl"}


def return_reason(section):
    """The committee's reason for sending back, beside the section it concerns (while it is open;
    the edit view puts the open reasons in the template context)."""
    return HTML('{% include "redegorelse/_return_reason.html" with section="' + section + '" %}')


def text_section(legend, field, anchor, *more):
    """A section of free text: its legend names the text area (no label of its own), with the
    committee's reason for sending it back beside it while that is open."""
    return Fieldset(
        legend,
        return_reason(field),
        Field(field, wrapper_class="named-by-legend"),
        *more,
        legend_class="h2",
        css_id=anchor,
    )


class VersionedForm(forms.Form):
    """The version of the report the user started from; the save is refused if it moved on."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReportForm(TextInputPolicy, forms.ModelForm):
    class Meta:
        model = Report
        fields = Report.CONTENT_FIELDS
        widgets = {
            "title": forms.TextInput(attrs=WIDE),
            "extra_recommendations": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs=TEXTAREA),
            "solution": forms.Textarea(attrs=TEXTAREA),
            "solution_closing": forms.Textarea(attrs={"rows": 4}),
            "economy": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"problem": TEXT_HINT, "economy": TEXT_HINT, "next_steps": TEXT_HINT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = plain_helper()
        self.helper.layout = Layout(
            Fieldset(
                _("Indstilling"),
                return_reason("recommendation"),
                "case_number",
                "title",
                "extra_recommendations",
                legend_class="h2",
                css_id="afsnit-indstilling",
            ),
            text_section(_("Problemstilling"), "problem", "afsnit-problemstilling"),
            text_section(_("Løsning"), "solution", "afsnit-loesning", "solution_closing"),
            text_section(_("Økonomi"), "economy", "afsnit-oekonomi"),
            text_section(_("Videre proces"), "next_steps", "afsnit-videre-proces"),
            Fieldset(
                _("Underskrifter"),
                "signatory_1_name",
                "signatory_1_title",
                "signatory_2_name",
                "signatory_2_title",
                legend_class="h2",
            ),
        )


class AssessmentForm(TextInputPolicy, forms.ModelForm):
    class Meta:
        model = GoalAssessment
        fields = ["role", "realistic", "reasons", "no_new_initiative_reason", "red_indicator_explanation"]
        widgets = {
            "role": forms.RadioSelect,
            "realistic": forms.RadioSelect,
            "reasons": forms.Textarea(attrs={"rows": 5}),
            "no_new_initiative_reason": forms.Textarea(attrs={"rows": 3}),
            "red_indicator_explanation": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"reasons": gettext_lazy("Skal udfyldes, medmindre målet ikke er relevant for forvaltningen.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank choice would show as an empty radio button.
        for name in ["role", "realistic"]:
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
            self.fields[name].required = False
        self.barometer_fields = {name: self.fields[name] for name in self.BAROMETER_FIELDS}
        self.show_signals(None)

    BAROMETER_FIELDS = ["no_new_initiative_reason", "red_indicator_explanation"]

    def show_signals(self, signals):
        """Asks for the barometer answers only where the department's indicators call for them."""
        self.signals = signals
        extra = []
        for name, needed in [
            ("no_new_initiative_reason", bool(signals and signals.obliging)),
            ("red_indicator_explanation", bool(signals and signals.red)),
        ]:
            if needed:
                self.fields[name] = self.barometer_fields[name]
                extra.append(name)
            else:
                self.fields.pop(name, None)
        self.helper = plain_helper()
        self.helper.layout = Layout("role", "realistic", "reasons", *extra)

    def clean(self):
        cleaned = super().clean()
        relevant = GoalAssessment(role=cleaned.get("role", ""), realistic=cleaned.get("realistic", "")).is_relevant
        if cleaned.get("role") and cleaned.get("realistic") and relevant and not cleaned.get("reasons", "").strip():
            self.add_error("reasons", _("Skriv en begrundelse, eller marker målet som ikke relevant."))
        return cleaned


AssessmentFormSet = modelformset_factory(GoalAssessment, form=AssessmentForm, extra=0, can_delete=False)


INITIATIVE_FIELDS = [
    "name",
    "goals",
    "kind",
    "description",
    "target_group",
    "period",
    "resources_dkk",
    "funding",
    "funding_source",
    "partners",
]
STATUS_FORM_FIELDS = ["progress", "results", "next_actions"]


class InitiativeForm(TextInputPolicy, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [*INITIATIVE_FIELDS, *STATUS_FORM_FIELDS, "attachment", "attachment_subject", "copied"]
        widgets = {
            "name": forms.TextInput(attrs=WIDE),
            "target_group": forms.TextInput(attrs=WIDE),
            "partners": forms.TextInput(attrs=WIDE),
            "attachment_subject": forms.TextInput(attrs=WIDE),
            "goals": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "next_actions": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"copied": gettext_lazy("Kopieret fra sidste år og endnu ikke gennemgået")}
        help_texts = {"copied": gettext_lazy("Fjern markeringen, når du har gennemgået indsatsen.")}

    def __init__(self, *args, report=None, shared_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        shared = {} if shared_choices is None else shared_choices
        if "goals" not in shared:
            # The goals of the report's own round (a later policy never changes an older report):
            # the common ones and the department's own udvalg's.
            shared["goals_queryset"] = report.round.goals_for(report.department) if report else Goal.objects.none()
            shared["attachments_queryset"] = (
                Attachment.objects.for_report(report) if report else Attachment.objects.none()
            )
        self.fields["goals"].queryset = shared["goals_queryset"]
        self.fields["goals"].required = False
        self.fields["goals"].label_from_instance = goal_label
        self.fields["attachment"].queryset = shared["attachments_queryset"]
        self.fields["attachment"].label_from_instance = attachment_label
        self.share_choices(shared, "goals", "attachment", "kind", "progress")
        self.share_texts(shared)
        self.fields["resources_dkk"].localize = True
        self.fields["resources_dkk"].widget.is_localized = True
        # The review mark only makes sense on an initiative copied from last year.
        show_copied = bool(self.instance.pk and self.instance.copied)
        if not show_copied:
            del self.fields["copied"]
        self.helper = plain_helper()
        # The indsatser page shows one of these forms per initiative (48 in the load test's data):
        # its fields are written by LeanField, the same markup as the pack's templates at a tenth
        # of the cost.
        self.helper.layout = Layout(
            *map(LeanField, INITIATIVE_FIELDS),
            LeanFieldset(_("Statusskema"), *map(LeanField, STATUS_FORM_FIELDS), legend_class="h4"),
            LeanField("attachment"),
            LeanField("attachment_subject"),
            *([LeanField("copied")] if show_copied else []),
        )

    def share_choices(self, shared, *names):
        """The goals and bilag to choose from (and the kinds and states) are the same for every
        initiative of a report: the first form reads them (one query each) and translates their
        labels, and every other form of the page shows that same list."""
        for name in names:
            widget = self.fields[name].widget
            if name not in shared:
                shared[name] = [(value, str(label)) for value, label in self.fields[name].choices]
            widget.choices = shared[name]

    def share_texts(self, shared):
        """The fields' labels and help texts, translated once for all the page's forms."""
        texts = shared.setdefault("texts", {})
        for name, field in self.fields.items():
            if name not in texts:
                texts[name] = (None if field.label is None else str(field.label), str(field.help_text))
            field.label, field.help_text = texts[name]


def goal_label(goal):
    return f"{goal.number}. {goal.area}"


def attachment_label(attachment):
    return attachment.title


class BaseInitiativeFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_kwargs["report"] = self.instance
        self.form_kwargs["shared_choices"] = {}

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["report"] = self.instance
        return kwargs


def initiative_formset(extra=0):
    return inlineformset_factory(
        Report,
        Initiative,
        form=InitiativeForm,
        formset=BaseInitiativeFormSet,
        extra=extra,
        can_delete=True,
    )


class AttachmentUploadForm(TextInputPolicy, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "description", "file", "alt_text"]
        widgets = {
            "title": forms.TextInput(attrs=WIDE),
            "description": forms.Textarea(attrs={"rows": 3}),
            "alt_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, Word (DOCX), Excel (XLSX), PNG eller JPEG, højst %(mb)s MB.") % {
            "mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        }
        self.report = report
        self.inspection = None
        self.helper = plain_helper()
        self.fields["alt_text"].help_text = _(
            "Kun hvis filen ikke er en tilgængelig (tagget) PDF, fx en skannet side: beskriv med ord, hvad bilaget viser."
        )
        self.helper.layout = Layout("title", "description", "file", "alt_text")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Attachment.objects.filter(report=self.report).count() >= settings.ATTACHMENT_MAX_PER_REPORT:
            raise forms.ValidationError(
                _("En redegørelse kan højst have %(max)s bilag. Fjern et bilag, før du tilføjer et nyt.")
                % {"max": settings.ATTACHMENT_MAX_PER_REPORT}
            )
        self.inspection = inspect_upload(upload)
        # Stored and named by what it is, not by what its name says.
        upload.name = verified_name(upload.name, self.inspection.kind)
        return upload


class AttachmentEditForm(TextInputPolicy, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "description", "alt_text"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "alt_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = plain_helper()
        self.helper.layout = Layout("title", "description", "alt_text")
