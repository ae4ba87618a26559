"""The bureau's desk of dead letters: deliveries that ran out of attempts, retried or
dismissed by staff."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import DomainError, NotFound, PermissionDenied

from . import tasks
from .models import Delivery, DeskTask


@transaction.atomic
def resolve_desk_task(actor: User, task_id: int, *, retry: bool) -> DeskTask:
    """Bureau staff retry a dead letter (a fresh set of attempts) or dismiss it."""
    if not getattr(actor, "is_bureau", False):
        raise PermissionDenied()
    desk = (
        DeskTask.objects.select_for_update().select_related("delivery").filter(pk=task_id).first()
    )
    if desk is None:
        raise NotFound("待办", "desk task")
    if desk.resolved_at is not None:
        raise DomainError(
            "already_resolved", "该待办已处理。", "This desk task is already resolved."
        )
    desk.resolved_at = timezone.now()
    desk.resolved_by = actor
    desk.resolution = "retried" if retry else "dismissed"
    desk.save()
    if retry:
        Delivery.objects.filter(pk=desk.delivery_id, status=Delivery.Status.DEAD).update(
            status=Delivery.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            last_error="",
        )
        transaction.on_commit(lambda: _kick_now(desk.delivery.urgency_rank))
    record_audit(actor, "notification.desk_" + desk.resolution, desk.delivery, {"task": desk.pk})
    return desk


def _kick_now(rank: int) -> None:
    tasks.kick(1, rank)
