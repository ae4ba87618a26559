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
    path("profiles/", views.profile_list, name="profiles"),
    path("profiles/import/", views.profile_import, name="profile_import"),
    path("profiles/<id:pk>/", views.profile_detail, name="profile"),
    path("profiles/<id:pk>/products/", views.product_add, name="product_add"),
    path(
        "profiles/<id:pk>/products/<id:product_id>/remove/",
        views.product_remove,
        name="product_remove",
    ),
    path("profiles/<id:pk>/markets/", views.market_add, name="market_add"),
    path(
        "profiles/<id:pk>/markets/<id:market_id>/remove/",
        views.market_remove,
        name="market_remove",
    ),
    path("profiles/<id:pk>/recipients/", views.profile_recipients, name="profile_recipients"),
    path("settings/", views.desk_settings, name="settings"),
]
