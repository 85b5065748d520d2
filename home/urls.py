from django.urls import path

from . import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="home"),
    path("oversigt/", views.overview, name="overview"),
    path("forvaltninger/<str:abbreviation>/", views.department_detail, name="department-detail"),
    path("udvalg/<str:abbreviation>/", views.committee_detail, name="committee-detail"),
]
