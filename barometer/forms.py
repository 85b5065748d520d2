from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crispy_dkfds.layout import ErrorSummary
from organisation.models import Department
from organisation.textinput import TextInputPolicy

from .measurement_file import MAX_FILE_SIZE
from .models import HALF_CHOICES, Indicator, Measurement, Policy
from .periods import MAX_YEAR, MIN_YEAR, Period
from .status import Status
from .units import trimmed, value_problem


def form_helper(submit_label, *fields, method="post"):
    """A helper for forms whose <form> tag the template writes itself."""
    helper = FormHelper()
    helper.form_tag = False
    helper.form_method = method
    helper.layout = Layout(ErrorSummary(), *fields)
    helper.add_input(Submit("submit", submit_label))
    return helper


class OverviewFilterForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Ansvarlig forvaltning"),
        queryset=Department.objects.order_by("name"),
        to_field_name="abbreviation",
        required=False,
        empty_label=_("Alle forvaltninger"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Alle statusser")), *Status.choices], required=False)
    policy = forms.ModelChoiceField(
        label=_("Politik"),
        queryset=Policy.objects.order_by("-start_year"),
        required=False,
        empty_label=_("Den politik, der gælder nu"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Vis"), "department", "status", "policy", method="get")


class MeasurementForm(TextInputPolicy, forms.Form):
    """Enters a measurement, or corrects the one the period already has (then a reason is required)."""

    indicator = forms.ModelChoiceField(
        label=_("Indikator"), queryset=Indicator.objects.none(), to_field_name="code", empty_label=None
    )
    year = forms.IntegerField(label=_("År"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    half = forms.TypedChoiceField(label=_("Halvår"), choices=HALF_CHOICES, coerce=int)
    value = forms.DecimalField(
        label=_("Værdi"),
        max_digits=12,
        decimal_places=3,
        localize=True,
        help_text=_("Skriv tallet med decimalkomma, fx 57,5. Procenter skrives uden procenttegn."),
    )
    source_note = forms.CharField(
        label=_("Kilde"),
        max_length=300,
        required=False,
        validators=Measurement._meta.get_field("source_note").validators,
        help_text=_("Hvor tallet stammer fra, fx »Danmarks Statistik, RAS 2009«."),
    )
    reason = forms.CharField(
        label=_("Begrundelse for rettelsen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes, hvis halvåret allerede har en måling. Den tidligere værdi gemmes i historikken."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.active().select_related("goal").in_order()
        self.fields["indicator"].label_from_instance = lambda i: f"{i.code} {i.name} ({i.get_unit_display()})"
        self.helper = form_helper(_("Gem målingen"), "indicator", "year", "half", "value", "source_note", "reason")
        self.existing = None
        if not self.is_bound:
            self._start_from_existing()

    def _start_from_existing(self):
        """Opened from a measurement's "Ret" link: start from the value it has."""
        try:
            period = Period(int(self.initial["year"]), int(self.initial["half"]))
        except (KeyError, ValueError):
            return
        existing = Measurement.objects.filter(
            indicator__code=self.initial.get("indicator"), year=period.year, half=period.half
        ).first()
        if existing:
            self.initial.update(value=trimmed(existing.value), source_note=existing.source_note)

    def clean(self):
        cleaned = super().clean()
        indicator, value = cleaned.get("indicator"), cleaned.get("value")
        if indicator is None or value is None or not cleaned.get("year") or not cleaned.get("half"):
            return cleaned
        if problem := value_problem(indicator.unit, value):
            self.add_error("value", problem)
            return cleaned
        period = Period(cleaned["year"], cleaned["half"])
        self.existing = indicator.measurements.filter(year=period.year, half=period.half).first()
        if self.existing is None:
            return cleaned
        if not self.existing.differs_from(value, cleaned.get("source_note", "")):
            raise forms.ValidationError(
                gettext("%(period)s har allerede værdien %(value)s med den kilde. Der er intet at rette.")
                % {"period": period, "value": indicator.format_value(self.existing.value)}
            )
        if not cleaned.get("reason", "").strip():
            self.add_error(
                "reason",
                gettext("%(period)s har allerede en måling (%(value)s). Skriv, hvorfor den rettes.")
                % {"period": period, "value": indicator.format_value(self.existing.value)},
            )
        return cleaned

    def save(self, *, by):
        data = self.cleaned_data
        return data["indicator"].record_measurement(
            Period(data["year"], data["half"]),
            data["value"],
            by=by,
            source_note=data["source_note"],
            reason=data["reason"],
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med målinger"),
        validators=[FileExtensionValidator(["csv", "xlsx"], message=_("Filen skal være en CSV- eller XLSX-fil."))],
        help_text=_(
            "CSV (semikolonsepareret, UTF-8, som Excel gemmer »CSV UTF-8«) eller XLSX med kolonnerne "
            "indikator;periode;værdi;kilde. Perioden skrives 2009-1 eller 1. halvår 2009."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Lav en prøvekørsel"), "file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                gettext("Filen er for stor. Den må højst fylde %(size)s MB.") % {"size": MAX_FILE_SIZE // 1024 // 1024}
            )
        return upload
