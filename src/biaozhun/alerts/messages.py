"""The push messages of TBT alerts, as message data for :mod:`biaozhun.notify`.

Matching and withdrawal publish these inside the transaction that creates, re-opens or
withdraws the alert (:func:`biaozhun.notify.services.publish_messages`), so an alert and its
push commit together: a crash between the two cannot lose the push. One message per alert,
revision and event (the dedupe key), to the enterprise's users, contacts who receive alerts,
robots and webhooks.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from biaozhun.enterprises.models import Enterprise
from biaozhun.notify.services import OutgoingMessage
from biaozhun.tbt.models import Notification

from .models import Alert


def _date(value: date | None) -> str:
    return value.isoformat() if value is not None else "—"


def _message(
    alert: Alert,
    enterprise: Enterprise,
    urgency: str,
    title: tuple[str, str],
    body: tuple[str, str],
    event: str,
) -> OutgoingMessage:
    return OutgoingMessage(
        kind="tbt_alert",
        urgency=urgency,
        enterprise=enterprise,
        title_zh=title[0][:300],
        title_en=title[1][:400],
        body_zh=body[0],
        body_en=body[1],
        url=reverse("alerts:alert", args=[alert.pk]),
        source=alert,
        dedupe_key=f"alert-{alert.pk}-r{alert.revision}{event}",
    )


def alert_message(
    alert: Alert, n: Notification, enterprise: Enterprise, realert: bool
) -> OutgoingMessage:
    """A TBT alert created (or re-opened by a later document) for an enterprise."""
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
    return _message(alert, enterprise, urgency, (title_zh, title_en), (body_zh, body_en), "")


def withdrawal_message(alert: Alert, n: Notification, enterprise: Enterprise) -> OutgoingMessage:
    """A TBT alert that no longer applies (the notification was withdrawn, or a later
    document narrowed its scope), told once as an "info" message."""
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
    return _message(
        alert, enterprise, "info", (title_zh, title_en), (body_zh, body_en), "-withdrawn"
    )
