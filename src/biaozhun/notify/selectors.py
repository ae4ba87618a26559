"""Reads of notifications, through the user's scope: a user sees their own feed; the delivery
log of a message is visible to staff (all, or their district) and to the message's enterprise."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from biaozhun.accounts.scoping import Scope
from biaozhun.common.errors import NotFound
from biaozhun.common.i18n import bi

from .models import Channel, ChannelEndpoint, Delivery, DeskTask, Message, Preference

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


def inbox(user: User, *, unread: bool = False) -> QuerySet[Delivery]:
    qs = Delivery.objects.filter(user=user, channel=Channel.INAPP).select_related("message")
    if unread:
        qs = qs.filter(opened_at__isnull=True)
    return qs.order_by("-id")


def unread_count(user: User) -> int:
    return inbox(user, unread=True).count()


def inbox_item(user: User, delivery_id: int) -> Delivery:
    item = inbox(user).filter(pk=delivery_id).first()
    if item is None:
        raise NotFound("通知", "notification")
    return item


def visible_messages(user: User) -> QuerySet[Message]:
    """Messages whose delivery log the user may read."""
    scope = Scope.for_user(user)
    if scope.sees_all:
        return Message.objects.all()
    in_scope = scope.apply(
        Message.objects.filter(enterprise__isnull=False),
        enterprise_field="enterprise",
        district_field="enterprise__district",
    )
    received = Message.objects.filter(deliveries__user=user)
    return Message.objects.filter(Q(pk__in=in_scope.values("pk")) | Q(pk__in=received.values("pk")))


def message_log(user: User, message_id: int) -> tuple[Message, QuerySet[Delivery]]:
    message = visible_messages(user).filter(pk=message_id).first()
    if message is None:
        raise NotFound("通知", "notification")
    deliveries = (
        message.deliveries.select_related("user")
        .prefetch_related("log")
        .order_by("channel", "recipient")
    )
    scope = Scope.for_user(user)
    if not scope.sees_all and not (
        message.enterprise_id
        and (
            (scope.kind == "enterprise" and scope.enterprise_id == message.enterprise_id)
            or scope.kind == "district"
        )
    ):
        deliveries = deliveries.filter(user=user)
    return message, deliveries


def preference(user: User) -> Preference:
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def endpoints(user: User) -> QuerySet[ChannelEndpoint]:
    own = Q(user=user)
    if getattr(user, "enterprise_id", None):
        own |= Q(enterprise_id=user.enterprise_id)
    return ChannelEndpoint.objects.filter(own, active=True)


def desk_tasks(user: User, *, open_only: bool = True) -> QuerySet[DeskTask]:
    scope = Scope.for_user(user)
    qs = DeskTask.objects.select_related("delivery__message", "delivery__user")
    if not scope.sees_all:
        qs = scope.apply(
            qs,
            enterprise_field="delivery__message__enterprise",
            district_field="delivery__message__enterprise__district",
        )
    if open_only:
        qs = qs.filter(resolved_at__isnull=True)
    return qs.order_by("-delivery__urgency_rank", "-created_at")


def outbox_counts() -> dict[str, int]:
    """Deliveries by status, over the whole outbox (the ``biaozhun notify`` command)."""
    rows = Delivery.objects.values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def desk_summary(user: User) -> list[dict[str, Any]]:
    """The desk's summary, over the deliveries of the user's scope, in the order a delivery
    goes: waiting, retrying (not failed yet: the outbox tries again by itself), held for a
    digest, sent, and failed — whose count is the open rows of the desk's table below (a
    failure the desk retried or dismissed is no longer counted)."""
    scope = Scope.for_user(user)
    deliveries = Delivery.objects.all()
    if not scope.sees_all:
        deliveries = scope.apply(
            deliveries,
            enterprise_field="message__enterprise",
            district_field="message__enterprise__district",
        )
    by_status = {
        row["status"]: row["n"] for row in deliveries.values("status").annotate(n=Count("id"))
    }
    open_failures = desk_tasks(user, open_only=True).count()
    S = Delivery.Status
    rows = [
        (S.PENDING, by_status.get(S.PENDING, 0) + by_status.get(S.SENDING, 0), "secondary"),
        (S.RETRY, by_status.get(S.RETRY, 0), "yellow"),
        (S.HELD, by_status.get(S.HELD, 0), "secondary"),
        (S.SENT, by_status.get(S.SENT, 0), "green"),
    ]
    out = [
        {"label": str(s.label), "n": n, "colour": colour, "status": s.value}
        for s, n, colour in rows
    ]
    out.append(
        {
            "label": bi("投递失败待处理", "failed, to handle"),
            "n": open_failures,
            "colour": "red" if open_failures else "secondary",
            "status": "dead",
        }
    )
    return out
