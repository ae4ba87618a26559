"""Reads of comments and submissions, always through the user's scope: an enterprise user sees
its own enterprise's comments, a district officer those of its district's enterprises, the desk
(bureau) all, experts none; submissions are the desk's alone.

Also the reads the comment pages need of other apps (open notifications, alerts that hit an
enterprise): notifications through ``biaozhun.tbt.selectors``, alerts through
``biaozhun.alerts.selectors``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Min, QuerySet

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.alerts.models import Alert
from biaozhun.alerts.selectors import open_alerts
from biaozhun.common.errors import NotFound
from biaozhun.tbt.models import Notification
from biaozhun.tbt.selectors import get_notification, visible_notifications

from ..models import Comment, Evidence, Submission
from ..station import is_desk

#: How many open notifications the comment list offers to comment on.
OPEN_NOTIFICATIONS_SHOWN = 50
#: How many notifications with submitted comments the desk's merge queue shows.
MERGE_QUEUE_SHOWN = 30


def visible_comments(user: User) -> QuerySet[Comment]:
    qs = Comment.objects.select_related("notification", "enterprise", "submission", "author")
    if is_desk(user):
        return qs
    if getattr(user, "role", "") == "expert":
        return qs.none()
    return Scope.for_user(user).apply(
        qs, enterprise_field="enterprise", district_field="enterprise__district"
    )


def get_comment(user: User, pk: int) -> Comment:
    comment = visible_comments(user).prefetch_related("evidence").filter(pk=pk).first()
    if comment is None:
        raise NotFound("评议意见", "comment")
    return comment


def get_evidence(user: User, pk: int) -> Evidence:
    """An evidence file of a comment the user may see (404 otherwise)."""
    evidence = (
        Evidence.objects.filter(pk=pk, comment__in=visible_comments(user).values("pk"))
        .select_related("comment")
        .first()
    )
    if evidence is None:
        raise NotFound("证明材料", "evidence")
    return evidence


def visible_submissions(user: User) -> QuerySet[Submission]:
    if not is_desk(user):
        return Submission.objects.none()
    return Submission.objects.select_related("notification")


def get_submission(user: User, pk: int) -> Submission:
    submission = visible_submissions(user).filter(pk=pk).first()
    if submission is None:
        raise NotFound("汇总意见", "submission")
    return submission


def submission_of(user: User, notification: Notification) -> Submission | None:
    """The notification's submission, if the desk has started one (None for anyone else)."""
    return visible_submissions(user).filter(notification=notification).first()


def notification_for_comment(user: User, pk: int) -> Notification:
    """The notification a comment is about (404 if the user may not read it)."""
    return get_notification(user, pk)


def open_notifications(user: User, day: date) -> QuerySet[Notification]:
    """Regular notifications whose comment period is still open on ``day``."""
    return visible_notifications(user).filter(
        comment_deadline__gte=day, kind=Notification.Kind.REGULAR
    )


def commentable(user: User, day: date) -> list[Notification]:
    """The open notifications to offer for comment, soonest deadline first; for an enterprise
    user the ones that alerted its enterprise come first."""
    open_qs = open_notifications(user, day)
    alerted = alerted_notification_ids(user, open_qs)
    return sorted(
        open_qs.order_by("comment_deadline")[:OPEN_NOTIFICATIONS_SHOWN],
        key=lambda n: (n.pk not in alerted, n.comment_deadline),
    )


def alerted_notification_ids(user: User, notifications: QuerySet[Notification]) -> set[int]:
    """Which of ``notifications`` alerted the enterprise user's own enterprise (open alerts);
    empty for everyone else."""
    if getattr(user, "role", "") != "enterprise_user" or not user.enterprise_id:
        return set()
    return set(
        open_alerts(user)
        .filter(enterprise_id=user.enterprise_id, notification__in=notifications)
        .values_list("notification_id", flat=True)
    )


def merge_queue(user: User) -> list[dict[str, Any]]:
    """For the desk: notifications with submitted comments waiting to be merged (count and
    first submission), soonest deadline first."""
    if not is_desk(user):
        return []
    return [
        dict(row)
        for row in visible_comments(user)
        .filter(state=Comment.State.SUBMITTED)
        .values("notification_id", "notification__symbol", "notification__comment_deadline")
        .annotate(n=Count("id"), first=Min("submitted_at"))
        .order_by("notification__comment_deadline")[:MERGE_QUEUE_SHOWN]
    ]


def hit_without_comment(
    user: User, notification: Notification, comments: QuerySet[Comment]
) -> list[Alert]:
    """Open alerts of the notification whose enterprise has not commented (the desk's list of
    whom to ask), highest score first."""
    commented = set(comments.exclude(enterprise=None).values_list("enterprise_id", flat=True))
    return [
        a
        for a in open_alerts(user)
        .filter(notification=notification)
        .order_by("-score", "enterprise__name_zh")
        if a.enterprise_id not in commented
    ]
