"""The write path of TBT briefings: subscriptions (an industry, an export group, a market or
all notifications) and the monthly run that stores last month's briefing for every subscribed
key and pushes it to its subscribers (``biaozhun.consult.tasks.send_monthly_briefings``).
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.db import transaction

from biaozhun.accounts.models import User
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import NotFound, PermissionDenied
from biaozhun.notify.services import publish

from ..models import Briefing, BriefingSubscription
from ..station import today
from .selectors import check_key, compute_briefing, period_of, subscribers


@transaction.atomic
def subscribe_briefing(actor: User, kind: str, key: str = "") -> BriefingSubscription:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()
    key = check_key(kind, key)
    sub, created = BriefingSubscription.objects.get_or_create(user=actor, kind=kind, key=key)
    if created:
        record_audit(actor, "briefing.subscribe", sub, {"kind": kind, "key": key})
    return sub


@transaction.atomic
def unsubscribe_briefing(actor: User, subscription_id: int) -> None:
    deleted, _ = BriefingSubscription.objects.filter(pk=subscription_id, user=actor).delete()
    if not deleted:
        raise NotFound("订阅", "subscription")


def publish_monthly_briefings(day: date | None = None) -> int:
    """Generate last month's briefing for every subscribed industry / export group / market,
    keep it, and push it to its subscribers (one message per briefing and period: running
    again the same month sends nothing twice)."""
    day = day or today()
    p = period_of("month", day.replace(day=1) - timedelta(days=1))
    groups = subscribers()
    with transaction.atomic():
        for (kind, key), users in sorted(groups.items()):
            data = compute_briefing(kind, key, p, day)
            stored, _ = Briefing.objects.update_or_create(
                kind=kind,
                key=key,
                period="month",
                start=p.start,
                defaults={"end": p.end, "data": data},
            )
            query = urlencode({"kind": kind, "key": key, "period": "month", "at": p.label})
            change = f"{data['change'] * 100:+.0f}%" if data["change"] is not None else "—"
            publish(
                kind="consult-briefing",
                urgency="info",
                users=users,
                title_zh=f"TBT 月度简报 {p.label}:{data['label_zh']}",
                title_en=f"TBT monthly briefing {p.label}: {data['label_en']}",
                body_zh=(
                    f"本月通报 {data['total']} 件(环比 {change}),涉及本市企业 "
                    f"{data['enterprises_hit']} 家,报送评议 {data['comments']['sent']} 条。"
                ),
                body_en=(
                    f"{data['total']} notifications ({change} on the previous month), "
                    f"{data['enterprises_hit']} city enterprises hit, "
                    f"{data['comments']['sent']} comments sent."
                ),
                url=f"/consult/briefing/?{query}",
                source=stored,
                dedupe_key=f"consult-briefing-{kind}-{key}-{p.start}",
            )
    return len(groups)
