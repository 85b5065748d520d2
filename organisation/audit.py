"""The access log: who opened or downloaded which report and bilag.

Views call record_access() after their permission check has passed, so the log holds what people
actually saw. BIF staff and administrators search it by user (a data-subject access request)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .models import AccessAction, AccessEvent
from .permissions import can_view_access_log

PAGE_SIZE = 50


def record_access(request, action, obj):
    """Logs that request.user did `action` (an AccessAction) to `obj` (a report, a bilag, ...)."""
    user = request.user
    label = str(obj)
    # A bilag's title alone does not say whose it is: name its report too.
    if getattr(obj, "report", None) is not None:
        label = f"{label} – {obj.report}"
    return AccessEvent.objects.create(
        user=user,
        username=user.get_username(),
        action=AccessAction(action),
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_label=label[:300],
        request_id=getattr(request, "request_id", ""),
    )


@login_required
def access_log(request):
    if not can_view_access_log(request.user):
        raise PermissionDenied
    query = request.GET.get("bruger", "").strip()
    page = Paginator(AccessEvent.objects.for_user_search(query), PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "organisation/access_log.html", {"query": query, "page": page})
