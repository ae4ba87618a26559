from django.urls import path

from . import views

app_name = "validity"
urlpatterns = [
    path("", views.check_page, name="check"),
    path("checks/<int:pk>/", views.check_report, name="report"),
    path("checks/<int:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("checks/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("checks/<int:pk>/watch/", views.watch_from_check, name="watch_from_check"),
    path("watch/", views.watchlist, name="watchlist"),
    path("watch/<int:enterprise_id>/", views.watchlist_detail, name="watchlist_detail"),
    path("watch/<int:enterprise_id>/add/", views.watch_add, name="watch_add"),
    path("watch/item/<int:pk>/remove/", views.watch_remove, name="watch_remove"),
    path("watch/standard/<int:standard_id>/", views.watch_standard, name="watch_standard"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/read/", views.alert_read, name="alert_read"),
    path("alerts/read-all/", views.alerts_read_all, name="alerts_read_all"),
]
