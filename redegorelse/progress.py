"""BIF's view of a round: every department's state, deadline and last activity, in a fixed
number of queries however many departments and reports there are."""

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Department

from .models import GoalAssessment, Report, ReportStatus

NOT_STARTED = "not_started"
STATES = [
    (NOT_STARTED, _("Ikke startet")),
    (ReportStatus.DRAFT.value, ReportStatus.DRAFT.label),
    (ReportStatus.SUBMITTED.value, ReportStatus.SUBMITTED.label),
    (ReportStatus.RETURNED.value, ReportStatus.RETURNED.label),
    (ReportStatus.POSTPONED.value, ReportStatus.POSTPONED.label),
    (ReportStatus.APPROVED.value, ReportStatus.APPROVED.label),
]


@dataclass
class Row:
    department: Department
    report: Report | None
    deadline: object
    days_left: int
    assessment: GoalAssessment | None = None

    @property
    def state(self):
        return self.report.status if self.report else NOT_STARTED

    @property
    def overdue(self):
        # Once with the committee (submitted, see ReportQuerySet.submitted), a report is no longer late.
        return self.days_left < 0 and not (self.report and self.report.is_submitted)

    @property
    def days_overdue(self):
        return -self.days_left

    @property
    def last_activity(self):
        return self.report.updated_at if self.report else None


def round_progress(round, goal=None, today=None):
    today = today or timezone.localdate()
    prefetch_related_objects([round], "deadlines")
    reports = Report.objects.filter(round=round).select_related("updated_by")
    if goal is not None:
        reports = reports.prefetch_related(
            Prefetch("assessments", queryset=GoalAssessment.objects.filter(goal=goal), to_attr="goal_assessments")
        )
    by_department = {report.department_id: report for report in reports}
    rows = []
    for department in Department.objects.order_by("name"):
        report = by_department.get(department.pk)
        deadline = round.deadline_for(department)
        assessment = None
        if goal is not None and report is not None and report.goal_assessments:
            assessment = report.goal_assessments[0]
        rows.append(Row(department, report, deadline, (deadline - today).days, assessment))
    return rows
