"""BIF's forms for the integration policies, their goals and the indicators that measure them."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organisation.models import Committee, Department

from .forms import form_helper
from .models import Goal, Indicator, Policy
from .periods import MAX_YEAR, MIN_YEAR

YEAR = {"class": "form-input input-width-xs"}
WIDE = {"class": "form-input input-width-xl"}


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = ["name", "start_year", "end_year"]
        widgets = {"name": forms.TextInput(attrs=WIDE), "start_year": forms.NumberInput(attrs=YEAR)}
        help_texts = {
            "name": _("Fx »Integrationspolitik 2007–2010« eller »Inklusionspolitik«."),
            "end_year": _("Perioderne for to politikker må ikke overlappe: hvert år hører til én politik."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["start_year", "end_year"]:
            self.fields[name].min_value = MIN_YEAR
            self.fields[name].max_value = MAX_YEAR
            self.fields[name].widget = forms.NumberInput(attrs=YEAR)
        self.helper = form_helper(_("Gem politikken"), "name", "start_year", "end_year")

    def clean(self):
        cleaned = super().clean()
        for name in ["start_year", "end_year"]:
            year = cleaned.get(name)
            if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
                self.add_error(
                    name, gettext("Skriv et årstal mellem %(min)s og %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
                )
        return cleaned


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["number", "area", "text", "target_text", "target_source", "committee"]
        widgets = {
            "number": forms.NumberInput(attrs=YEAR),
            "area": forms.TextInput(attrs=WIDE),
            "text": forms.Textarea(attrs={"rows": 4}),
            "target_text": forms.Textarea(attrs={"rows": 3}),
            "target_source": forms.RadioSelect,
        }
        labels = {"area": _("Titel (hovedindsatsområde)")}

    def __init__(self, *args, policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy
        self.instance.policy = policy
        self.fields["committee"].queryset = Committee.objects.order_by("name")
        self.fields["committee"].empty_label = gettext("Fælles mål for alle udvalg")
        self.fields["number"].min_value = 1
        self.helper = form_helper(_("Gem målet"), *self.Meta.fields)

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = Goal.objects.filter(policy=self.policy, number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(gettext("Politikken har allerede et mål nr. %(number)s.") % {"number": number})
        return number


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, goal):
        return f"{goal.policy.period_label}: {goal.number}. {goal.area}"


INDICATOR_FIELDS = [
    "goal",
    "code",
    "name",
    "description",
    "unit",
    "direction",
    "departments",
    "data_source",
    "baseline_value",
    "baseline_year",
    "baseline_half",
    "target_value",
    "target_year",
    "tolerance",
    "is_active",
    "definition_version",
]


class IndicatorForm(forms.ModelForm):
    """An indicator. Its code is what the import files use, so it is fixed once made; its unit
    is fixed once it has measurements; and it stays with its own policy's goals, so moving it
    never changes which policy an earlier round's barometer belongs to."""

    goal = GoalChoiceField(label=_("Mål"), queryset=Goal.objects.none(), empty_label=None)

    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS
        widgets = {
            "name": forms.TextInput(attrs=WIDE),
            "description": forms.Textarea(attrs={"rows": 3}),
            "departments": forms.CheckboxSelectMultiple,
            "data_source": forms.TextInput(attrs=WIDE),
            "baseline_year": forms.NumberInput(attrs=YEAR),
            "target_year": forms.NumberInput(attrs=YEAR),
            "definition_version": forms.NumberInput(attrs=YEAR),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        goals = Goal.objects.select_related("policy").order_by("-policy__start_year", "number")
        if self.instance.pk:
            goals = goals.filter(policy=self.instance.goal.policy_id)
            self.fields["code"].disabled = True
            self.fields["code"].help_text = gettext("Koden bruges i importfilerne og kan ikke ændres.")
            if self.instance.measurements.exists():
                self.fields["unit"].disabled = True
                self.fields["unit"].help_text = gettext("Indikatoren har målinger, så enheden kan ikke ændres.")
        self.fields["goal"].queryset = goals
        self.fields["departments"].queryset = Department.objects.order_by("name")
        for name in ["baseline_value", "target_value", "tolerance"]:
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
        self.helper = form_helper(_("Gem indikatoren"), *INDICATOR_FIELDS)
