"""The push messages of TBT alerts, as message data for :mod:`biaozhun.notify`.

Matching and withdrawal publish these inside the transaction that creates, re-opens or
withdraws the alert (:func:`biaozhun.notify.services.publish_messages`), so an alert and its
push commit together: a crash between the two cannot lose the push. One message per alert,
revision and event (the dedupe key), to the enterprise's users, contacts who receive alerts,
robots and webhooks.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from biaozhun.common.events import NotificationTranslated
from biaozhun.core import tbt_summary
from biaozhun.enterprises.models import Enterprise
from biaozhun.notify.models import Message
from biaozhun.notify.services import OutgoingMessage
from biaozhun.tbt.models import Notification
from biaozhun.tbt.summary import chinese_text, generated_title, member_name_zh

from .models import Alert


def _date(value: date | None) -> str:
    return value.isoformat() if value is not None else "—"


#: the line that opens the Chinese summary in a message body; what follows it is replaced
#: when the desk publishes its translation (:func:`on_notification_translated`)
SUMMARY_MARK_GENERATED = f"【中文摘要 · {tbt_summary.GENERATED_LABEL_ZH}】"
SUMMARY_MARK = "【中文摘要】"


def _deadline_zh(value: date | None, today: date) -> str:
    if value is None:
        return "未注明"
    return f"{tbt_summary.date_zh(value)}({tbt_summary.deadline_status(value, today).zh})"


def _title_zh(n: Notification, title: str, generated: bool, again: str) -> str:
    """``G/TBT/N/EU/1000 欧盟:<desk title>``; a generated title names the Member itself."""
    member = "" if generated else f" {member_name_zh(n) or n.member_code}"
    return f"{n.symbol}{member}{again}:{title}"


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
    """A TBT alert created (or re-opened by a later document) for an enterprise: a Chinese
    title always (the desk's, else the generated one), the deadlines with the working days
    left, the entry into force as notified, and the Chinese summary (labelled when
    generated)."""
    today = timezone.localdate()
    text = chinese_text(n, today)
    again_zh = "(更新)" if realert else ""
    again_en = " (updated)" if realert else ""
    title_zh = _title_zh(n, text.title, text.title_generated, again_zh)
    title_en = f"{n.symbol} {n.member_name_en or n.member_code}{again_en}: {n.title}"
    force = tbt_summary.date_reading(
        alert.entry_into_force,
        n.entry_into_force_text if alert.entry_into_force == n.entry_into_force else "",
    )
    mark = SUMMARY_MARK_GENERATED if text.summary_generated else SUMMARY_MARK
    body_zh = (
        f"评议截止:{_deadline_zh(alert.comment_deadline, today)};"
        f"内部截止(向评议中心反馈):{_deadline_zh(alert.internal_deadline, today)};"
        f"拟生效:{force.zh}。\n{mark}\n{text.summary}"
    ).strip()
    body_en = (
        f"Comments due {_date(alert.comment_deadline)}; internal deadline "
        f"{_date(alert.internal_deadline)}; entry into force {force.en}."
    )
    urgency = alert.risk if alert.risk in {"red", "orange", "yellow"} else "info"
    return _message(alert, enterprise, urgency, (title_zh, title_en), (body_zh, body_en), "")


def on_notification_translated(event: NotificationTranslated) -> int:
    """Handler of :class:`~biaozhun.common.events.NotificationTranslated`: the messages of
    the notification's alerts show the desk's title and summary from now on (the in-app
    inbox and every digest not yet sent read them). Nothing is sent again. Idempotent.
    Returns the number of messages changed."""
    n = Notification.objects.filter(pk=event.notification_id).first()
    if n is None or not (n.title_zh and n.summary_zh):
        return 0
    generated = generated_title(n)
    alert_ids = [
        str(pk) for pk in Alert.objects.filter(notification=n).values_list("pk", flat=True)
    ]
    changed = 0
    with transaction.atomic():
        for m in Message.objects.select_for_update().filter(
            kind="tbt_alert", source_type=Alert._meta.label_lower, source_id__in=alert_ids
        ):
            title = m.title_zh
            if f":{generated}" in title:
                head = title.split(f":{generated}", 1)[0]
                named = f"{n.symbol} {member_name_zh(n) or n.member_code}"
                title = f"{head.replace(n.symbol, named, 1)}:{n.title_zh}"
            body = m.body_zh
            for mark in (SUMMARY_MARK_GENERATED, SUMMARY_MARK):
                if mark in body:
                    body = f"{body.split(mark, 1)[0]}{SUMMARY_MARK}\n{n.summary_zh}"
                    break
            if (title, body) != (m.title_zh, m.body_zh):
                m.title_zh, m.body_zh = title[:300], body
                m.save(update_fields=["title_zh", "body_zh"])
                changed += 1
    return changed


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
    title_zh = f"{what_zh}:{n.symbol} {chinese_text(n).title}"
    title_en = f"{what_en}: {n.symbol} {n.member_name_en or n.member_code} {n.title}"
    return _message(
        alert, enterprise, "info", (title_zh, title_en), (body_zh, body_en), "-withdrawn"
    )
