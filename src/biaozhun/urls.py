from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

import biaozhun.common.converters  # noqa: F401  (registers <id:...> before the includes below)
from biaozhun.accounts import views as account_views
from biaozhun.api import api
from biaozhun.web import views as web_views

admin.site.site_header = "biaozhun 管理后台 / administration"

# The platform's own error pages in every mode (see common/errorpages.py).
handler400 = "biaozhun.common.errorpages.bad_request"
handler403 = "biaozhun.common.errorpages.permission_denied"
handler404 = "biaozhun.common.errorpages.page_not_found"
handler500 = "biaozhun.common.errorpages.server_error"

urlpatterns = [
    path("", web_views.home, name="home"),
    path("audit/", web_views.audit_trail, name="audit"),
    path("accounts/login/", account_views.ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/tokens/", account_views.api_tokens, name="api_tokens"),
    path("accounts/jobs/", account_views.import_jobs, name="import_jobs"),
    path("accounts/jobs/<id:pk>/", account_views.import_job, name="import_job"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("enterprises/", include("biaozhun.enterprises.urls")),
    path("standards/", include("biaozhun.catalogue.urls")),
    path("validity/", include("biaozhun.validity.urls")),
    path("tbt/", include("biaozhun.tbt.urls")),
    # export profiles belong to the enterprises app but keep their historical paths
    path("alerts/profiles/", include("biaozhun.enterprises.profiles.urls")),
    path("alerts/", include("biaozhun.alerts.urls")),
    path("consult/", include("biaozhun.consult.urls")),
    path("notifications/", include("biaozhun.notify.urls")),
    path("incentives/", include("biaozhun.incentives.urls")),
    path("programme/", include("biaozhun.programme.urls")),
    # the public portal: the only pages (with sign-in and registration) open to anonymous visitors
    path("public/", include("biaozhun.public.urls")),
]
