"""Listeners that turn other apps' events into notifications (registered in
NotifyConfig.ready() when those apps expose their listener lists)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.urls import reverse

from .services import publish

log = logging.getLogger(__name__)


def _date(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else "—"


def _push(
    alert: Any, urgency: str, title: tuple[str, str], body: tuple[str, str], event: str
) -> None:
    """Publish one message about ``alert`` to its enterprise, once per alert revision and
    ``event`` (the dedupe key)."""
    with transaction.atomic():
        publish(
            kind="tbt_alert",
            urgency=urgency,
            enterprise=alert.enterprise,
            title_zh=title[0][:300],
            title_en=title[1][:400],
            body_zh=body[0],
            body_en=body[1],
            url=reverse("alerts:alert", args=[alert.pk]),
            source=alert,
            dedupe_key=f"alert-{alert.pk}-r{alert.revision}{event}",
        )


def on_alert(alert_id: int, realert: bool) -> None:
    """alerts.ALERT_LISTENERS: a TBT alert created (or re-opened by a revision) for an
    enterprise is pushed to its users, contacts, robots and webhooks."""
    from biaozhun.alerts.models import Alert

    alert = Alert.objects.select_related("notification", "enterprise").filter(pk=alert_id).first()
    if alert is None:
        return
    n = alert.notification
    again_zh = "(更新)" if realert else ""
    again_en = " (updated)" if realert else ""
    title_zh = f"{n.symbol} {n.member_name_zh or n.member_code}{again_zh}:{n.title_zh or n.title}"
    title_en = f"{n.symbol} {n.member_name_en or n.member_code}{again_en}: {n.title}"
    body_zh = (
        f"评议截止:{_date(alert.comment_deadline)};内部截止:{_date(alert.internal_deadline)};"
        f"拟生效:{_date(alert.entry_into_force)}。\n{n.summary_zh}"
    ).strip()
    body_en = (
        f"Comments due {_date(alert.comment_deadline)}; internal deadline "
        f"{_date(alert.internal_deadline)}; entry into force {_date(alert.entry_into_force)}."
    )
    urgency = alert.risk if alert.risk in {"red", "orange", "yellow"} else "info"
    _push(alert, urgency, (title_zh, title_en), (body_zh, body_en), "")


def on_alert_withdrawn(alert_id: int) -> None:
    """alerts.WITHDRAWAL_LISTENERS: a TBT alert that no longer applies (the notification was
    withdrawn, or a later document narrowed its scope) is told to the enterprise once, as an
    "info" message (one per alert and revision)."""
    from biaozhun.alerts.models import Alert

    alert = Alert.objects.select_related("notification", "enterprise").filter(pk=alert_id).first()
    if alert is None or alert.withdrawn_at is None:
        return  # re-opened before the listener ran: nothing to withdraw
    n = alert.notification
    if alert.withdrawn_reason == Alert.Withdrawn.NOTIFICATION_WITHDRAWN:
        what_zh, what_en = "通报已撤回", "Notification withdrawn"
        body_zh = f"通报成员已撤回通报 {n.symbol},此前的预警不再需要处理。"
        body_en = (
            f"The notifying Member withdrew {n.symbol}; the earlier alert needs no further action."
        )
    else:
        what_zh, what_en = "不再适用", "No longer applies"
        body_zh = (
            f"通报 {n.symbol} 的后续文件修改了涵盖产品,已不再涉及贵企业出口档案中的产品或市场。"
        )
        body_en = (
            f"A later document changed the products covered by {n.symbol}: it no longer "
            "concerns the products or markets of your export profile."
        )
    title_zh = f"{what_zh}:{n.symbol} {n.member_name_zh or n.member_code} {n.title_zh or n.title}"
    title_en = f"{what_en}: {n.symbol} {n.member_name_en or n.member_code} {n.title}"
    _push(alert, "info", (title_zh, title_en), (body_zh, body_en), "-withdrawn")
