"""Listeners that turn other apps' events into notifications (registered in
NotifyConfig.ready() when those apps expose their listener lists)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse

from .services import publish

log = logging.getLogger(__name__)


def _date(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else "—"


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
    with transaction.atomic():
        publish(
            kind="tbt_alert",
            urgency=alert.risk if alert.risk in {"red", "orange", "yellow"} else "info",
            enterprise=alert.enterprise,
            title_zh=title_zh[:300],
            title_en=title_en[:400],
            body_zh=body_zh,
            body_en=body_en,
            url=reverse("alerts:alert", args=[alert.pk]),
            source=alert,
            dedupe_key=f"alert-{alert.pk}-r{alert.revision}",
        )
