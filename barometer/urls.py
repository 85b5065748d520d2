from django.urls import path

from . import views

app_name = "barometer"

urlpatterns = [
    path("", views.indicator_list, name="overview"),
    path("indikatorer/<str:code>/", views.indicator_detail, name="indicator-detail"),
    path("forvaltninger/<str:abbreviation>/", views.department_detail, name="department"),
    path("statusregler/", views.status_help, name="status-help"),
    path("maalinger/ny/", views.measurement_create, name="measurement-create"),
    path("maalinger/import/", views.measurement_import, name="import"),
    path("maalinger/import/bekraeft/", views.measurement_import_confirm, name="import-confirm"),
    path("maalinger/eksport/", views.measurement_export, name="export"),
    path("data.json", views.open_data, name="open-data"),
]
