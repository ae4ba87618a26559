"""Deadline reminders of the consultation station: sources of draft comments before the
internal deadline, the desk before the internal and the WTO deadline of every notification
whose comments are not sent yet. Run each morning by ``biaozhun.consult.tasks.send_reminders``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from biaozhun.core.workdays import working_days_between
from biaozhun.notify.services import publish
from biaozhun.tbt.models import Notification

from ..models import Comment
from ..station import calendar, consult_settings, deadlines_for, desk_row, desk_users, today
from .selectors import comments_before_deadline, unsent_submissions


def _threshold(days_left: int, thresholds: list[int]) -> int | None:
    """The smallest reminder threshold that ``days_left`` has reached (None: not yet)."""
    reached = [t for t in thresholds if days_left <= t]
    if days_left < 0 or not reached:
        return None
    return min(reached)


def send_deadline_reminders(on: date | None = None) -> int:
    """Remind sources of drafts before the internal deadline, and the desk before both the
    internal and the WTO deadline of every notification with comments not yet sent. Each
    reminder has its own dedupe key (comment or notification × deadline × threshold), so
    running the task twice a day sends nothing twice."""
    day = on or today()
    row = desk_row()
    cal = calendar(row)
    thresholds = consult_settings().thresholds
    sent = 0
    with transaction.atomic():
        open_comments = comments_before_deadline(day)
        desk_items: dict[int, Notification] = {}
        for comment in open_comments:
            n = comment.notification
            desk_items[n.pk] = n
            d = deadlines_for(n, row)
            if comment.state != Comment.State.DRAFT or d.internal is None:
                continue
            left = working_days_between(day, d.internal, cal)
            t = _threshold(left, thresholds)
            if t is None:
                continue
            recipients: dict[str, Any] = (
                {"enterprise": comment.enterprise} if comment.enterprise else {}
            )
            if not recipients and comment.author is not None:
                recipients = {"users": [comment.author]}
            if not recipients:
                continue
            publish(
                kind="consult-reminder",
                urgency="orange" if left <= 1 else "yellow",
                title_zh=f"评议意见待提交:{n.symbol} 内部截止 {d.internal:%Y-%m-%d}",
                title_en=f"Comment to submit: {n.symbol}, internal deadline {d.internal:%Y-%m-%d}",
                body_zh=f"距内部截止还有 {left} 个工作日,请提交评议意见草稿。",
                body_en=f"{left} working days to the internal deadline: submit your draft.",
                url=f"/consult/comments/{comment.pk}/",
                source=comment,
                dedupe_key=f"consult-remind-comment-{comment.pk}-{d.internal}-{t}",
                **recipients,
            )
            sent += 1
        for s in unsent_submissions(day):
            desk_items[s.notification_id] = s.notification
        desk = desk_users()
        for n in desk_items.values():
            d = deadlines_for(n, row)
            for which, deadline in (("internal", d.internal), ("wto", d.wto)):
                if deadline is None:
                    continue
                left = working_days_between(day, deadline, cal)
                t = _threshold(left, thresholds)
                if t is None or not desk:
                    continue
                zh = "内部截止" if which == "internal" else "WTO 评议截止"
                en = "internal deadline" if which == "internal" else "WTO final date"
                publish(
                    kind="consult-reminder",
                    urgency="orange" if left <= 1 else "yellow",
                    users=desk,
                    title_zh=f"评议汇总待报送:{n.symbol} {zh} {deadline:%Y-%m-%d}",
                    title_en=f"Submission due: {n.symbol}, {en} {deadline:%Y-%m-%d}",
                    body_zh=f"距{zh}还有 {left} 个工作日。",
                    body_en=f"{left} working days to the {en}.",
                    url=f"/consult/notifications/{n.pk}/",
                    source=n,
                    dedupe_key=f"consult-remind-desk-{n.pk}-{which}-{deadline}-{t}",
                )
                sent += 1
    return sent


# ----------------------------------------------------------------------------- enquiries
