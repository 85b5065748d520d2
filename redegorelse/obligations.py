"""Where the barometer meets the report (docs/domain.md, and the seed's "Videre proces"): an indicator
the department is responsible for that is gul or rød obliges it to answer, for that goal, with a
new or strengthened initiative or a written reason why not; and a goal assessed as realistic
while the department's own indicators for it are rød needs an explanation."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from barometer.models import Indicator
from barometer.status import Status

from .models import InitiativeKind, Realism

OBLIGING = {Status.YELLOW, Status.RED}
ANSWERING_KINDS = {InitiativeKind.NEW, InitiativeKind.STRENGTHENED}


@dataclass
class GoalSignals:
    """The department's indicators for one goal, and what they ask of the report."""

    indicators: list = field(default_factory=list)

    @property
    def obliging(self):
        return [i for i in self.indicators if i.assessment.status in OBLIGING]

    @property
    def red(self):
        return [i for i in self.indicators if i.assessment.status == Status.RED]


def signals_for(report):
    """{goal_id: GoalSignals} for the department's indicators of the report's round: the round's
    policy, and only the measurements up to the round's data cut-off. One set of queries."""
    by_goal = defaultdict(GoalSignals)
    for indicator in Indicator.objects.for_round(report.round).for_department(report.department):
        by_goal[indicator.goal_id].indicators.append(indicator)
    return by_goal


def codes(indicators):
    return ", ".join(f"{i.code} ({i.assessment.status.label.lower()})" for i in indicators)


def unmet_obligations(assessment, initiatives, signals):
    """(field, message) pairs for what this goal's assessment still owes the barometer."""
    goal = assessment.goal
    problems = []
    answered = any(i.kind in ANSWERING_KINDS and any(g.pk == goal.pk for g in i.goals.all()) for i in initiatives)
    if signals.obliging and not answered and not assessment.no_new_initiative_reason.strip():
        problems.append(
            (
                "no_new_initiative_reason",
                _(
                    "Mål %(goal)s: indikator %(codes)s kræver en ny eller styrket indsats for målet eller en "
                    "begrundelse for, hvorfor forvaltningen ikke iværksætter en."
                )
                % {"goal": goal.number, "codes": codes(signals.obliging)},
            )
        )
    if assessment.realistic == Realism.YES and signals.red and not assessment.red_indicator_explanation.strip():
        problems.append(
            (
                "red_indicator_explanation",
                _("Mål %(goal)s er vurderet realistisk, men indikator %(codes)s er rød. Forklar vurderingen.")
                % {"goal": goal.number, "codes": codes(signals.red)},
            )
        )
    return problems
