from django.urls import path

from . import audit

app_name = "organisation"

urlpatterns = [
    path("adgangslog/", audit.access_log, name="access-log"),
]
