"""The barometer's status rules: grøn, gul, rød or hvid for an indicator's latest measurement.

Pure functions on plain values, with no database, so that every rule is tested case by case
(tests/barometer/test_status.py) and explained in the same words on the help page. In order:

1. **hvid** when there is no measurement.
2. **grøn** when the latest measurement meets the target (at or beyond it in the good direction),
   also when the target was met already at the baseline: the source's rule obliges a forvaltning
   to act on "negative or insufficient development towards the targets", and a met target is not.
3. Otherwise the latest measurement is compared with the one before it (however many half-years
   lie between). Measurements made under different definitions (a break in the series) are not
   comparable, so after a break the first measurement is judged like a first measurement:
   - **rød** when it moved the wrong way by more than the tolerance;
   - **gul** when the change is within the tolerance (equal values included);
   - **gul** when it moved the right way but lies behind the straight line from baseline to
     target at its period, **grøn** when it lies on or ahead of that line.
4. A first (or first comparable) measurement cannot have moved: **grøn** on or ahead of the line,
   else **gul**.

The line runs from the baseline (value at its period) to the target (value at the end of the
target year); before the baseline it is the baseline, after the target year the target.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _

from .periods import Period


class Status(models.TextChoices):
    WHITE = "white", _("Hvid")
    GREEN = "green", _("Grøn")
    YELLOW = "yellow", _("Gul")
    RED = "red", _("Rød")


class Reason(models.TextChoices):
    NO_MEASUREMENTS = "no_measurements", _("Der er ingen målinger endnu.")
    TARGET_MET = "target_met", _("Målet er nået.")
    WRONG_WAY = "wrong_way", _("Udviklingen er gået den forkerte vej siden forrige måling, mere end tolerancen.")
    WITHIN_TOLERANCE = (
        "within_tolerance",
        _("Ingen væsentlig udvikling: ændringen siden forrige måling er inden for tolerancen."),
    )
    BEHIND_LINE = (
        "behind_line",
        _("Udviklingen går den rigtige vej, men ligger bag den lige linje fra udgangspunkt til mål."),
    )
    ON_LINE = (
        "on_line",
        _("Udviklingen går den rigtige vej og ligger på eller foran den lige linje fra udgangspunkt til mål."),
    )
    FIRST_BEHIND_LINE = (
        "first_behind_line",
        _(
            "Der er ingen tidligere sammenlignelig måling, og målingen ligger bag den lige linje "
            "fra udgangspunkt til mål."
        ),
    )
    FIRST_ON_LINE = (
        "first_on_line",
        _(
            "Der er ingen tidligere sammenlignelig måling, og målingen ligger på eller foran den lige linje "
            "fra udgangspunkt til mål."
        ),
    )


# The statuses that oblige the responsible forvaltning to answer with a new or strengthened indsats.
OBLIGING = (Status.RED, Status.YELLOW)
# Most urgent first: the department view lists what it must act on at the top.
URGENCY = {Status.RED: 0, Status.YELLOW: 1, Status.WHITE: 2, Status.GREEN: 3}


@dataclass(frozen=True)
class Observation:
    period: Period
    value: Decimal
    version: int = 1


@dataclass(frozen=True)
class Assessment:
    status: Status
    reason: Reason

    @property
    def obliges_action(self):
        return self.status in OBLIGING

    @property
    def urgency(self):
        return URGENCY[self.status]


@dataclass(frozen=True)
class Trajectory:
    """The straight line from the baseline to the target."""

    baseline: Decimal
    baseline_period: Period
    target: Decimal
    target_period: Period

    def expected_at(self, period):
        """The value the line reaches at a period, exactly (a Fraction, so 'on the line' is exact)."""
        span = self.target_period.index - self.baseline_period.index
        if span <= 0:
            return Fraction(self.target)
        elapsed = min(max(period.index - self.baseline_period.index, 0), span)
        return Fraction(self.baseline) + (Fraction(self.target) - Fraction(self.baseline)) * elapsed / span


def comparable_previous(observations):
    """The measurement before the latest, if it was made under the same definition; else None."""
    if len(observations) < 2:
        return None
    previous, latest = observations[-2], observations[-1]
    return previous if previous.version == latest.version else None


def assess(*, higher_is_better, tolerance, trajectory, observations):
    """The status of the latest of the observations (sorted by period)."""
    if not observations:
        return Assessment(Status.WHITE, Reason.NO_MEASUREMENTS)
    sign = 1 if higher_is_better else -1
    latest = observations[-1]
    if sign * (latest.value - trajectory.target) >= 0:
        return Assessment(Status.GREEN, Reason.TARGET_MET)
    on_line = sign * (Fraction(latest.value) - trajectory.expected_at(latest.period)) >= 0
    previous = comparable_previous(observations)
    if previous is None:
        return (
            Assessment(Status.GREEN, Reason.FIRST_ON_LINE)
            if on_line
            else Assessment(Status.YELLOW, Reason.FIRST_BEHIND_LINE)
        )
    change = latest.value - previous.value
    if abs(change) <= tolerance:
        return Assessment(Status.YELLOW, Reason.WITHIN_TOLERANCE)
    if sign * change < 0:
        return Assessment(Status.RED, Reason.WRONG_WAY)
    return Assessment(Status.GREEN, Reason.ON_LINE) if on_line else Assessment(Status.YELLOW, Reason.BEHIND_LINE)
