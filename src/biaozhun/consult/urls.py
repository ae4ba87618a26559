from django.urls import path

from . import views

app_name = "consult"
urlpatterns = [
    path("", views.home, name="home"),
    path("comments/", views.comment_list, name="comments"),
    path("comments/due/", views.due_week, name="due"),
    path("comments/new/<int:notification_id>/", views.comment_create, name="comment_create"),
    path("comments/<int:pk>/", views.comment_detail, name="comment"),
    path("comments/<int:pk>/action/", views.comment_action, name="comment_action"),
    path("comments/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("notifications/<int:pk>/", views.notification_desk, name="notification"),
    path("submissions/", views.submission_list, name="submissions"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path(
        "submissions/<int:pk>/transition/",
        views.submission_transition,
        name="submission_transition",
    ),
    path(
        "submissions/<int:pk>/export.<str:fmt>",
        views.submission_export,
        name="submission_export",
    ),
    path("enquiries/", views.enquiry_list, name="enquiries"),
    path("enquiries/new/", views.enquiry_create, name="enquiry_create"),
    path("enquiries/<int:pk>/", views.enquiry_detail, name="enquiry"),
    path("enquiries/<int:pk>/<str:action>/", views.enquiry_action, name="enquiry_action"),
    path("kb/", views.kb_list, name="kb"),
    path("kb/<int:pk>/", views.kb_detail, name="kb_entry"),
    path("regulations/", views.regulation_list, name="regulations"),
    path("regulations/mine/", views.regulations_mine, name="regulations_mine"),
    path("regulations/new/", views.regulation_form, name="regulation_create"),
    path("regulations/import/", views.regulation_import, name="regulation_import"),
    path("regulations/<int:pk>/", views.regulation_detail, name="regulation"),
    path("regulations/<int:pk>/edit/", views.regulation_form, name="regulation_edit"),
    path("briefing/", views.briefing_page, name="briefing"),
    path("briefing/pdf/", views.briefing_pdf, name="briefing_pdf"),
    path("briefing/subscribe/", views.briefing_subscribe, name="briefing_subscribe"),
    path("settings/", views.settings_page, name="settings"),
]
