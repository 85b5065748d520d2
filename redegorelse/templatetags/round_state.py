"""Whether a reporting round is closed, for the progress table: a closed round shows how each
department ended, not how many days it is "overdue" years later.

A round is CLOSED when
  1. its endelig (final) statusrapport has been made — the round's record is complete; or
  2. its year is over: a round is the year's reporting (redegørelser decided and the statusrapport
     made within the year), so from 1 January of the next year nothing in it is overdue any more.
Until then it is open, and late departments are shown as overdue.

The rule lives here because the round's model belongs to another change in flight; it belongs on
ReportingRound (a `closure()` method) once that has landed."""

import datetime
from dataclasses import dataclass

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from redegorelse.models import Edition, StatusReportExport

register = template.Library()


@dataclass(frozen=True)
class Closure:
    on: datetime.date
    reason: str


def round_closure(round, today=None):
    """The round's closure, or None while it is open."""
    today = today or timezone.localdate()
    final = StatusReportExport.objects.for_round(round).finished().filter(edition=Edition.FINAL).last()
    if final is not None:
        on = timezone.localdate(final.finished_at)
        return Closure(on, _("den endelige statusrapport blev lavet %(date)s") % {"date": on.strftime("%d.%m.%Y")})
    year_end = datetime.date(round.year, 12, 31)
    if today > year_end:
        return Closure(year_end, _("året %(year)s er slut") % {"year": round.year})
    return None


@register.simple_tag
def closure_of(round):
    return round_closure(round)
