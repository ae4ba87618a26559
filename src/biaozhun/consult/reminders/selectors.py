"""Reads behind the reminders and the "due this week" page: comments and submissions whose
internal or WTO deadline is near, in the user's scope (the reminder task reads them all)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from biaozhun.accounts.models import User
from biaozhun.tbt.models import Notification

from ..comments.selectors import visible_comments, visible_submissions
from ..models import Comment, Submission
from ..station import deadlines_for, desk_row, week_bounds


def comments_before_deadline(day: date) -> QuerySet[Comment]:
    """Every comment not yet merged (draft or submitted) whose notification's comment period
    is open on ``day``: what the reminder task goes through."""
    return Comment.objects.filter(
        state__in=[Comment.State.DRAFT, Comment.State.SUBMITTED],
        notification__comment_deadline__gte=day,
    ).select_related("notification", "enterprise", "author")


def unsent_submissions(day: date) -> list[Submission]:
    """Submissions the desk has not sent whose notification's comment period is open on
    ``day``."""
    return [
        s
        for s in Submission.objects.filter(state=Submission.State.DRAFT).select_related(
            "notification"
        )
        if s.notification.comment_deadline and s.notification.comment_deadline >= day
    ]


@dataclass
class DueItem:
    notification: Notification
    wto: date | None
    internal: date | None
    comments: list[Comment]
    submission: Submission | None


def due_this_week(user: User, day: date) -> list[DueItem]:
    """Notifications whose internal or WTO deadline falls in ``day``'s week (Monday to
    Sunday) and that still have comments or a submission not sent, in the user's scope."""
    monday, sunday = week_bounds(day)
    comments = (
        visible_comments(user)
        .filter(state__in=[Comment.State.DRAFT, Comment.State.SUBMITTED])
        .filter(notification__comment_deadline__gte=monday)
    )
    by_n: dict[int, DueItem] = {}
    row = desk_row()
    for c in comments:
        n = c.notification
        if n.pk not in by_n:
            d = deadlines_for(n, row)
            by_n[n.pk] = DueItem(n, d.wto, d.internal, [], None)
        by_n[n.pk].comments.append(c)
    for s in visible_submissions(user).filter(
        state=Submission.State.DRAFT, notification__comment_deadline__gte=monday
    ):
        if s.notification_id not in by_n:
            d = deadlines_for(s.notification, row)
            by_n[s.notification_id] = DueItem(s.notification, d.wto, d.internal, [], s)
        else:
            by_n[s.notification_id].submission = s

    def in_week(d: date | None) -> bool:
        return d is not None and monday <= d <= sunday

    items = [i for i in by_n.values() if in_week(i.internal) or in_week(i.wto)]
    return sorted(items, key=lambda i: (i.internal or i.wto or sunday, i.notification.symbol))
