"""Daily and weekly digests: the held deliveries of each user who chose a digest become one
message (published like any other, so its own deliveries are idempotent and logged)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import Channel, Delivery, Preference
from .services import publish

DIGEST_HOUR = 8


def next_digest_time(period: str, now: dt.datetime) -> dt.datetime:
    """08:00 local time tomorrow (daily) or next Monday (weekly)."""
    local = timezone.localtime(now)
    at = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if period == "weekly":
        at += dt.timedelta(days=(7 - at.weekday()) % 7)
    while at <= local:
        at += dt.timedelta(days=7 if period == "weekly" else 1)
    return at


def send_digests(period: str, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    stamp = timezone.localtime(now).strftime("%Y%m%d%H")
    sent = 0
    for pref in Preference.objects.filter(mode=period).select_related("user"):
        with transaction.atomic():
            held = list(
                Delivery.objects.select_for_update()
                .filter(user=pref.user, status=Delivery.Status.HELD)
                .select_related("message")
                .order_by("-urgency_rank", "id")
            )
            if not held:
                continue
            messages = {d.message_id: d.message for d in held}.values()
            lines_zh = [f"· [{m.urgency}] {m.title_zh}" for m in messages]
            lines_en = [f"· [{m.urgency}] {m.title_en}" for m in messages]
            label_zh = "每日" if period == "daily" else "每周"
            label_en = "Daily" if period == "daily" else "Weekly"
            digest = publish(
                kind="digest",
                urgency="info",
                users=[pref.user],
                title_zh=f"{label_zh}通知摘要({len(lines_zh)} 条)",
                title_en=f"{label_en} digest ({len(lines_en)} notifications)",
                body_zh="\n".join(lines_zh),
                body_en="\n".join(lines_en),
                url="/notifications/",
                source=None,
                dedupe_key=f"digest:{period}:{pref.user_id}:{stamp}",
            )
            Delivery.objects.filter(pk__in=[d.pk for d in held]).update(
                status=Delivery.Status.SENT,
                sent_at=now,
                last_error=f"summarised in digest message {digest.pk}",
            )
            pref.last_digest_at = now
            pref.save(update_fields=["last_digest_at"])
            sent += 1
    return sent


__all__ = ["Channel", "next_digest_time", "send_digests"]
