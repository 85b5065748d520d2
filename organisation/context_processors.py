from django.conf import settings

from .permissions import roles_for


def roles(request):
    """The signed-in user's roles for the header, and who runs the service for the footer."""
    return {
        "user_roles": roles_for(request.user) if hasattr(request, "user") else None,
        "service_owner": settings.SERVICE_OWNER,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
    }
