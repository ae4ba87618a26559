"""The station's URLs (names and paths unchanged since the app was split by subject)."""

from django.urls import path

from . import views
from .briefings import views as briefing_views
from .comments import views as comment_views
from .enquiries import views as enquiry_views
from .regulations import views as regulation_views
from .reminders import views as reminder_views

app_name = "consult"
urlpatterns = [
    path("", views.home, name="home"),
    path("comments/", comment_views.comment_list, name="comments"),
    path("comments/due/", reminder_views.due_week, name="due"),
    path("comments/new/<id:notification_id>/", comment_views.comment_create, name="comment_create"),
    path("comments/<id:pk>/", comment_views.comment_detail, name="comment"),
    path("comments/<id:pk>/action/", comment_views.comment_action, name="comment_action"),
    path("comments/<id:pk>/evidence/", comment_views.evidence_upload, name="evidence_upload"),
    path("evidence/<id:pk>/", comment_views.evidence_download, name="evidence"),
    path("notifications/<id:pk>/", comment_views.notification_desk, name="notification"),
    path("submissions/", comment_views.submission_list, name="submissions"),
    path("submissions/<id:pk>/", comment_views.submission_detail, name="submission"),
    path(
        "submissions/<id:pk>/transition/",
        comment_views.submission_transition,
        name="submission_transition",
    ),
    path(
        "submissions/<id:pk>/export.<str:fmt>",
        comment_views.submission_export,
        name="submission_export",
    ),
    path("enquiries/", enquiry_views.enquiry_list, name="enquiries"),
    path("enquiries/new/", enquiry_views.enquiry_create, name="enquiry_create"),
    path("enquiries/<id:pk>/", enquiry_views.enquiry_detail, name="enquiry"),
    path("enquiries/<id:pk>/<str:action>/", enquiry_views.enquiry_action, name="enquiry_action"),
    path("kb/", enquiry_views.kb_list, name="kb"),
    path("kb/<id:pk>/", enquiry_views.kb_detail, name="kb_entry"),
    path("regulations/", regulation_views.regulation_list, name="regulations"),
    path("regulations/mine/", regulation_views.regulations_mine, name="regulations_mine"),
    path("regulations/new/", regulation_views.regulation_form, name="regulation_create"),
    path("regulations/import/", regulation_views.regulation_import, name="regulation_import"),
    path("regulations/<id:pk>/", regulation_views.regulation_detail, name="regulation"),
    path("regulations/<id:pk>/edit/", regulation_views.regulation_form, name="regulation_edit"),
    path("briefing/", briefing_views.briefing_page, name="briefing"),
    path("briefing/pdf/", briefing_views.briefing_pdf, name="briefing_pdf"),
    path("briefing/subscribe/", briefing_views.briefing_subscribe, name="briefing_subscribe"),
    path("settings/", views.settings_page, name="settings"),
]
