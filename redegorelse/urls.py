from django.urls import path

from . import views

app_name = "redegorelse"

urlpatterns = [
    path("ny/<str:abbreviation>/", views.report_create, name="report-create"),
    path("genoptag/", views.resume, name="resume"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/historik/", views.report_history, name="report-history"),
    path("<int:pk>/pdf/", views.report_pdf, name="report-pdf"),
    path("<int:pk>/rediger/", views.report_edit, name="report-edit"),
    path("<int:pk>/maal/", views.report_assessments, name="report-assessments"),
    path("<int:pk>/indsatser/", views.report_initiatives, name="report-initiatives"),
    path("<int:pk>/indsatser/ny-formular/", views.initiative_form, name="initiative-form"),
    path("<int:pk>/autogem/<slug:slug>/", views.report_autosave, name="report-autosave"),
    path("<int:pk>/indsend/", views.report_submit, name="report-submit"),
    path("<int:pk>/bilag/", views.attachment_list, name="attachment-list"),
    path("<int:pk>/bilag/<int:attachment_pk>/", views.attachment_download, name="attachment-download"),
    path("<int:pk>/bilag/<int:attachment_pk>/rediger/", views.attachment_edit, name="attachment-edit"),
    path("<int:pk>/bilag/<int:attachment_pk>/flyt/", views.attachment_move, name="attachment-move"),
    path("<int:pk>/bilag/<int:attachment_pk>/fjern/", views.attachment_delete, name="attachment-delete"),
    path("<int:pk>/ret/", views.report_resume_editing, name="report-resume-editing"),
    path("<int:pk>/beslutning/", views.decision_create, name="decision-create"),
    path("<int:pk>/genaabn/", views.report_reopen, name="report-reopen"),
    path("<int:pk>/arkiv/<int:snapshot_pk>/pdf/", views.snapshot_pdf, name="snapshot-pdf"),
    path("<int:pk>/arkiv/<int:snapshot_pk>/kontrol/", views.snapshot_verify, name="snapshot-verify"),
    path("runder/", views.round_list, name="round-list"),
    path("runder/ny/", views.round_create, name="round-create"),
    path("runder/<int:year>/", views.round_detail, name="round-detail"),
    path("runder/<int:year>/rediger/", views.round_edit, name="round-edit"),
    path("notifikationer/", views.notification_list, name="notification-list"),
    path("runder/<int:year>/statusrapport/", views.statusreport_page, name="statusreport"),
    path("runder/<int:year>/statusrapport/eksport/", views.statusreport_export, name="statusreport-export"),
    path(
        "runder/<int:year>/statusrapport/indledning/", views.statusreport_introduction, name="statusreport-introduction"
    ),
    path("runder/<int:year>/statusrapport/data.xlsx", views.statusreport_workbook, name="statusreport-workbook"),
    path("runder/<int:year>/statusrapport/<int:pk>/", views.statusreport_progress, name="statusreport-progress"),
    path("runder/<int:year>/statusrapport/<int:pk>/annuller/", views.statusreport_cancel, name="statusreport-cancel"),
    path("runder/<int:year>/statusrapport/<int:pk>/pdf/", views.statusreport_download, name="statusreport-download"),
    path("runder/<int:year>/statusrapport/<int:pk>/kontrol/", views.statusreport_verify, name="statusreport-verify"),
]
