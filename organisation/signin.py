"""Signing in with a local account: the login page, and django-axes' throttling glued to it.

A username is locked from one address after settings.AXES_FAILURE_LIMIT wrong passwords, for
settings.AXES_COOLOFF_TIME. Single sign-on attempts carry no username and are not counted: a
provider that refuses a user is no password guess, and counting them per address would lock a
whole office behind one address out of single sign-on."""

from axes.backends import AxesBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(oidc_enabled=settings.OIDC_ENABLED, **kwargs)


class ThrottledBackend(AxesBackend):
    """django-axes' backend, which insists on a request. Only code without one calls authenticate()
    without it (management commands, tests); every login page passes it, so nothing is left
    unthrottled that a user can reach."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The client's address, read past settings.TRUSTED_PROXY_COUNT proxies of our own."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def is_not_a_password_attempt(request, credentials):
    return not (credentials or {}).get("username")


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    return render(
        request,
        "registration/lockout.html",
        {"cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None},
        status=429,
    )
