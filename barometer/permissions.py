"""Who may do what in the barometer. Everyone signed in reads it; BIF staff (and administrators)
keep it: they enter, correct, import and export measurements."""

from django.core.exceptions import PermissionDenied

from organisation.permissions import can_view_department, roles_for
from organisation.permissions import get_department_for_user as get_organisation_department


def can_manage_measurements(user):
    roles = roles_for(user)
    return roles.is_bif or roles.is_admin


def require_measurement_manager(user):
    if not can_manage_measurements(user):
        raise PermissionDenied


def get_department_for_user(user, abbreviation):
    """The department, or Http404 when it does not exist or the user may not see it."""
    return get_organisation_department(user, abbreviation)


def departments_visible_to(user, departments):
    """Of these departments, the ones whose barometer page the user may open."""
    return [department for department in departments if can_view_department(user, department)]
