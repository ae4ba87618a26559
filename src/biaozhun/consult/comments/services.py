"""The write path of comments (评议意见) on WTO/TBT notifications and of the submission they
are merged into: draft, evidence, submit, withdraw; the desk merges submitted comments into
the notification's submission and moves it along its outcome state machine (``TRANSITIONS``).

Pushes (the submission sent, its outcome) go through ``biaozhun.notify.services.publish``
inside the service's transaction: a rolled-back write sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.models import District, User
from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.enterprises.models import Enterprise
from biaozhun.notify.services import publish
from biaozhun.tbt.models import Notification

from ..models import Comment, Evidence, Submission
from ..station import is_desk, require_approved, require_desk, today

EVIDENCE_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".png", ".jpg", ".jpeg")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
#: The largest export value the column holds (12 digits, 2 decimals; in 10k USD).
EXPORT_VALUE_MAX = Decimal("9999999999.99")
#: The largest id a list of comment ids may name (a database integer).
ID_MAX = 2**63 - 1


def require_open(notification: Notification, on: date | None = None) -> None:
    deadline = notification.comment_deadline
    if deadline is not None and deadline < (on or today()):
        raise DomainError(
            "comments_closed",
            f"通报 {notification.symbol} 的评议期已于 {deadline:%Y-%m-%d} 截止。",
            f"The comment period of {notification.symbol} closed on {deadline:%Y-%m-%d}.",
            {"field": "notification"},
        )


@dataclass
class CommentData:
    concern: str
    clauses: str = ""
    proposed_change: str = ""
    technical_points_en: str = ""
    export_value_usd: Decimal | None = None
    trade_impact: str = ""
    association: str = ""


def _export_value(value: Decimal | float | str | None) -> Decimal | None:
    """The export value at stake, checked before anything is stored: a finite number from 0
    to ``EXPORT_VALUE_MAX``, rounded to cents as the column keeps it."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
        if number.is_finite():
            number = number.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if number.is_finite() and number < 0:
        raise DomainError(
            "export_value_negative",
            "涉及出口额不能为负数。",
            "The export value at stake cannot be negative.",
            {"field": "export_value_usd"},
        )
    if not number.is_finite() or number > EXPORT_VALUE_MAX:
        raise DomainError(
            "export_value_range",
            "涉及出口额应为 0 到 9,999,999,999.99(万美元)之间的数。",
            "The export value at stake must be a number from 0 to 9,999,999,999.99 (10k USD).",
            {"field": "export_value_usd", "max": str(EXPORT_VALUE_MAX)},
        )
    return number


def _clean_comment(data: CommentData) -> CommentData:
    if not data.concern.strip():
        raise DomainError(
            "concern_required",
            "请填写关注的问题。",
            "Please state the concern.",
            {"field": "concern"},
        )
    export_value = _export_value(data.export_value_usd)
    return CommentData(
        concern=data.concern.strip(),
        clauses=data.clauses.strip()[:500],
        proposed_change=data.proposed_change.strip(),
        technical_points_en=data.technical_points_en.strip(),
        export_value_usd=export_value,
        trade_impact=data.trade_impact.strip(),
        association=data.association.strip()[:200],
    )


def _own_or_desk(actor: User, enterprise: Enterprise | None) -> None:
    if is_desk(actor):
        return
    scope = Scope.for_user(actor)
    if (
        enterprise is not None
        and scope.kind == "enterprise"
        and scope.enterprise_id == enterprise.pk
    ):
        return
    raise PermissionDenied(
        "只有本企业或评议台可以处理该评议意见。",
        "Only the enterprise itself or the TBT desk may handle this comment.",
    )


@transaction.atomic
def create_comment(
    actor: User,
    notification: Notification,
    data: CommentData,
    *,
    enterprise: Enterprise | None = None,
) -> Comment:
    """An enterprise drafts a comment (its own enterprise); the desk may file one on an
    enterprise's or an association's behalf."""
    desk = is_desk(actor)
    if not desk:
        if getattr(actor, "role", "") != "enterprise_user" or not actor.enterprise_id:
            raise PermissionDenied(
                "只有企业用户或评议台可以提交评议意见。",
                "Only enterprise users or the TBT desk may comment.",
            )
        enterprise = actor.enterprise
        if data.association:
            data.association = ""
    _own_or_desk(actor, enterprise)
    require_approved(enterprise)
    require_open(notification)
    clean = _clean_comment(data)
    if desk and enterprise is None and not clean.association:
        raise DomainError(
            "source_required",
            "代填评议时请选择企业或填写行业协会。",
            "When the desk files a comment, name the enterprise or the association.",
            {"field": "enterprise"},
        )
    comment = Comment.objects.create(
        notification=notification,
        enterprise=enterprise,
        by_desk=desk,
        author=actor,
        **clean.__dict__,
    )
    record_audit(
        actor,
        "comment.create",
        comment,
        {"notification": notification.symbol},
        district=enterprise.district if enterprise else None,
    )
    return comment


