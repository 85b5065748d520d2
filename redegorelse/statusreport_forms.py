"""BIF's forms on the statusrapport page: the export request and the introduction."""

from django import forms
from django.utils.translation import gettext_lazy

from organisation.textinput import TextInputPolicy

from .models import Edition, StatusReportIntroduction


class ExportForm(forms.Form):
    edition = forms.ChoiceField(label=gettext_lazy("Udgave"), choices=Edition.choices, initial=Edition.DRAFT)
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse for en ny endelig udgave"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Kun når der allerede findes en endelig udgave. Den tidligere udgave bevares i arkivet sammen med den nye."
        ),
    )


class IntroductionForm(TextInputPolicy, forms.ModelForm):
    class Meta:
        model = StatusReportIntroduction
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8, "class": "form-input"})}
        help_texts = {"text": gettext_lazy("Afsnit adskilles af en tom linje. Teksten indleder statusrapporten.")}
