"""The enterprise's actions on one of its alerts: open it (read), acknowledge it, say whether
it is relevant (feedback). Only the enterprise's own users may act; staff opening an alert
does not count as read. Each action is one transaction with its audit row.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import DomainError, PermissionDenied

from .models import Alert


def require_own(actor: User, alert: Alert) -> None:
    scope = Scope.for_user(actor)
    if not (scope.kind == "enterprise" and scope.enterprise_id == alert.enterprise_id):
        raise PermissionDenied(
            "只有本企业用户可以处理该预警。", "Only the enterprise's own users may act on it."
        )


@transaction.atomic
def mark_read(actor: User, alert: Alert) -> Alert:
    """An enterprise user opened the alert (staff opening it does not count)."""
    if Scope.for_user(actor).kind != "enterprise" or alert.read_at is not None:
        return alert
    require_own(actor, alert)
    alert.read_at = timezone.now()
    alert.save(update_fields=["read_at"])
    record_audit(actor, "alert.read", alert, {}, district=alert.enterprise.district)
    return alert


@transaction.atomic
def acknowledge_alert(actor: User, alert: Alert) -> Alert:
    require_own(actor, alert)
    now = timezone.now()
    alert.read_at = alert.read_at or now
    alert.acknowledged_at = now
    alert.acknowledged_by = actor
    alert.save(update_fields=["read_at", "acknowledged_at", "acknowledged_by"])
    record_audit(actor, "alert.acknowledge", alert, {}, district=alert.enterprise.district)
    return alert


@transaction.atomic
def give_feedback(actor: User, alert: Alert, feedback: str, note: str = "") -> Alert:
    require_own(actor, alert)
    if feedback not in {"relevant", "not_relevant"}:
        raise DomainError(
            "bad_feedback",
            "反馈只能是“相关”或“不相关”。",
            "Feedback must be relevant or not_relevant.",
            {"field": "feedback"},
        )
    if len(note) > 1000:
        raise DomainError(
            "note_too_long",
            "说明不能超过 1000 字。",
            "The note cannot exceed 1000 characters.",
            {"field": "note"},
        )
    now = timezone.now()
    alert.feedback = feedback
    alert.feedback_note = note.strip()
    alert.feedback_at = now
    alert.feedback_by = actor
    alert.read_at = alert.read_at or now
    alert.save(update_fields=["feedback", "feedback_note", "feedback_at", "feedback_by", "read_at"])
    record_audit(
        actor,
        "alert.feedback",
        alert,
        {"feedback": feedback, "note": note},
        district=alert.enterprise.district,
    )
    return alert
