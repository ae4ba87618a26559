from django.urls import path
from django.views.generic import RedirectView

from . import views
from .register import views as register

app_name = "validity"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="validity:check"), name="index"),
    path("check/", views.check_page, name="check"),
    path("check/template.xlsx", views.list_template, name="template"),
    path("check/<id:pk>/", views.check_report, name="report"),
    path("check/<id:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("check/<id:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("check/<id:pk>/watch/", views.watch_from_check, name="watch_from_check"),
    path("watch/", views.watchlist, name="watchlist"),
    path("watch/<id:enterprise_id>/", views.watchlist_detail, name="watchlist_detail"),
    path("watch/<id:enterprise_id>/add/", views.watch_add, name="watch_add"),
    path("watch/<id:enterprise_id>/check/", views.watchlist_check, name="watchlist_check"),
    path("watch/item/<id:pk>/remove/", views.watch_remove, name="watch_remove"),
    path("watch/standard/<id:standard_id>/", views.watch_standard, name="watch_standard"),
    path("watch/alerts/", views.alerts, name="alerts"),
    path("watch/alerts/<id:pk>/read/", views.alert_read, name="alert_read"),
    path("watch/alerts/read-all/", views.alerts_read_all, name="alerts_read_all"),
    path("register/", register.register, name="register"),
    path("register/unknown/", register.unknown, name="register_unknown"),
    path("register/<id:enterprise_id>/", register.register_enterprise, name="register_enterprise"),
    path("register/<id:enterprise_id>/declare/", register.declare, name="register_declare"),
    path("register/<id:enterprise_id>/bulk/", register.declare_bulk, name="register_bulk"),
    path("register/item/<id:pk>/remove/", register.remove, name="register_remove"),
    path("register/item/<id:pk>/confirm/", register.confirm, name="register_confirm"),
]
