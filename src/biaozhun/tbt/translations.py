"""The translation desk: the notifications waiting for a Chinese title and summary, and the
small state machine of one translation (services, each ``@transaction.atomic`` with audit).

::

    (waiting) --assign--> assigned --write(submit)--> in_review --approve--> approved
                             ^                            |                    |
                             +-------- return ------------+                 publish
                                                                               v
                                                                           published

* assign: a bureau user gives the notification to a staff user (again at any time before
  publishing, or after it to revise the published text);
* write: the assignee saves the title and summary, and submits them for review;
* review: another bureau user (not the writer) approves or returns them with a note;
* publish: a bureau user copies the approved text to the notification. Every page, the
  alerts and the digests not yet sent show it from then on; no message is sent again (the
  :class:`~biaozhun.common.events.NotificationTranslated` event lets the alerts app update
  the text of the messages it keeps).

The queue (:func:`waiting_notifications`) lists the notifications whose Chinese title or
summary is empty and not yet published, the ones raising the most open alerts first, then by
the final date for comments (soonest first, passed or unknown last).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.services import record_audit
from biaozhun.common import events
from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.common.events import NotificationTranslated

from .models import Notification, Translation

STAFF_ROLES = ("bureau_admin", "bureau_staff")

# ----------------------------------------------------------------------------- reads


def require_desk(user: Any) -> None:
    if not getattr(user, "is_bureau", False):
        raise PermissionDenied(
            "只有市局工作人员可以使用译审台。", "Only bureau staff can use the translation desk."
        )


def staff_users() -> QuerySet[User]:
    """Who a translation can be assigned to."""
    return User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("username")


def waiting_notifications(user: Any, *, state: str = "", today: Any = None) -> QuerySet[Any]:
    """The notifications waiting for a Chinese title or summary (queue order: see the
    module docstring), each annotated with ``open_alerts`` and ``deadline_passed``.
    ``state``: ``unassigned``, a :class:`Translation.State` other than published, or all."""
    require_desk(user)
    today = today or timezone.localdate()
    qs = (
        Notification.objects.exclude(status=Notification.Status.WITHDRAWN)
        .filter(Q(title_zh="") | Q(summary_zh=""))
        .exclude(translation__state=Translation.State.PUBLISHED)
        .select_related("translation", "translation__assignee")
        .annotate(
            open_alerts=Count("alerts", filter=Q(alerts__withdrawn_at__isnull=True)),
            deadline_passed=Case(
                When(comment_deadline__lt=today, then=Value(True)),
                When(comment_deadline__isnull=True, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )
    if state == "unassigned":
        qs = qs.filter(translation__isnull=True)
    elif state in Translation.State.values:
        qs = qs.filter(translation__state=state)
    return qs.order_by(
        "-open_alerts",
        "deadline_passed",
        F("comment_deadline").asc(nulls_last=True),
        "-distributed_on",
        "-id",
    )


def recently_published(user: Any, limit: int = 10) -> QuerySet[Translation]:
    require_desk(user)
    return (
        Translation.objects.filter(state=Translation.State.PUBLISHED)
        .select_related("notification", "published_by")
        .order_by("-published_at")[:limit]
    )


def translation_of(notification: Notification) -> Translation | None:
    return Translation.objects.filter(notification=notification).first()


# ---------------------------------------------------------------------------- writes


def _get_for_update(notification: Notification) -> Translation | None:
    return Translation.objects.select_for_update().filter(notification=notification).first()


def _wrong_state(t: Translation | None, action_zh: str, action_en: str) -> Conflict:
    state = t.get_state_display() if t else "未分配 unassigned"
    return Conflict(
        "translation_state",
        f"当前状态({state.split(' ')[0]})下不能{action_zh}。",
        f"Cannot {action_en} in state {state.split(' ', 1)[-1]}.",
    )


@transaction.atomic
def assign_translation(actor: User, notification: Notification, assignee: User) -> Translation:
    """Give the notification's translation to a staff user (a new one, a reassignment, or a
    revision of the published text)."""
    require_desk(actor)
    if assignee.role not in STAFF_ROLES or not assignee.is_active:
        raise DomainError(
            "assignee_not_staff",
            "只能分配给市局工作人员。",
            "A translation can only be assigned to bureau staff.",
            {"field": "assignee"},
        )
    t = _get_for_update(notification)
    before = {"state": t.state, "assignee": t.assignee_id} if t else {}
    if t is None:
        t = Translation(
            notification=notification,
            title_zh=notification.title_zh,
            summary_zh=notification.summary_zh,
        )
    t.assignee = assignee
    if t.state in (Translation.State.PUBLISHED, Translation.State.APPROVED):
        t.state = Translation.State.ASSIGNED
    t.save()
    record_audit(
        actor,
        "translation.assign",
        notification,
        {"before": before, "assignee": assignee.pk, "state": t.state},
    )
    return t


@transaction.atomic
def write_translation(
    actor: User, notification: Notification, title_zh: str, summary_zh: str, *, submit: bool
) -> Translation:
    """The assignee saves the Chinese title and summary; ``submit`` sends them to review."""
    require_desk(actor)
    t = _get_for_update(notification)
    if t is None or t.state not in (Translation.State.ASSIGNED, Translation.State.IN_REVIEW):
        raise _wrong_state(t, "撰写", "write")
    if t.assignee_id != actor.pk and actor.role != "bureau_admin":
        raise PermissionDenied(
            "该通报已分配给其他人翻译。", "This translation is assigned to someone else."
        )
    title, summary = title_zh.strip(), summary_zh.strip()
    if submit and not (title and summary):
        raise DomainError(
            "translation_incomplete",
            "提交审核前请填写中文标题和中文摘要。",
            "Write both the Chinese title and summary before submitting.",
            {"field": "title_zh" if not title else "summary_zh"},
        )
    t.title_zh, t.summary_zh = title[:2000], summary[:20000]
    t.written_by = actor
    if submit:
        t.state = Translation.State.IN_REVIEW
        t.review_note = ""
    t.save()
    record_audit(actor, "translation.write", notification, {"state": t.state, "submitted": submit})
    return t


@transaction.atomic
def review_translation(
    actor: User, notification: Notification, *, approve: bool, note: str = ""
) -> Translation:
    """Approve the submitted text, or return it to the assignee with a note. The reviewer
    is not the writer."""
    require_desk(actor)
    t = _get_for_update(notification)
    if t is None or t.state != Translation.State.IN_REVIEW:
        raise _wrong_state(t, "审核", "review")
    if t.written_by_id == actor.pk:
        raise PermissionDenied(
            "译文须由撰写人以外的人员审核。", "Someone other than the writer must review it."
        )
    if not approve and not note.strip():
        raise DomainError(
            "review_note_required",
            "退回时请写明修改意见。",
            "Say what to change when returning it.",
            {"field": "note"},
        )
    t.reviewed_by = actor
    t.review_note = note.strip()[:1000]
    t.state = Translation.State.APPROVED if approve else Translation.State.ASSIGNED
    t.save()
    record_audit(
        actor,
        "translation.approve" if approve else "translation.return",
        notification,
        {"note": t.review_note},
    )
    return t


@transaction.atomic
def publish_translation(actor: User, notification: Notification) -> Translation:
    """Copy the approved text to the notification. Sends nothing again: the alerts app
    updates the text of the messages it keeps (``NotificationTranslated``)."""
    require_desk(actor)
    t = _get_for_update(notification)
    if t is None or t.state != Translation.State.APPROVED:
        raise _wrong_state(t, "发布", "publish")
    n = Notification.objects.select_for_update().get(pk=notification.pk)
    before = {"title_zh": n.title_zh, "summary_zh": n.summary_zh}
    n.title_zh, n.summary_zh = t.title_zh, t.summary_zh
    n.save(update_fields=["title_zh", "summary_zh", "updated_at"])
    t.state = Translation.State.PUBLISHED
    t.published_by = actor
    t.published_at = timezone.now()
    t.save()
    record_audit(
        actor,
        "translation.publish",
        n,
        {"before": before, "after": {"title_zh": n.title_zh, "summary_zh": n.summary_zh}},
    )
    events.publish(NotificationTranslated(n.pk))
    notification.title_zh, notification.summary_zh = n.title_zh, n.summary_zh
    return t
