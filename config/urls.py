from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from config.health import healthz
from organisation import oidc, signin
from organisation.forms import DkfdsPasswordChangeForm

urlpatterns = [
    path(
        "login/",
        signin.LoginView.as_view(),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "adgangskode/",
        auth_views.PasswordChangeView.as_view(form_class=DkfdsPasswordChangeForm),
        name="password_change",
    ),
    path("adgangskode/skiftet/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "tilgaengelighed/",
        TemplateView.as_view(template_name="accessibility.html"),
        name="accessibility",
    ),
    # Single sign-on; both answer 404 while it is not configured.
    path("oidc/login/", oidc.AuthenticationRequestView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("barometer/", include("barometer.urls")),
    path("redegoerelser/", include("redegorelse.urls")),
    path("", include("home.urls")),
    path("", include("organisation.urls")),
]

admin.site.site_header = _("Integrationsredegørelser – administration")
admin.site.site_title = _("Integrationsredegørelser")
admin.site.index_title = _("Administration")
