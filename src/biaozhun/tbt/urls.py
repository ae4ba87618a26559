from django.urls import path

from . import translation_views, views

app_name = "tbt"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("new/", views.notification_create, name="create"),
    path("import/", views.notification_import, name="import"),
    path("<id:pk>/", views.notification_detail, name="detail"),
    path("<id:pk>/edit/", views.notification_edit, name="edit"),
    path("<id:pk>/classification/", views.notification_correct, name="correct"),
    path("<id:pk>/reclassify/", views.notification_reclassify, name="reclassify"),
    path("translations/", translation_views.queue, name="translations"),
    path("<id:pk>/translation/", translation_views.translation, name="translation"),
    path(
        "<id:pk>/translation/action/",
        translation_views.translation_action,
        name="translation_action",
    ),
]
