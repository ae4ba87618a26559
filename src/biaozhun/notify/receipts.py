"""The recipient's side of a delivery: opening, acknowledging and clicking what they got."""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import NotFound

from .models import Channel, Delivery, Message


def _own_inapp(user: User, delivery_id: int) -> Delivery:
    delivery = Delivery.objects.filter(pk=delivery_id, user=user, channel=Channel.INAPP).first()
    if delivery is None:
        raise NotFound("通知", "notification")
    return delivery


@transaction.atomic
def mark_opened(user: User, delivery_id: int) -> Delivery:
    delivery = _own_inapp(user, delivery_id)
    if delivery.opened_at is None:
        delivery.opened_at = timezone.now()
        delivery.save(update_fields=["opened_at"])
    return delivery


@transaction.atomic
def acknowledge(user: User, delivery_id: int) -> Delivery:
    """The user confirms they have taken note (a read receipt the desk can count on)."""
    delivery = _own_inapp(user, delivery_id)
    now = timezone.now()
    if delivery.acknowledged_at is None:
        delivery.acknowledged_at = now
        delivery.opened_at = delivery.opened_at or now
        delivery.save(update_fields=["acknowledged_at", "opened_at"])
        record_audit(user, "notification.acknowledge", delivery.message, {"delivery": delivery.pk})
    return delivery


@transaction.atomic
def record_click(delivery_id: int) -> Message:
    """A tracked e-mail link was followed: mark the e-mail delivery and the user's in-app row."""
    delivery = Delivery.objects.select_related("message").filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFound("通知", "notification")
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, clicked_at__isnull=True).update(clicked_at=now)
    if delivery.user_id:
        Delivery.objects.filter(
            message=delivery.message, user_id=delivery.user_id, channel=Channel.INAPP
        ).filter(Q(clicked_at__isnull=True) | Q(opened_at__isnull=True)).update(
            clicked_at=now, opened_at=Coalesce("opened_at", models.Value(now))
        )
    return delivery.message


@transaction.atomic
def mark_all_opened(user: User) -> int:
    return Delivery.objects.filter(user=user, channel=Channel.INAPP, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )
