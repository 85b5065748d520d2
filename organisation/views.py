from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from barometer.models import Goal, Policy
from redegorelse.models import Report, ReportingRound, ReportStatus
from redegorelse.permissions import AWAITING_DECISION
from redegorelse.progress import STATES, round_progress

from .models import Department, Membership, Role
from .permissions import (
    can_write_reports_for,
    get_committee_for_user,
    get_department_for_user,
    home_url_for,
    require_overview,
)


@login_required
def home(request):
    url = home_url_for(request.user)
    if url:
        return redirect(url)
    return render(request, "organisation/no_role.html")


@login_required
def department_detail(request, abbreviation):
    department = get_department_for_user(request.user, abbreviation)
    case_workers = Membership.objects.filter(department=department, role=Role.CASE_WORKER).select_related("user")
    reports = list(Report.objects.for_department(department))
    can_write = can_write_reports_for(request.user, department)
    policy = Policy.objects.for_barometer()
    return render(
        request,
        "organisation/department_detail.html",
        {
            "department": department,
            "committee": department.committee,
            "case_workers": case_workers,
            "policy": policy,
            "goals": Goal.objects.of_policy(policy),
            "reports": reports,
            "can_write": can_write,
            "rounds_to_start": ReportingRound.objects.without_report_for(department) if can_write else [],
            "has_previous": bool(reports),
        },
    )


@login_required
def committee_detail(request, abbreviation):
    committee = get_committee_for_user(request.user, abbreviation)
    secretaries = Membership.objects.filter(committee=committee, role=Role.COMMITTEE_SECRETARY).select_related("user")
    reports = list(Report.objects.for_committee(committee))
    return render(
        request,
        "organisation/committee_detail.html",
        {
            "committee": committee,
            "department": committee.department,
            "secretaries": secretaries,
            "awaiting": [r for r in reports if r.status in AWAITING_DECISION],
            "decided": [r for r in reports if r.status == ReportStatus.APPROVED],
            "returned": [r for r in reports if r.status == ReportStatus.RETURNED],
        },
    )


@login_required
def overview(request):
    require_overview(request.user)
    departments = Department.objects.with_committee().annotate(
        case_worker_count=Count("memberships", filter=Q(memberships__role=Role.CASE_WORKER), distinct=True),
        secretary_count=Count(
            "committee__memberships", filter=Q(committee__memberships__role=Role.COMMITTEE_SECRETARY), distinct=True
        ),
    )
    current_round = ReportingRound.objects.prefetch_related("deadlines").order_by("-year").first()
    return render(
        request,
        "organisation/overview.html",
        {
            "departments": departments,
            "round": current_round,
            "rows": round_progress(current_round) if current_round else [],
            "states": STATES,
        },
    )
