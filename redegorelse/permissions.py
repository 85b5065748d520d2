"""Who may read and change reports and bilag. A report the user may not see is a 404.

Each `can_<verb>_report(user, report)` has one meaning: the user may <verb> this report now — their
role and the report's state together. The views offer a button by it, and the transition in
workflow.py asks it again of the locked row, so the rule is written once."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from organisation.permissions import can_write_reports_for, require_overview, roles_for

from .models import Attachment, Report, ReportingRound, ReportStatus, StatusReportExport


def can_view_report(user, report):
    roles = roles_for(user)
    if roles.sees_everything or report.department_id in roles.department_ids:
        return True
    # Committee secretaries see a report once it has been put before their committee.
    return report.is_seen_by_committee and report.department.committee.pk in roles.committee_ids


def can_edit_report(user, report):
    """Only the department's own case workers, and only while the report is a draft (editing and
    submitting alike)."""
    return report.is_editable and can_write_reports_for(user, report.department)


def can_resume_editing(user, report):
    """The department's own case workers take a returned report back to draft."""
    return report.status == ReportStatus.RETURNED and can_write_reports_for(user, report.department)


def can_decide_report(user, report):
    """The committee's own secretaries record its decision on a report awaiting one; nobody else does."""
    return report.is_awaiting_decision and report.department.committee.pk in roles_for(user).committee_ids


def can_reopen_report(user, report):
    """BIF reopens an approved report."""
    return report.status == ReportStatus.APPROVED and roles_for(user).sees_everything


def get_report_for_user(user, pk, action="view", queryset=None):
    """The report if the user may do `action` ("view" or "edit") to it.

    Not visible: Http404, as if it did not exist. Visible but not the user's to edit (BIF staff,
    a secretary): PermissionDenied. The department's own case worker gets a submitted report
    back even for "edit": the view then explains that it is read-only (`report.is_editable`)."""
    queryset = queryset if queryset is not None else Report.objects.select_related("department__committee", "round")
    report = get_object_or_404(queryset, pk=pk)
    if not can_view_report(user, report):
        raise Http404
    if action == "edit" and not can_write_reports_for(user, report.department):
        raise PermissionDenied
    return report


def get_attachment_for_user(user, report_pk, pk):
    report = get_report_for_user(user, report_pk)
    return get_object_or_404(Attachment.objects.select_related("report"), pk=pk, report=report), report


def get_round_for_bif(user, year):
    require_overview(user)
    return get_object_or_404(ReportingRound, year=year)


def get_export_for_bif(user, year, pk):
    round = get_round_for_bif(user, year)
    return get_object_or_404(StatusReportExport.objects.select_related("round"), pk=pk, round=round)
