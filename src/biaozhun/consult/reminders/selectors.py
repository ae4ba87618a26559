"""Reads behind the reminders and the "due this week" page: comments and submissions whose
internal or WTO deadline is near, in the user's scope (the reminder task reads them all)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from biaozhun.accounts.models import User
from biaozhun.alerts.desk import internal_deadline_for
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
    submissions = visible_submissions(user).filter(
        state=Submission.State.DRAFT, notification__comment_deadline__gte=monday
    )
    row = desk_row()

    def in_week(d: date | None) -> bool:
        return d is not None and monday <= d <= sunday

    # which notifications are due, from their dates alone (two narrow queries; the home
    # pages ask this on every visit and the answer is usually none), then their records
    wto_dates = dict(comments.values_list("notification_id", "notification__comment_deadline"))
    wto_dates.update(submissions.values_list("notification_id", "notification__comment_deadline"))
    due = {
        pk
        for pk, wto in wto_dates.items()
        if in_week(wto) or in_week(internal_deadline_for(wto, row))
    }
    if not due:
        return []
    comments = comments.filter(notification_id__in=due)
    by_n: dict[int, DueItem] = {}
    for c in comments:
        n = c.notification
        if n.pk not in by_n:
            d = deadlines_for(n, row)
            by_n[n.pk] = DueItem(n, d.wto, d.internal, [], None)
        by_n[n.pk].comments.append(c)
    for s in submissions.filter(notification_id__in=due):
        if s.notification_id not in by_n:
            d = deadlines_for(s.notification, row)
            by_n[s.notification_id] = DueItem(s.notification, d.wto, d.internal, [], s)
        else:
            by_n[s.notification_id].submission = s

    items = [i for i in by_n.values() if in_week(i.internal) or in_week(i.wto)]
    return sorted(items, key=lambda i: (i.internal or i.wto or sunday, i.notification.symbol))
