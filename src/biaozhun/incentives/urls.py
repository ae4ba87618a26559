from django.urls import path

from . import views

app_name = "incentives"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("applications/", views.application_list, name="applications"),
    path("new/<slug:kind>/", views.application_new, name="new"),
    path("standards/", views.standard_suggestions, name="standards"),
    path("budgets/", views.budgets, name="budgets"),
    path("awards/", views.awards_import, name="awards"),
    path("report.xlsx", views.report, name="report"),
    path("policies/", views.policies, name="policies"),
    path("policies/<id:pk>/", views.policy_detail, name="policy"),
    path("policies/<id:pk>/new-version/", views.policy_new, name="policy_new"),
    path(
        "policies/<id:pk>/proposer-reading/",
        views.policy_confirm_reading,
        name="policy_confirm_reading",
    ),
    path("<id:pk>/", views.application_detail, name="detail"),
    path("<id:pk>/edit/", views.application_edit, name="edit"),
    path("<id:pk>/action/", views.application_action, name="action"),
    path("<id:pk>/pay/", views.application_pay, name="pay"),
    path("<id:pk>/attach/", views.application_attach, name="attach"),
    path("<id:pk>/attachments/<id:attachment_id>/", views.attachment_download, name="attachment"),
    path("<id:pk>/letter.pdf", views.decision_letter, name="letter"),
]