def _editable(comment: Comment) -> None:
    if comment.state != Comment.State.DRAFT:
        raise Conflict(
            "comment_not_draft",
            "只有草稿状态的评议意见可以修改。",
            "Only a draft comment can be changed.",
            {"state": comment.state},
        )


@transaction.atomic
def update_comment(actor: User, comment: Comment, data: CommentData) -> Comment:
    _own_or_desk(actor, comment.enterprise)
    _editable(comment)
    clean = _clean_comment(data)
    if not is_desk(actor):
        clean.association = comment.association
    changes: dict[str, Any] = {}
    for name, value in clean.__dict__.items():
        if getattr(comment, name) != value:
            changes[name] = [getattr(comment, name), value]
            setattr(comment, name, value)
    comment.save()
    if changes:
        record_audit(actor, "comment.update", comment, changes, district=_district(comment))
    return comment


def _district(comment: Comment) -> District | None:
    return comment.enterprise.district if comment.enterprise_id and comment.enterprise else None


@transaction.atomic
def add_evidence(actor: User, comment: Comment, upload: UploadedFile[Any]) -> Evidence:
    _own_or_desk(actor, comment.enterprise)
    if comment.state not in (Comment.State.DRAFT, Comment.State.SUBMITTED):
        raise Conflict(
            "comment_closed",
            "评议意见已汇总或撤回,不能再添加证明材料。",
            "The comment is merged or withdrawn: no more evidence can be added.",
        )
    name = str(getattr(upload, "name", "") or "")
    if not name.lower().endswith(EVIDENCE_EXTENSIONS):
        raise DomainError(
            "evidence_type",
            "证明材料仅接受 PDF、Word、Excel、CSV 和图片文件。",
            "Evidence must be a PDF, Word, Excel, CSV or image file.",
            {"field": "file"},
        )
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0 or size > EVIDENCE_MAX_BYTES:
        raise DomainError(
            "evidence_size",
            "证明材料不能为空,且不超过 10 MB。",
            "Evidence files must not be empty nor larger than 10 MB.",
            {"field": "file"},
        )
    evidence = Evidence.objects.create(
        comment=comment, file=upload, name=name[:200], size=size, uploaded_by=actor
    )
    record_audit(actor, "comment.evidence", comment, {"file": name}, district=_district(comment))
    return evidence


@transaction.atomic
def submit_comment(actor: User, comment: Comment) -> Comment:
    """The source hands its draft to the desk."""
    _own_or_desk(actor, comment.enterprise)
    _editable(comment)
    require_open(comment.notification)
    comment.state = Comment.State.SUBMITTED
    comment.submitted_at = timezone.now()
    comment.save(update_fields=["state", "submitted_at", "updated_at"])
    record_audit(actor, "comment.submit", comment, {}, district=_district(comment))
    return comment


@transaction.atomic
def withdraw_comment(actor: User, comment: Comment) -> Comment:
    _own_or_desk(actor, comment.enterprise)
    if comment.state not in (Comment.State.DRAFT, Comment.State.SUBMITTED):
        raise Conflict(
            "comment_not_withdrawable",
            "已汇总的评议意见不能撤回。",
            "A merged comment can no longer be withdrawn.",
            {"state": comment.state},
        )
    comment.state = Comment.State.WITHDRAWN
    comment.save(update_fields=["state", "updated_at"])
    record_audit(actor, "comment.withdraw", comment, {}, district=_district(comment))
    return comment


