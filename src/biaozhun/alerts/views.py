"""Pages: export profiles (enterprise and staff), the alert inbox, the desk overview and the
desk settings. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import bureau_required, roles_required
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.core.codes import EXPORT_GROUPS, INDUSTRIES

from . import actions, guidance, selectors
from . import desk as alert_desk
from .forms import (
    DeskSettingsForm,
    FeedbackForm,
)
from .models import Alert

PROFILE_ROLES = (
    "enterprise_user",
    "bureau_admin",
    "bureau_staff",
    "department_member",
    "district_officer",
)
STAFF_ROLES = ("bureau_admin", "bureau_staff", "department_member", "district_officer")


@roles_required(*PROFILE_ROLES)
def alerts_home(request: AuthedRequest) -> HttpResponse:
    """Enterprise users go to their inbox; staff to the desk."""
    if request.user.role == "enterprise_user":
        return redirect("alerts:inbox")
    return redirect("alerts:desk")


@bureau_required
def desk_settings(request: AuthedRequest) -> HttpResponse:
    row = alert_desk.desk_settings()
    form = DeskSettingsForm(
        request.POST or None,
        initial={
            "lead_working_days": row.lead_working_days,
            "extra_holidays": "\n".join(row.extra_holidays),
            "extra_workdays": "\n".join(row.extra_workdays),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            alert_desk.update_desk_settings(
                request.user,
                lead_working_days=data["lead_working_days"],
                extra_holidays=data["extra_holidays"].split(),
                extra_workdays=data["extra_workdays"].split(),
            )
        except DomainError as exc:
            form.add_error(exc.details.get("field"), exc.message())
        else:
            messages.success(request, bi("预警设置已保存。", "Alert settings saved."))
            return redirect("alerts:settings")
    return render(request, "alerts/settings.html", {"form": form})


# -------------------------------------------------------------------------- alerts


@roles_required("enterprise_user")
def inbox(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, selectors.InboxPage)
    alerts = selectors.search_alerts(
        request.user,
        risk=f.risk if f.risk in {"red", "orange", "yellow"} else "",
        unread=f.unread,
        deadline_within=f.deadline,
        feedback=f.feedback,
        q=f.q,
        **_state_filter(f.state),
    )
    page = Paginator(alerts, 20).get_page(f.page)
    context = {"page_obj": page, "today": selectors.today()}
    template = "alerts/inbox.html#results" if request.htmx else "alerts/inbox.html"
    return render(request, template, context)


def _state_filter(state: str) -> dict[str, Any]:
    """The inbox's state filter: ``open`` (still applies), ``withdrawn`` (any reason), or a
    withdrawal reason (``notification_withdrawn``, ``out_of_scope``); anything else: all."""
    if state == "open":
        return {"withdrawn": False}
    if state == "withdrawn":
        return {"withdrawn": True}
    if state in Alert.Withdrawn.values:
        return {"withdrawn": True, "reason": state}
    return {}


def _alert_or_404(request: AuthedRequest, pk: int) -> Any:
    try:
        return selectors.get_alert(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc


@roles_required(*PROFILE_ROLES)
def alert_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    alert = _alert_or_404(request, pk)
    actions.mark_read(request.user, alert)
    history = list(alert.revisions.all())
    revisions = [
        (r, [(_change_label(k), v[0], v[1]) for k, v in (r.changes.get("diff") or {}).items()])
        for r in history
    ]
    today = selectors.today()
    closed, steps = guidance.steps_for(alert, today)
    return render(
        request,
        "alerts/alert.html",
        {
            "alert": alert,
            "steps": steps,
            "comments_closed": closed,
            "risk": guidance.risk_of(alert, today),
            "force": guidance.entry_into_force(alert),
            "revisions": revisions,
            "withdrawal": selectors.withdrawal_of(alert, history),
            "family_scope": selectors.amended_scope(alert, history),
            "n": alert.notification,
            "feedback_form": FeedbackForm(
                initial={"relevant": alert.feedback or None, "note": alert.feedback_note}
            ),
            "own": request.user.role == "enterprise_user",
            "today": today,
        },
    )


CHANGE_LABELS = {
    "member": ("通报成员", "notifying member"),
    "hs_codes": ("HS 编码", "HS codes"),
    "ics_codes": ("ICS 分类", "ICS codes"),
    "keywords": ("关键词", "keywords"),
    "comment_deadline": ("评议截止", "final date for comments"),
    "entry_into_force": ("拟生效日期", "entry into force"),
    "adoption_date": ("拟批准日期", "adoption date"),
}


def _change_label(key: str) -> str:
    zh, en = CHANGE_LABELS.get(key, (key, key))
    return bi(zh, en)


@roles_required("enterprise_user")
@require_POST
def alert_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    alert = _alert_or_404(request, pk)
    actions.acknowledge_alert(request.user, alert)
    messages.success(request, bi("已确认收到该预警。", "Alert acknowledged."))
    return redirect("alerts:alert", pk)


@roles_required("enterprise_user")
@require_POST
def alert_feedback(request: AuthedRequest, pk: int) -> HttpResponse:
    alert = _alert_or_404(request, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            actions.give_feedback(
                request.user, alert, form.cleaned_data["relevant"], form.cleaned_data["note"]
            )
        except DomainError as exc:
            messages.error(request, exc.message())
        else:
            messages.success(request, bi("反馈已提交,谢谢。", "Thank you for the feedback."))
            return redirect("alerts:alert", pk)
    else:
        messages.error(request, bi("请选择“相关”或“不相关”。", "Choose relevant or not relevant."))
    return redirect("alerts:alert", pk)


@roles_required(*STAFF_ROLES)
def desk(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, selectors.DeskPage)
    rows = selectors.desk_rows(
        request.user,
        member=f.member,
        industry=f.industry,
        export_group=f.export_group,
        hs=f.hs,
        ics=f.ics,
        since=f.since,
        deadline_after=f.deadline_after,
        red_unread=bool(f.red_unread),
        hit_only=bool(f.hit),
        q=f.q,
    )
    page = Paginator(rows, 25).get_page(f.page)
    context = {
        "page_obj": page,
        "industries": INDUSTRIES,
        "export_groups": EXPORT_GROUPS,
    }
    template = "alerts/desk.html#results" if request.htmx else "alerts/desk.html"
    return render(request, template, context)


@roles_required(*STAFF_ROLES)
def desk_notification(request: AuthedRequest, notification_id: int) -> HttpResponse:
    alerts = selectors.search_alerts(request.user, notification_id=notification_id)
    first = alerts.first()
    if first is None:
        raise Http404(bi("没有该通报的预警。", "No alert for this notification."))
    return render(
        request,
        "alerts/desk_notification.html",
        {"n": first.notification, "alerts": alerts.select_related("enterprise__district")},
    )
