from django.urls import path

from . import dashboard, views, views_groups, views_trainings

app_name = "programme"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("quotas/", dashboard.quotas, name="quotas"),
    path("quotas/<id:pk>/", dashboard.quota_edit, name="quota_edit"),
    path("report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("targets/<id:pk>/records/", views.target_records, name="target_records"),
    path("registries/", views.registry_index, name="registries"),
    path("r/<slug:slug>/", views.registry_list, name="registry_list"),
    path("r/<slug:slug>/new/", views.registry_create, name="registry_create"),
    path("r/<slug:slug>/import/", views.registry_import, name="registry_import"),
    path("r/<slug:slug>/export.xlsx", views.registry_export, name="registry_export"),
    path("r/<slug:slug>/<id:pk>/", views.registry_detail, name="registry_detail"),
    path("r/<slug:slug>/<id:pk>/edit/", views.registry_edit, name="registry_edit"),
    path("r/<slug:slug>/<id:pk>/delete/", views.registry_delete, name="registry_delete"),
    path("r/<slug:slug>/<id:pk>/confirm/", views.registry_confirm, name="registry_confirm"),
    path("r/<slug:slug>/<id:pk>/advance/", views.record_advance, name="record_advance"),
    path("sites/<id:pk>/inspections/", views.inspection_add, name="inspection_add"),
    path("groups/", views_groups.groups, name="groups"),
    path("meetings/", views_groups.meeting_list, name="meetings"),
    path("meetings/<id:pk>/", views_groups.meeting_detail, name="meeting_detail"),
    path("trainings/", views_trainings.trainings, name="trainings"),
    path("trainings/<id:pk>/signup/", views_trainings.signup, name="training_signup"),
    path("trainings/<id:pk>/roster/", views_trainings.roster, name="training_roster"),
    path("signups/<id:pk>/cancel/", views_trainings.cancel, name="signup_cancel"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("members/new/", views.member_add, name="member_add"),
    path("tasks/<id:pk>/", views.task_detail, name="task_detail"),
    path(
        "tasks/<id:pk>/updates/<id:update_id>/attachment/",
        views.progress_attachment,
        name="progress_attachment",
    ),
    path("publicity/", views.publicity, name="publicity"),
]
