"""The home dashboard (per role) and the audit trail."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from biaozhun.accounts.decorators import bureau_required
from biaozhun.accounts.models import AuditEvent
from biaozhun.common.filters import PageFilter, Text, read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.enterprises.selectors import visible_enterprises
from biaozhun.web import audit

#: How many charts the home page draws (the first by ``priority``): a chart or two.
HOME_CHARTS = 2


def home(request: AuthedRequest) -> HttpResponse:
    """Each app may add cards to the dashboard with ``AppConfig.dashboard_cards(user)`` and
    charts with ``AppConfig.dashboard_charts(user)``. The page leads with what is urgent (the
    cards marked ``urgent`` that have something to do), then a chart or two, then the tiles.
    An anonymous visitor is sent to the public portal."""
    if not request.user.is_authenticated:
        return redirect("public:home")
    cards: list[dict[str, Any]] = []
    charts: list[dict[str, Any]] = []
    # A not-yet-approved enterprise user sees only their registration (no cards).
    for config in [] if request.user.is_pending else apps.get_app_configs():
        provider = getattr(config, "dashboard_cards", None)
        if callable(provider):
            cards.extend(provider(request.user))
        chart_provider = getattr(config, "dashboard_charts", None)
        if callable(chart_provider):
            charts.extend(chart_provider(request.user))
    urgent = [card for card in cards if card.get("urgent") and card.get("value")]
    tiles = [card for card in cards if card not in urgent]
    charts = sorted(charts, key=lambda chart: chart.get("priority", 50))[:HOME_CHARTS]
    enterprise = None
    if request.user.role == "enterprise_user":
        enterprise = visible_enterprises(request.user).first()
    return render(
        request,
        "web/home.html",
        {
            "urgent": urgent,
            "has_urgent_kinds": any(card.get("urgent") for card in cards),
            "cards": tiles,
            "charts": charts,
            "enterprise": enterprise,
        },
    )


class AuditPage(PageFilter):
    type: Text = ""
    action: Text = ""


@bureau_required
def audit_trail(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, AuditPage)
    events = AuditEvent.objects.select_related("district").all()
    if f.type:
        events = events.filter(object_type=f.type)
    if f.action:
        events = events.filter(action__startswith=f.action)
    page = Paginator(events, 50).get_page(f.page)
    for event in page:
        event.sentence = audit.sentence(event)  # type: ignore[attr-defined]
        event.change_list = audit.changes(event)  # type: ignore[attr-defined]
    template = "web/audit.html#rows" if request.htmx else "web/audit.html"
    return render(request, template, {"page_obj": page})