@transaction.atomic
def merge_comments(
    actor: User,
    notification: Notification,
    comment_ids: list[int],
    *,
    summary_zh: str = "",
    summary_en: str = "",
) -> Submission:
    """Merge submitted comments of one notification into its submission (created on first
    merge), each comment kept as a source of the submission."""
    require_desk(actor)
    submission, created = Submission.objects.get_or_create(
        notification=notification, defaults={"created_by": actor}
    )
    if submission.state != Submission.State.DRAFT:
        raise Conflict(
            "submission_sent",
            "汇总意见已报送,不能再加入评议意见。",
            "The submission has been sent: no more comments can be merged.",
            {"state": submission.state},
        )
    in_range = all(isinstance(i, int) and 0 < i <= ID_MAX for i in comment_ids)
    comments = (
        list(
            Comment.objects.select_for_update().filter(
                pk__in=comment_ids, notification=notification
            )
        )
        if in_range
        else []
    )
    if not in_range or len(comments) != len(set(comment_ids)):
        raise DomainError(
            "comment_not_of_notification",
            "所选评议意见不属于该通报。",
            "Some selected comments do not belong to this notification.",
            {"field": "comments"},
        )
    not_ready = [c.pk for c in comments if c.state != Comment.State.SUBMITTED]
    if not_ready:
        raise Conflict(
            "comment_not_submitted",
            f"评议意见 {not_ready} 尚未提交或已汇总。",
            f"Comments {not_ready} are not submitted or are already merged.",
            {"comments": not_ready},
        )
    if not comments and created:
        raise DomainError(
            "nothing_to_merge",
            "请至少选择一条已提交的评议意见。",
            "Select at least one submitted comment.",
            {"field": "comments"},
        )
    for c in comments:
        c.state = Comment.State.MERGED
        c.submission = submission
        c.save(update_fields=["state", "submission", "updated_at"])
    if summary_zh.strip():
        submission.summary_zh = summary_zh.strip()
    if summary_en.strip():
        submission.summary_en = summary_en.strip()
    submission.history = [
        *submission.history,
        {
            "at": timezone.now().isoformat(),
            "by": str(actor),
            "state": submission.state,
            "note": f"merged {sorted(c.pk for c in comments)}",
        },
    ]
    submission.save()
    record_audit(
        actor,
        "submission.merge",
        submission,
        {"notification": notification.symbol, "comments": sorted(c.pk for c in comments)},
    )
    return submission


#: The outcome state machine of a submission: state -> states it may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Submission.State.DRAFT: (Submission.State.SENT,),
    Submission.State.SENT: (Submission.State.ACKNOWLEDGED, Submission.State.ANSWERED),
    Submission.State.ACKNOWLEDGED: (Submission.State.ANSWERED,),
    Submission.State.ANSWERED: (Submission.State.CHANGED, Submission.State.UNCHANGED),
    Submission.State.CHANGED: (),
    Submission.State.UNCHANGED: (),
}

STATE_LABELS = dict(Submission.State.choices)


def allowed_transitions(submission: Submission) -> tuple[str, ...]:
    return TRANSITIONS.get(submission.state, ())


@transaction.atomic
def advance_submission(
    actor: User, submission: Submission, to_state: str, *, note: str = "", reply: str = ""
) -> Submission:
    """Move the submission along its outcome states; illegal moves are refused. Every source
    enterprise is told when the submission is sent and when the outcome is known."""
    require_desk(actor)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if to_state not in TRANSITIONS:
        raise DomainError(
            "unknown_state",
            f"未知状态 {to_state}。",
            f"Unknown state {to_state!r}.",
            {"field": "state"},
        )
    if to_state not in TRANSITIONS[submission.state]:
        raise Conflict(
            "illegal_transition",
            f"不能从“{STATE_LABELS[submission.state]}”转为“{STATE_LABELS[to_state]}”。",
            f"A submission cannot go from {submission.state} to {to_state}.",
            {"from": submission.state, "to": to_state},
        )
    if to_state == Submission.State.SENT and not submission.comments.exists():
        raise DomainError(
            "submission_empty",
            "汇总意见中没有评议意见,不能报送。",
            "The submission has no comments: it cannot be sent.",
        )
    now = timezone.now()
    previous = submission.state
    submission.state = to_state
    stamps: dict[str, str] = {
        Submission.State.SENT: "sent_at",
        Submission.State.ACKNOWLEDGED: "acknowledged_at",
        Submission.State.ANSWERED: "answered_at",
        Submission.State.CHANGED: "closed_at",
        Submission.State.UNCHANGED: "closed_at",
    }
    stamp = stamps[to_state]
    setattr(submission, stamp, now)
    if reply.strip():
        submission.reply_text = reply.strip()
    submission.history = [
        *submission.history,
        {"at": now.isoformat(), "by": str(actor), "state": to_state, "note": note.strip()[:500]},
    ]
    submission.save()
    record_audit(
        actor, "submission.transition", submission, {"state": [previous, to_state], "note": note}
    )
    notification = submission.notification
    label_zh, _, label_en = STATE_LABELS[to_state].partition(" ")
    enterprises = {
        c.enterprise_id: c.enterprise for c in submission.comments.select_related("enterprise")
    }
    for enterprise in enterprises.values():
        if enterprise is None:
            continue
        publish(
            kind="consult-outcome",
            urgency="info",
            enterprise=enterprise,
            title_zh=f"评议进展:{notification.symbol} {label_zh}",
            title_en=f"Comment update: {notification.symbol} {label_en}",
            body_zh=submission.reply_text if to_state != "sent" else "您的评议意见已汇总报送。",
            body_en=submission.reply_text if to_state != "sent" else "Your comment was sent.",
            url=f"/consult/comments/?notification={notification.pk}",
            source=submission,
            dedupe_key=f"consult-outcome-{submission.pk}-{to_state}-{enterprise.pk}",
        )
    return submission


# ----------------------------------------------------------------------------- reminders
