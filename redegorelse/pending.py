"""Nothing typed is lost when the session has expired: a POST from a signed-out browser is kept
in the (new, anonymous) session, the user signs in again, and the post is then replayed as
theirs. Django keeps session data across login (it only cycles the key)."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from .editing import post_as_dict

SESSION_KEY = "pending_post"


def login_required_keep_post(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method != "POST":
            return redirect_to_login(request.get_full_path())
        # An autosave names the page it was made from; replaying it there saves it for real.
        path = request.POST.get("section_url") or request.path
        request.session[SESSION_KEY] = {"path": path, "data": post_as_dict(request.POST)}
        login_url = f"{resolve_url('login')}?{urlencode({'next': reverse('redegorelse:resume')})}"
        if request.headers.get("HX-Request"):
            return HttpResponse(
                _(
                    "Du er blevet logget ud. Det, du har skrevet, er gemt midlertidigt. "
                    '<a href="%(url)s">Log ind igen</a>, så gemmes det i redegørelsen.'
                )
                % {"url": login_url},
                status=200,
            )
        messages.warning(
            request, _("Du var blevet logget ud. Log ind igen, så gemmer vi det, du skrev, i redegørelsen.")
        )
        return redirect(login_url)

    return wrapper
