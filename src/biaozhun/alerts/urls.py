from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.alerts_home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.alert_detail, name="alert"),
    path("inbox/<int:pk>/acknowledge/", views.alert_acknowledge, name="acknowledge"),
    path("inbox/<int:pk>/feedback/", views.alert_feedback, name="feedback"),
    path("desk/", views.desk, name="desk"),
    path("desk/<int:notification_id>/", views.desk_notification, name="desk_notification"),
    path("profiles/", views.profile_list, name="profiles"),
    path("profiles/import/", views.profile_import, name="profile_import"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile"),
    path("profiles/<int:pk>/products/", views.product_add, name="product_add"),
    path(
        "profiles/<int:pk>/products/<int:product_id>/remove/",
        views.product_remove,
        name="product_remove",
    ),
    path("profiles/<int:pk>/markets/", views.market_add, name="market_add"),
    path(
        "profiles/<int:pk>/markets/<int:market_id>/remove/",
        views.market_remove,
        name="market_remove",
    ),
    path("profiles/<int:pk>/recipients/", views.profile_recipients, name="profile_recipients"),
    path("settings/", views.desk_settings, name="settings"),
]
