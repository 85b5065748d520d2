"""BIF's view of a round: every department's state, deadline and last activity, in a fixed
number of queries however many departments and reports there are."""

from dataclasses import dataclass

from django.db.models import Prefetch
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
# Once with the committee, a report is no longer late.
DONE_ON_TIME = {ReportStatus.SUBMITTED, ReportStatus.POSTPONED, ReportStatus.APPROVED}


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
        return self.days_left < 0 and self.state not in DONE_ON_TIME

    @property
    def days_overdue(self):
        return -self.days_left

    @property
    def last_activity(self):
        return self.report.updated_at if self.report else None


def round_progress(round, goal=None, today=None):
    today = today or timezone.localdate()
    deadlines = {d.department_id: d.deadline for d in round.deadlines.all()}
    reports = Report.objects.filter(round=round).select_related("updated_by")
    if goal is not None:
        reports = reports.prefetch_related(
            Prefetch("assessments", queryset=GoalAssessment.objects.filter(goal=goal), to_attr="goal_assessments")
        )
    by_department = {report.department_id: report for report in reports}
    rows = []
    for department in Department.objects.order_by("name"):
        report = by_department.get(department.pk)
        deadline = deadlines.get(department.pk, round.submission_deadline)
        assessment = None
        if goal is not None and report is not None and report.goal_assessments:
            assessment = report.goal_assessments[0]
        rows.append(Row(department, report, deadline, (deadline - today).days, assessment))
    return rows
