"""The start pages: each role's landing page (a forvaltning's, an udvalg's, BIF's overview) and
the redirect to it. They show what the apps built on organisation/ hold, so they live above them."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse

from barometer.models import Goal, Policy
from organisation.models import Department, Membership, Role
from organisation.permissions import (
    can_write_reports_for,
    get_committee_for_user,
    get_department_for_user,
    require_overview,
    roles_for,
)
from redegorelse.models import Report, ReportingRound, ReportStatus
from redegorelse.progress import STATES, round_progress


def home_url_for(user):
    """Each role's own start page; None when the user has no role yet."""
    roles = roles_for(user)
    if roles.is_bif:
        return reverse("home:overview")
    if roles.departments:
        return reverse("home:department-detail", args=[roles.departments[0].abbreviation])
    if roles.committees:
        return reverse("home:committee-detail", args=[roles.committees[0].abbreviation])
    if roles.is_admin:
        return reverse("home:overview")
    return None


@login_required
def home(request):
    url = home_url_for(request.user)
    if url:
        return redirect(url)
    return render(request, "home/no_role.html")


@login_required
def department_detail(request, abbreviation):
    department = get_department_for_user(request.user, abbreviation)
    case_workers = Membership.objects.filter(department=department, role=Role.CASE_WORKER).select_related("user")
    reports = list(Report.objects.for_department(department))
    can_write = can_write_reports_for(request.user, department)
    policy = Policy.objects.for_barometer()
    return render(
        request,
        "home/department_detail.html",
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
        "home/committee_detail.html",
        {
            "committee": committee,
            "department": committee.department,
            "secretaries": secretaries,
            "awaiting": [r for r in reports if r.is_awaiting_decision],
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
        "home/overview.html",
        {
            "departments": departments,
            "round": current_round,
            "rows": round_progress(current_round) if current_round else [],
            "states": STATES,
        },
    )
