from .models import Notification


def notifications(request):
    """The unread count in the menu; lazy, so pages that do not show the menu pay nothing."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()}
