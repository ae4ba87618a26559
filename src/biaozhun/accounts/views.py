"""Sign-in (throttled by django-axes) and personal API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from biaozhun.common.errors import DomainError
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi

from . import jobs, services
from .models import ImportJob


class ThrottledLoginView(LoginView):
    """Django's login view; django-axes locks a user name and address after five failures."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["locked_out"] = getattr(self.request, "axes_locked_out", False)
        return context


def _small_int(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise ValueError(text)
    return int(text)


@login_required
def api_tokens(request: AuthedRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                services.revoke_api_token(request.user, _small_int(request.POST["revoke"]))
                messages.success(request, bi("令牌已吊销。", "The token is revoked."))
                return redirect("api_tokens")
            days_text = str(request.POST.get("days", services.DEFAULT_TOKEN_DAYS))
            _, new_key = services.create_api_token(
                request.user,
                request.POST.get("name", ""),
                days=_small_int(days_text),
                read_only=bool(request.POST.get("read_only")),
            )
        except (DomainError, ValueError) as exc:
            messages.error(
                request,
                exc.message()
                if isinstance(exc, DomainError)
                else bi("请求无效。", "The request is invalid."),
            )
    tokens = request.user.api_tokens.filter(revoked_at__isnull=True)
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": tokens,
            "new_key": new_key,
            "lifetimes": services.TOKEN_LIFETIMES_DAYS,
            "default_days": services.DEFAULT_TOKEN_DAYS,
        },
    )


@login_required
def import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    """A background upload: a progress bar while it runs, then its result (owner only)."""
    try:
        job = jobs.job_for(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    template = "accounts/job.html#status" if request.htmx else "accounts/job.html"
    return render(request, template, {"job": job})


@login_required
def import_jobs(request: AuthedRequest) -> HttpResponse:
    rows = ImportJob.objects.filter(owner=request.user).defer("data")[:50]
    return render(request, "accounts/jobs.html", {"jobs": rows})
