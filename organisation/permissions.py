"""Who may see what. Views never filter objects themselves: they call a fetch function here, which
returns the object or raises Http404, so another department's object is indistinguishable from
one that does not exist."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Committee, Department, Membership, Role


@dataclass(frozen=True)
class UserRoles:
    departments: tuple
    committees: tuple
    is_bif: bool
    is_admin: bool

    @property
    def department_ids(self):
        return {d.pk for d in self.departments}

    @property
    def committee_ids(self):
        return {c.pk for c in self.committees}

    @property
    def sees_everything(self):
        return self.is_bif or self.is_admin

    @property
    def labels(self):
        """The user's roles as shown in the header, e.g. 'Sagsbehandler, TMF'."""
        labels = [f"{Role.CASE_WORKER.label}, {d.abbreviation}" for d in self.departments]
        labels += [f"{Role.COMMITTEE_SECRETARY.label}, {c.abbreviation}" for c in self.committees]
        if self.is_bif:
            labels.append(str(Role.BIF_STAFF.label))
        if self.is_admin:
            labels.append(str(Role.ADMINISTRATOR.label))
        return labels


NO_ROLES = UserRoles(departments=(), committees=(), is_bif=False, is_admin=False)


def roles_for(user):
    """The user's roles, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return NO_ROLES
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        memberships = list(Membership.objects.for_user(user))
        cached = UserRoles(
            departments=tuple(m.department for m in memberships if m.role == Role.CASE_WORKER),
            committees=tuple(m.committee for m in memberships if m.role == Role.COMMITTEE_SECRETARY),
            is_bif=any(m.role == Role.BIF_STAFF for m in memberships),
            is_admin=user.is_superuser or any(m.role == Role.ADMINISTRATOR for m in memberships),
        )
        user._roles_cache = cached
    return cached


def can_view_department(user, department):
    roles = roles_for(user)
    return roles.sees_everything or department.pk in roles.department_ids


def can_view_committee(user, committee):
    roles = roles_for(user)
    return roles.sees_everything or committee.pk in roles.committee_ids


def can_write_reports_for(user, department):
    """Only the department's own case workers write its reports."""
    return department.pk in roles_for(user).department_ids


def can_view_overview(user):
    return roles_for(user).sees_everything


def get_department_for_user(user, abbreviation):
    department = get_object_or_404(Department.objects.with_committee(), abbreviation=abbreviation)
    if not can_view_department(user, department):
        raise Http404
    return department


def get_committee_for_user(user, abbreviation):
    committee = get_object_or_404(Committee.objects.select_related("department"), abbreviation=abbreviation)
    if not can_view_committee(user, committee):
        raise Http404
    return committee


def require_overview(user):
    if not can_view_overview(user):
        raise PermissionDenied


def can_view_access_log(user):
    """BIF staff and administrators answer requests for who has seen what."""
    return roles_for(user).sees_everything
