from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/ack/", views.acknowledge, name="ack"),
    path("read-all/", views.read_all, name="read_all"),
    path("stream/", views.stream, name="stream"),
    path("c/<str:token>/", views.click, name="click"),
    path("messages/<id:pk>/log/", views.message_log, name="log"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/endpoints/<id:pk>/remove/", views.endpoint_remove, name="endpoint_remove"),
    path("desk/", views.desk, name="desk"),
    path("desk/<id:pk>/", views.desk_resolve, name="desk_resolve"),
]
