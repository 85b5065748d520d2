"""What a report still lacks before it can be submitted, each item with a link to the field."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import case_number_validator
from .obligations import signals_for, unmet_obligations


@dataclass(frozen=True)
class Missing:
    message: str
    url: str


REQUIRED_TEXTS = [
    ("problem", gettext_lazy("Problemstilling")),
    ("solution", gettext_lazy("Løsning")),
    ("economy", gettext_lazy("Økonomi")),
    ("next_steps", gettext_lazy("Videre proces")),
    ("signatory_1_name", gettext_lazy("Første underskriver")),
    ("signatory_2_name", gettext_lazy("Anden underskriver")),
]


def missing_for_submission(report):
    edit_url = reverse("redegorelse:report-edit", args=[report.pk])
    assessments_url = reverse("redegorelse:report-assessments", args=[report.pk])
    initiatives_url = reverse("redegorelse:report-initiatives", args=[report.pk])
    missing = []
    if not report.case_number:
        missing.append(Missing(_("Sagsnummer mangler."), f"{edit_url}#id_case_number"))
    else:
        try:
            case_number_validator(report.case_number)
        except ValidationError:
            missing.append(Missing(_("Sagsnummeret har ikke formen ÅÅÅÅ-NNNNNNN."), f"{edit_url}#id_case_number"))
    for field, label in REQUIRED_TEXTS:
        if not getattr(report, field).strip():
            missing.append(Missing(_("%(label)s er ikke udfyldt.") % {"label": label}, f"{edit_url}#id_{field}"))
    signals = signals_for(report)
    initiatives = list(report.initiatives.all())
    for index, assessment in enumerate(report.assessments.all()):
        goal = assessment.goal
        anchor = f"{assessments_url}#id_assessment-{index}-"
        if not assessment.role:
            missing.append(
                Missing(_("Mål %(n)s: forvaltningens rolle er ikke valgt.") % {"n": goal.number}, f"{anchor}role")
            )
        if not assessment.realistic:
            missing.append(
                Missing(
                    _("Mål %(n)s: det er ikke angivet, om målet er realistisk.") % {"n": goal.number},
                    f"{anchor}realistic",
                )
            )
        if assessment.is_relevant and not assessment.reasons.strip():
            missing.append(Missing(_("Mål %(n)s: begrundelsen mangler.") % {"n": goal.number}, f"{anchor}reasons"))
        for field, message in unmet_obligations(assessment, initiatives, signals[goal.pk]):
            missing.append(Missing(message, f"{anchor}{field}"))
    for index, initiative in enumerate(report.initiatives.all()):
        anchor = f"{initiatives_url}#id_initiative-{index}-"
        if not initiative.goals.all():
            missing.append(
                Missing(
                    _("Indsatsen »%(name)s« er ikke knyttet til et mål.") % {"name": initiative.name}, f"{anchor}goals"
                )
            )
        if not initiative.progress:
            missing.append(
                Missing(
                    _("Indsatsen »%(name)s« mangler status i statusskemaet.") % {"name": initiative.name},
                    f"{anchor}progress",
                )
            )
        if initiative.copied:
            missing.append(
                Missing(
                    _("Indsatsen »%(name)s« er kopieret fra sidste år og er ikke gennemgået.")
                    % {"name": initiative.name},
                    f"{anchor}copied",
                )
            )
    return missing
