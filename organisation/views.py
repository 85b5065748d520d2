from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from barometer.models import Goal

from .models import Department, Membership, Role
from .permissions import get_committee_for_user, get_department_for_user, home_url_for, require_overview


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
    return render(
        request,
        "organisation/department_detail.html",
        {
            "department": department,
            "committee": department.committee,
            "case_workers": case_workers,
            "goals": Goal.objects.of_current_policy(),
        },
    )


@login_required
def committee_detail(request, abbreviation):
    committee = get_committee_for_user(request.user, abbreviation)
    secretaries = Membership.objects.filter(committee=committee, role=Role.COMMITTEE_SECRETARY).select_related("user")
    return render(
        request,
        "organisation/committee_detail.html",
        {"committee": committee, "department": committee.department, "secretaries": secretaries},
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
    return render(request, "organisation/overview.html", {"departments": departments})
