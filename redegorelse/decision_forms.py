"""Forms for the political half: the committee's decision and BIF's reporting round."""

import datetime

from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from barometer.periods import Period
from crispy_dkfds.fields import DateField
from crispy_dkfds.layout import Fieldset
from organisation.models import Department
from organisation.textinput import TextInputPolicy

from .forms import plain_helper
from .models import FINAL_OUTCOMES, OUTCOME_PHRASES, Outcome, ReportingRound, Section
from .models.round import CUTOFF_AFTER_YEAR, default_cutoff

REASON_SECTIONS = [s for s in Section if s != Section.GENERAL] + [Section.GENERAL]


class DecisionForm(TextInputPolicy, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    after_decision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    meeting_date = DateField(label=gettext_lazy("Mødedato"))
    outcome = forms.ChoiceField(
        label=gettext_lazy("Udvalgets beslutning"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    decision_text = forms.CharField(
        label=gettext_lazy("Beslutningstekst"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy(
            "Den faste formulering for den valgte beslutning. Ret den, hvis udvalget besluttede noget mere. "
            "Står feltet tomt, bruges den faste formulering."
        ),
    )
    changes_text = forms.CharField(
        label=gettext_lazy("Ændringer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy(
            "Kun når indstillingen godkendes med ændringer: skriv, hvilke ændringer udvalget vedtog."
        ),
    )
    # Set by the confirmation step that comes before a decision which freezes the report.
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)
    agenda_item = forms.CharField(label=gettext_lazy("Dagsordenspunkt"), max_length=50, required=False)
    committee_case_number = forms.CharField(label=gettext_lazy("Udvalgets sagsnummer"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reason_fields = []
        for section in REASON_SECTIONS:
            name = f"reason_{section.value}"
            self.fields[name] = forms.CharField(
                label=section.label, widget=forms.Textarea(attrs={"rows": 2}), required=False
            )
            reason_fields.append(name)
        self.helper = plain_helper()
        self.helper.layout = Layout(
            "version",
            "after_decision",
            "meeting_date",
            "outcome",
            "decision_text",
            # The page's script shows each group only for the outcome it belongs to; without
            # script all are shown and the server checks them against the chosen outcome.
            Div("changes_text", css_class="outcome-group", data_show_for=Outcome.APPROVED_WITH_CHANGES.value),
            Div(
                Fieldset(
                    _("Begrundelser ved tilbagesendelse"),
                    *reason_fields,
                    legend_class="h3",
                    hint=_(
                        "Kun når indstillingen sendes tilbage. Skriv begrundelsen ved det afsnit, den handler om. "
                        "Mindst én er påkrævet."
                    ),
                ),
                css_class="outcome-group",
                data_show_for=Outcome.RETURNED.value,
            ),
            "agenda_item",
            "committee_case_number",
            # "confirmed" is left out: only the confirmation step's own form carries it.
        )

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        text = cleaned.get("decision_text", "").strip()
        if outcome:
            # What is saved is what the secretary saw: an empty field takes the chosen outcome's
            # phrase, and another outcome's phrase is an error, never silently replaced.
            other_phrases = {str(phrase): o for o, phrase in OUTCOME_PHRASES.items() if o != outcome}
            if not text:
                cleaned["decision_text"] = str(OUTCOME_PHRASES[outcome])
            elif text in other_phrases:
                self.add_error(
                    "decision_text",
                    _(
                        "»%(text)s« er formuleringen for »%(other)s«, men du har valgt »%(chosen)s«. "
                        "Ret teksten, eller tøm feltet for at bruge »%(phrase)s«"
                    )
                    % {
                        "text": text,
                        "other": Outcome(other_phrases[text]).label,
                        "chosen": Outcome(outcome).label,
                        "phrase": OUTCOME_PHRASES[outcome],
                    },
                )
        changes = cleaned.get("changes_text", "").strip()
        if outcome == Outcome.APPROVED_WITH_CHANGES and not changes:
            self.add_error("changes_text", _("Skriv, hvilke ændringer udvalget godkendte indstillingen med."))
        elif outcome and outcome != Outcome.APPROVED_WITH_CHANGES and changes:
            self.add_error(
                "changes_text",
                _(
                    "Ændringer skrives kun, når indstillingen godkendes med ændringer. Tøm feltet, eller vælg »%(label)s«."
                )
                % {"label": Outcome.APPROVED_WITH_CHANGES.label},
            )
        cleaned["reasons"] = [
            (section.value, cleaned[f"reason_{section.value}"].strip())
            for section in REASON_SECTIONS
            if cleaned.get(f"reason_{section.value}", "").strip()
        ]
        if outcome == Outcome.RETURNED and not cleaned["reasons"]:
            self.add_error("reason_general", _("Skriv mindst én begrundelse for at sende indstillingen tilbage."))
        elif outcome and outcome != Outcome.RETURNED and cleaned["reasons"]:
            self.add_error(
                f"reason_{cleaned['reasons'][0][0]}",
                _("Begrundelser gemmes kun, når indstillingen sendes tilbage. Tøm felterne, eller vælg »%(label)s«.")
                % {"label": Outcome.RETURNED.label},
            )
        return cleaned

    def needs_confirmation(self):
        """A decision that approves freezes the report; it is recorded only after a confirmation step."""
        return self.cleaned_data["outcome"] in FINAL_OUTCOMES and not self.cleaned_data.get("confirmed")

    def decision_arguments(self):
        data = self.cleaned_data
        return {
            "version": data["version"],
            "after_decision": data["after_decision"],
            "meeting_date": data["meeting_date"],
            "outcome": data["outcome"],
            "decision_text": data["decision_text"],
            "changes_text": data["changes_text"],
            "agenda_item": data["agenda_item"],
            "committee_case_number": data["committee_case_number"],
            "reasons": data["reasons"] if data["outcome"] == Outcome.RETURNED else [],
        }


class ReopenForm(TextInputPolicy, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Hvorfor genåbnes redegørelsen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Begrundelsen står i redegørelsens historik. Den godkendte version bliver i arkivet."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = plain_helper()


class RoundForm(TextInputPolicy, forms.ModelForm):
    submission_deadline = DateField(label=gettext_lazy("Fælles frist for indsendelse"))
    statusreport_due = DateField(label=gettext_lazy("Frist for den samlede statusrapport"), required=False)
    data_cutoff = forms.CharField(
        label=gettext_lazy("Barometerdata til og med"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-input input-width-s"}),
        help_text=gettext_lazy(
            "Det sidste halvår, runden bruger målinger fra, fx »2. halvår 2008«. Tom: det seneste halvår, der er "
            "slut før den fælles frist. Senere målinger ændrer ikke runden."
        ),
    )

    class Meta:
        model = ReportingRound
        fields = ["year", "submission_deadline", "statusreport_due"]
        widgets = {"year": forms.NumberInput(attrs={"class": "form-input input-width-xs"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("data_cutoff", self.instance.data_cutoff.file_label)
        self.departments = list(Department.objects.order_by("name"))
        current = {}
        if self.instance.pk:
            current = {d.department_id: d.deadline for d in self.instance.deadlines.all()}
        names = []
        for department in self.departments:
            name = f"deadline_{department.pk}"
            self.fields[name] = DateField(
                label=department.name,
                required=False,
                initial=current.get(department.pk),
                help_text=_("Tom: den fælles frist."),
            )
            names.append(name)
        self.helper = plain_helper()
        self.helper.layout = Layout(
            "year",
            "submission_deadline",
            "statusreport_due",
            "data_cutoff",
            Fieldset(
                _("Frister for de enkelte forvaltninger"),
                *names,
                legend_class="h2",
                hint=_(
                    "Udfyld kun, hvor en forvaltning skal have en anden frist, fx for at passe med udvalgets mødeplan."
                ),
            ),
        )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Skriv et årstal mellem 2000 og 2100."))
        return year

    def cutoff_is_fixed(self):
        return bool(self.instance.pk) and self.instance.reports.filter(submissions__isnull=False).exists()

    def clean_data_cutoff(self):
        text = self.cleaned_data["data_cutoff"].strip()
        if not text:
            return None
        try:
            return Period.parse(text)
        except ValueError:
            raise forms.ValidationError(_("Skriv halvåret som »1. halvår 2008« eller »2. halvår 2008«.")) from None

    def clean(self):
        cleaned = super().clean()
        cutoff = cleaned.get("data_cutoff")
        if cutoff is None and cleaned.get("submission_deadline") and "data_cutoff" not in self.errors:
            cutoff = default_cutoff(cleaned["submission_deadline"])
        if cutoff is not None and cleaned.get("year") and cutoff.year > cleaned["year"]:
            self.add_error("data_cutoff", CUTOFF_AFTER_YEAR)
        elif cutoff is not None and self.cutoff_is_fixed() and cutoff != self.instance.data_cutoff:
            self.add_error(
                "data_cutoff",
                _(
                    "Barometerdataene kan ikke flyttes, når en redegørelse i runden er indsendt: den er "
                    "vurderet ud fra målingerne til og med %(cutoff)s."
                )
                % {"cutoff": self.instance.data_cutoff},
            )
        elif cutoff is not None:
            self.instance.data_cutoff = cutoff
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # The policy is the one covering the year (set by the model's clean); a round without
        # goals to report on cannot be opened.
        policy = self.instance.policy if self.instance.policy_id else None
        if policy is not None and not self.errors and not policy.goals.exists():
            self.add_error(
                "year",
                _("%(policy)s har ingen mål endnu. Tilføj målene, før runden åbnes.") % {"policy": policy},
            )

    def past_deadlines(self, today):
        """The deadlines set before today, each as "label (dd.mm.åååå)", for a warning after saving."""
        past = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if isinstance(value, datetime.date) and name != "year" and value < today:
                past.append(f"{field.label} ({value.strftime('%d.%m.%Y')})")
        return past

    def department_deadlines(self):
        return {
            department: self.cleaned_data.get(f"deadline_{department.pk}")
            for department in self.departments
            if self.cleaned_data.get(f"deadline_{department.pk}")
        }
