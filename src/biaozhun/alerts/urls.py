from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.alerts_home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<id:pk>/", views.alert_detail, name="alert"),
    path("inbox/<id:pk>/acknowledge/", views.alert_acknowledge, name="acknowledge"),
    path("inbox/<id:pk>/feedback/", views.alert_feedback, name="feedback"),
    path("desk/", views.desk, name="desk"),
    path("desk/<id:notification_id>/", views.desk_notification, name="desk_notification"),
    path("settings/", views.desk_settings, name="settings"),
]
