"""What a report still lacks before it can be submitted, each item with a link to the field."""

import re
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


# "Se bilag 4", "Som bilag 4 er vedlagt", "bilag 2 og 3" is not needed: one number is enough to flag.
BILAG_REFERENCE = re.compile(r"\bbilag\s+(\d+)", re.IGNORECASE)
REFERENCING_TEXTS = [
    ("extra_recommendations", gettext_lazy("Indstillingen")),
    ("problem", gettext_lazy("Problemstilling")),
    ("solution", gettext_lazy("Løsning")),
    ("economy", gettext_lazy("Økonomi")),
    ("next_steps", gettext_lazy("Videre proces")),
]
INITIATIVE_TEXTS = ["description", "results", "next_actions", "funding"]


def quote_around(text, match, width=40):
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    return ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")


def dangling_bilag_references(text, numbers, where, url):
    """A reference to a bilag the report does not have, e.g. text kept from last year's report
    whose bilag were not copied."""
    found = []
    for match in BILAG_REFERENCE.finditer(text or ""):
        number = int(match.group(1))
        if number not in numbers:
            found.append(
                Missing(
                    _(
                        "%(where)s henviser til bilag %(number)s, som redegørelsen ikke har: »%(quote)s«. "
                        "Vedlæg bilaget, eller ret henvisningen."
                    )
                    % {"where": where, "number": number, "quote": quote_around(text, match)},
                    url,
                )
            )
    return found


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
    missing.extend(bilag_references(report, initiatives, edit_url, assessments_url, initiatives_url))
    return missing


def bilag_references(report, initiatives, edit_url, assessments_url, initiatives_url):
    numbers = {attachment.number for attachment in report.attachments.all()}
    found = []
    for field, label in REFERENCING_TEXTS:
        found += dangling_bilag_references(getattr(report, field), numbers, label, f"{edit_url}#id_{field}")
    for index, assessment in enumerate(report.assessments.all()):
        where = _("Mål %(n)s") % {"n": assessment.goal.number}
        url = f"{assessments_url}#id_assessment-{index}-reasons"
        found += dangling_bilag_references(assessment.reasons, numbers, where, url)
    for index, initiative in enumerate(initiatives):
        where = _("Indsatsen »%(name)s«") % {"name": initiative.name}
        for field in INITIATIVE_TEXTS:
            url = f"{initiatives_url}#id_initiative-{index}-{field}"
            found += dangling_bilag_references(getattr(initiative, field), numbers, where, url)
    return found
