"""Pages of TBT briefings (TBT 简报): the briefing of a kind, key and period with its charts,
its PDF, and subscribing to the monthly briefing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from biaozhun.common.errors import DomainError
from biaozhun.common.filters import read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.core.codes import EXPORT_GROUPS, INDUSTRIES

from ..filters import BriefingFilter, UnsubscribeForm
from ..station import today
from ..web import fail
from . import documents, selectors, services


def _briefing_params(request: AuthedRequest) -> tuple[str, str, selectors.Period]:
    f = read_query(request, BriefingFilter)
    return f.kind or "all", f.key, selectors.requested_period(f.period, f.at, today())


@login_required
def briefing_page(request: AuthedRequest) -> HttpResponse:
    error = None
    data = None
    try:
        kind, key, p = _briefing_params(request)
        data = selectors.compute_briefing(kind, key, p, today())
    except DomainError as exc:
        error = exc.message()
    return render(
        request,
        "consult/briefing.html",
        {
            "b": data,
            "error": error,
            "industries": INDUSTRIES,
            "export_groups": EXPORT_GROUPS,
            "periods": selectors.PERIODS,
            "kinds": selectors.KINDS,
            "subscriptions": selectors.subscriptions_of(request.user),
            "archive": selectors.archive(),
            "chart": _chart_data(data) if data else None,
        },
    )


def _chart_data(b: dict[str, Any]) -> dict[str, Any]:
    """The charts' data, with which of them have nothing to draw (the page says 暂无数据
    there instead of drawing bare axes)."""
    trend = b["trend"]
    heat_values = b["heatmap"].get("values") or []
    empty = {
        "trend": not any(trend.get("counts") or []) and not any(trend.get("previous_year") or []),
        "members": not any(m["count"] for m in b["members"]),
        "heatmap": not any(v[2] for v in heat_values),
    }
    return {
        "empty": empty,
        "trend": b["trend"],
        "members": {
            "labels": [m["code"] for m in b["members"]],
            "counts": [m["count"] for m in b["members"]],
        },
        "heatmap": b["heatmap"],
        "names": {
            "current": bi("通报数", "Notifications"),
            "previous": bi("上年同期", "A year before"),
        },
    }


@login_required
def briefing_pdf(request: AuthedRequest) -> HttpResponse:
    try:
        kind, key, p = _briefing_params(request)
        data = selectors.compute_briefing(kind, key, p, today())
    except DomainError as exc:
        messages.error(request, exc.message())
        return redirect("consult:briefing")
    response = HttpResponse(documents.briefing_pdf(data), content_type="application/pdf")
    name = f"tbt-briefing-{data['kind']}-{data['key'] or 'all'}-{data['period_label']}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def briefing_subscribe(request: AuthedRequest) -> HttpResponse:
    unsubscribe = read_query(request.POST, UnsubscribeForm).unsubscribe
    try:
        if unsubscribe is not None:
            services.unsubscribe_briefing(request.user, unsubscribe)
            messages.success(request, bi("已取消订阅。", "Unsubscribed."))
        else:
            services.subscribe_briefing(
                request.user, request.POST.get("kind", ""), request.POST.get("key", "")
            )
            messages.success(request, bi("已订阅月度简报。", "Subscribed to the monthly briefing."))
    except DomainError as exc:
        fail(request, exc)
    return redirect("consult:briefing")


# ----------------------------------------------------------------------------- settings
