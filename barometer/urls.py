from django.urls import path

from . import policy_views, views

app_name = "barometer"

urlpatterns = [
    path("", views.indicator_list, name="overview"),
    path("indikatorer/ny/", policy_views.indicator_create, name="indicator-create"),
    path("indikatorer/<str:code>/", views.indicator_detail, name="indicator-detail"),
    path("forvaltninger/<str:abbreviation>/", views.department_detail, name="department"),
    path("statusregler/", views.status_help, name="status-help"),
    path("maalinger/ny/", views.measurement_create, name="measurement-create"),
    path("maalinger/import/", views.measurement_import, name="import"),
    path("maalinger/import/bekraeft/", views.measurement_import_confirm, name="import-confirm"),
    path("maalinger/eksport/", views.measurement_export, name="export"),
    path("data.json", views.open_data, name="open-data"),
    path("politikker/", policy_views.policy_list, name="policy-list"),
    path("politikker/ny/", policy_views.policy_create, name="policy-create"),
    path("politikker/<int:pk>/", policy_views.policy_detail, name="policy-detail"),
    path("politikker/<int:pk>/rediger/", policy_views.policy_edit, name="policy-edit"),
    path("politikker/<int:pk>/maal/ny/", policy_views.goal_create, name="goal-create"),
    path("maal/<int:pk>/rediger/", policy_views.goal_edit, name="goal-edit"),
    path("indikatorer/<str:code>/rediger/", policy_views.indicator_edit, name="indicator-edit"),
]
