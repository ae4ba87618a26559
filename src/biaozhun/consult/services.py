"""The write path of the consultation station: comments and their merged submission (with an
explicit outcome state machine), deadline reminders, enquiries (ask, assign, answer, rate,
publish to the knowledge base), the station's settings and the technical-regulations register.

Pushes (answers, reminders, outcomes, briefings) go through ``biaozhun.notify.services.publish``
inside the service's transaction: a rolled-back write sends nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.core.codes import CodeError, normalize_hs, normalize_ics
from biaozhun.core.workdays import WorkCalendar, working_days_between
from biaozhun.enterprises.models import Enterprise
from biaozhun.notify.services import publish
from biaozhun.tbt.models import Notification

from .models import (
    Comment,
    ConsultSettings,
    Enquiry,
    Evidence,
    Submission,
    TechnicalRegulation,
)

DESK_ROLES = ("bureau_admin", "bureau_staff")
EVIDENCE_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".png", ".jpg", ".jpeg")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def is_desk(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", "") in DESK_ROLES)


def desk_users() -> list[User]:
    return list(User.objects.filter(role__in=DESK_ROLES, is_active=True))


def today() -> date:
    return timezone.localdate()


# ----------------------------------------------------------------------------- settings


def consult_settings() -> ConsultSettings:
    row, _ = ConsultSettings.objects.get_or_create(pk=1, defaults={"reminder_days": [5, 1]})
    return row


@transaction.atomic
def update_consult_settings(
    actor: Any, *, response_target_hours: int, reminder_days: list[int]
) -> ConsultSettings:
    if not is_desk(actor):
        raise PermissionDenied(
            "只有市局可以修改咨询站设置。", "Only the bureau may change the station's settings."
        )
    if not 1 <= int(response_target_hours) <= 24 * 60:
        raise DomainError(
            "target_range",
            "答复时限应在 1 到 1440 小时之间。",
            "The response target must be between 1 and 1440 hours.",
            {"field": "response_target_hours"},
        )
    days = sorted({int(d) for d in reminder_days})
    if not days or any(d < 0 or d > 60 for d in days):
        raise DomainError(
            "reminder_range",
            "提醒天数应为 0 到 60 之间的工作日数,至少一个。",
            "Reminders must be one or more numbers of working days between 0 and 60.",
            {"field": "reminder_days"},
        )
    row = consult_settings()
    changes = {
        "response_target_hours": [row.response_target_hours, int(response_target_hours)],
        "reminder_days": [row.reminder_days, days],
    }
    row.response_target_hours = int(response_target_hours)
    row.reminder_days = days
    row.save()
    record_audit(actor, "consult_settings.update", row, changes)
    return row


# ----------------------------------------------------------------------------- deadlines


@dataclass(frozen=True)
class Deadlines:
    wto: date | None
    internal: date | None


def calendar(row: Any = None) -> WorkCalendar:
    from biaozhun.alerts.desk import desk_calendar

    return desk_calendar(row)


def desk_row() -> Any:
    """The TBT desk settings (lead time, extra holidays): read once per loop, pass it on."""
    from biaozhun.alerts.desk import desk_settings

    return desk_settings()


def deadlines_for(notification: Notification, row: Any = None) -> Deadlines:
    """The WTO final date for comments and the internal deadline (minus the enquiry point's
    lead time in working days, from the TBT desk settings and its holiday calendar)."""
    from biaozhun.alerts.desk import internal_deadline_for

    wto = notification.comment_deadline
    return Deadlines(wto, internal_deadline_for(wto, row or desk_row()))


def _require_open(notification: Notification, on: date | None = None) -> None:
    deadline = notification.comment_deadline
    if deadline is not None and deadline < (on or today()):
        raise DomainError(
            "comments_closed",
            f"通报 {notification.symbol} 的评议期已于 {deadline:%Y-%m-%d} 截止。",
            f"The comment period of {notification.symbol} closed on {deadline:%Y-%m-%d}.",
            {"field": "notification"},
        )


# ----------------------------------------------------------------------------- comments


@dataclass
class CommentData:
    concern: str
    clauses: str = ""
    proposed_change: str = ""
    technical_points_en: str = ""
    export_value_usd: Decimal | None = None
    trade_impact: str = ""
    association: str = ""


def _clean_comment(data: CommentData) -> CommentData:
    if not data.concern.strip():
        raise DomainError(
            "concern_required",
            "请填写关注的问题。",
            "Please state the concern.",
            {"field": "concern"},
        )
    if data.export_value_usd is not None and Decimal(data.export_value_usd) < 0:
        raise DomainError(
            "export_value_negative",
            "涉及出口额不能为负数。",
            "The export value at stake cannot be negative.",
            {"field": "export_value_usd"},
        )
    return CommentData(
        concern=data.concern.strip(),
        clauses=data.clauses.strip()[:500],
        proposed_change=data.proposed_change.strip(),
        technical_points_en=data.technical_points_en.strip(),
        export_value_usd=data.export_value_usd,
        trade_impact=data.trade_impact.strip(),
        association=data.association.strip()[:200],
    )


def _own_or_desk(actor: Any, enterprise: Enterprise | None) -> None:
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
    actor: Any,
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
    _require_approved(enterprise)
    _require_open(notification)
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


def _require_approved(enterprise: Enterprise | None) -> None:
    if enterprise is not None and enterprise.status != Enterprise.Status.APPROVED:
        raise PermissionDenied(
            "企业注册尚未通过审核,暂不能使用评议和咨询。",
            "The enterprise's registration is not approved yet: comments and enquiries wait.",
        )


def _editable(comment: Comment) -> None:
    if comment.state != Comment.State.DRAFT:
        raise Conflict(
            "comment_not_draft",
            "只有草稿状态的评议意见可以修改。",
            "Only a draft comment can be changed.",
            {"state": comment.state},
        )


@transaction.atomic
def update_comment(actor: Any, comment: Comment, data: CommentData) -> Comment:
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


def _district(comment: Comment) -> Any:
    return comment.enterprise.district if comment.enterprise_id and comment.enterprise else None


@transaction.atomic
def add_evidence(actor: Any, comment: Comment, upload: Any) -> Evidence:
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
def submit_comment(actor: Any, comment: Comment) -> Comment:
    """The source hands its draft to the desk."""
    _own_or_desk(actor, comment.enterprise)
    _editable(comment)
    _require_open(comment.notification)
    comment.state = Comment.State.SUBMITTED
    comment.submitted_at = timezone.now()
    comment.save(update_fields=["state", "submitted_at", "updated_at"])
    record_audit(actor, "comment.submit", comment, {}, district=_district(comment))
    return comment


@transaction.atomic
def withdraw_comment(actor: Any, comment: Comment) -> Comment:
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


def _require_desk(actor: Any) -> None:
    if not is_desk(actor):
        raise PermissionDenied(
            "只有评议台(市局)可以执行此操作。", "Only the TBT desk (the bureau) may do this."
        )


@transaction.atomic
def merge_comments(
    actor: Any,
    notification: Notification,
    comment_ids: list[int],
    *,
    summary_zh: str = "",
    summary_en: str = "",
) -> Submission:
    """Merge submitted comments of one notification into its submission (created on first
    merge), each comment kept as a source of the submission."""
    _require_desk(actor)
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
    comments = list(
        Comment.objects.select_for_update().filter(pk__in=comment_ids, notification=notification)
    )
    if len(comments) != len(set(comment_ids)):
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
    actor: Any, submission: Submission, to_state: str, *, note: str = "", reply: str = ""
) -> Submission:
    """Move the submission along its outcome states; illegal moves are refused. Every source
    enterprise is told when the submission is sent and when the outcome is known."""
    _require_desk(actor)
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
        open_comments = Comment.objects.filter(
            state__in=[Comment.State.DRAFT, Comment.State.SUBMITTED],
            notification__comment_deadline__gte=day,
        ).select_related("notification", "enterprise", "author")
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
        unsent = Submission.objects.filter(state=Submission.State.DRAFT).select_related(
            "notification"
        )
        for s in unsent:
            if s.notification.comment_deadline and s.notification.comment_deadline >= day:
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


@dataclass
class EnquiryData:
    subject: str
    question: str
    topic: str = Enquiry.Topic.OTHER
    market: str = ""
    notification: Notification | None = None
    standard: Any = None
    anonymise: bool = True


@transaction.atomic
def ask_enquiry(actor: Any, data: EnquiryData, *, enterprise: Enterprise | None = None) -> Enquiry:
    """An enterprise asks (the desk may record a question an enterprise phoned in)."""
    if not is_desk(actor):
        if getattr(actor, "role", "") != "enterprise_user" or not actor.enterprise_id:
            raise PermissionDenied(
                "只有企业用户可以提问。", "Only enterprise users may ask the station."
            )
        enterprise = actor.enterprise
    if enterprise is None:
        raise DomainError(
            "enterprise_required", "请选择企业。", "Choose the enterprise.", {"field": "enterprise"}
        )
    _require_approved(enterprise)
    if not data.subject.strip() or not data.question.strip():
        raise DomainError(
            "question_required",
            "请填写标题和问题。",
            "The subject and the question are required.",
            {"field": "question" if data.subject.strip() else "subject"},
        )
    if data.topic not in Enquiry.Topic.values:
        raise DomainError("bad_topic", "问题类型无效。", "Unknown topic.", {"field": "topic"})
    market = ""
    if data.market.strip():
        from biaozhun.alerts.services import clean_market

        try:
            market = clean_market(data.market)
        except DomainError as exc:
            exc.details["field"] = "market"
            raise
    enquiry = Enquiry.objects.create(
        enterprise=enterprise,
        asked_by=actor,
        topic=data.topic,
        subject=data.subject.strip()[:200],
        question=data.question.strip(),
        market=market,
        notification=data.notification,
        standard=data.standard,
        anonymise=data.anonymise,
        target_hours=consult_settings().response_target_hours,
    )
    record_audit(actor, "enquiry.ask", enquiry, {"topic": data.topic}, district=enterprise.district)
    desk = desk_users()
    if desk:
        publish(
            kind="consult-enquiry",
            urgency="info",
            users=desk,
            title_zh=f"新咨询待分派:{enquiry.subject}",
            title_en=f"New enquiry to assign: {enquiry.subject}",
            url=f"/consult/enquiries/{enquiry.pk}/",
            source=enquiry,
            dedupe_key=f"consult-enquiry-new-{enquiry.pk}",
        )
    return enquiry


@transaction.atomic
def assign_enquiry(actor: Any, enquiry: Enquiry, expert: User) -> Enquiry:
    _require_desk(actor)
    if getattr(expert, "role", "") != User.Role.EXPERT or not expert.is_active:
        raise DomainError(
            "not_an_expert",
            "只能分派给专家用户。",
            "Enquiries can only be assigned to expert users.",
            {"field": "expert"},
        )
    if enquiry.state == Enquiry.State.ANSWERED:
        raise Conflict(
            "enquiry_answered", "该咨询已答复。", "This enquiry has already been answered."
        )
    previous = enquiry.expert_id
    enquiry.expert = expert
    enquiry.state = Enquiry.State.ASSIGNED
    enquiry.assigned_at = timezone.now()
    enquiry.save(update_fields=["expert", "state", "assigned_at", "updated_at"])
    record_audit(
        actor,
        "enquiry.assign",
        enquiry,
        {"expert": [previous, expert.pk]},
        district=enquiry.enterprise.district,
    )
    publish(
        kind="consult-assignment",
        urgency="yellow",
        users=[expert],
        title_zh=f"请答复咨询:{enquiry.subject}",
        title_en=f"Enquiry assigned to you: {enquiry.subject}",
        body_zh=f"答复时限 {enquiry.target_hours} 小时。",
        body_en=f"Response target: {enquiry.target_hours} hours.",
        url=f"/consult/enquiries/{enquiry.pk}/",
        source=enquiry,
        dedupe_key=f"consult-enquiry-assign-{enquiry.pk}-{expert.pk}-{enquiry.assigned_at:%s}",
    )
    return enquiry


@transaction.atomic
def answer_enquiry(actor: Any, enquiry: Enquiry, answer: str) -> Enquiry:
    """The assigned expert (or the desk) answers; the answer goes back to the enterprise."""
    if not (is_desk(actor) or (enquiry.expert_id and enquiry.expert_id == actor.pk)):
        raise PermissionDenied(
            "只有被分派的专家或市局可以答复。",
            "Only the assigned expert or the bureau may answer.",
        )
    if enquiry.state == Enquiry.State.ANSWERED:
        raise Conflict(
            "enquiry_answered", "该咨询已答复。", "This enquiry has already been answered."
        )
    if not answer.strip():
        raise DomainError(
            "answer_required", "请填写答复。", "The answer is required.", {"field": "answer"}
        )
    now = timezone.now()
    enquiry.answer = answer.strip()
    enquiry.answered_at = now
    enquiry.answered_by = actor
    enquiry.state = Enquiry.State.ANSWERED
    enquiry.response_hours = round((now - enquiry.created_at).total_seconds() / 3600, 2)
    enquiry.save()
    record_audit(
        actor,
        "enquiry.answer",
        enquiry,
        {"response_hours": enquiry.response_hours},
        district=enquiry.enterprise.district,
    )
    publish(
        kind="consult-answer",
        urgency="info",
        enterprise=enquiry.enterprise,
        title_zh=f"咨询已答复:{enquiry.subject}",
        title_en=f"Your enquiry is answered: {enquiry.subject}",
        body_zh=enquiry.answer[:2000],
        body_en=enquiry.answer[:2000],
        url=f"/consult/enquiries/{enquiry.pk}/",
        source=enquiry,
        dedupe_key=f"consult-enquiry-answer-{enquiry.pk}",
    )
    return enquiry


@transaction.atomic
def rate_enquiry(actor: Any, enquiry: Enquiry, rating: int, note: str = "") -> Enquiry:
    scope = Scope.for_user(actor)
    if not (scope.kind == "enterprise" and scope.enterprise_id == enquiry.enterprise_id):
        raise PermissionDenied(
            "只有提问的企业可以评价答复。", "Only the enterprise that asked may rate the answer."
        )
    if enquiry.state != Enquiry.State.ANSWERED:
        raise Conflict("enquiry_not_answered", "尚未答复,不能评价。", "Not answered yet.")
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError(
            "rating_range", "评分应为 1 到 5。", "The rating must be 1 to 5.", {"field": "rating"}
        )
    enquiry.rating = rating
    enquiry.rating_note = note.strip()[:500]
    enquiry.rated_at = timezone.now()
    enquiry.save(update_fields=["rating", "rating_note", "rated_at", "updated_at"])
    record_audit(
        actor, "enquiry.rate", enquiry, {"rating": rating}, district=enquiry.enterprise.district
    )
    return enquiry


_COMPANY_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "公司",
    " co., ltd.",
    " co.,ltd.",
    " co. ltd.",
    " co., ltd",
    " ltd.",
    " ltd",
)


def _name_variants(enterprise: Enterprise) -> list[str]:
    """The ways people write the enterprise's name: as registered, without a bracketed note
    such as (示例), and without the company-type suffix (if four characters remain)."""
    variants: set[str] = set()
    for name in (enterprise.name_zh, enterprise.name_en):
        base = (name or "").strip()
        if not base:
            continue
        variants.add(base)
        plain = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", base).strip()
        variants.add(plain)
        lower = plain.lower()
        for suffix in _COMPANY_SUFFIXES:
            if lower.endswith(suffix) and len(plain) - len(suffix) >= 4:
                variants.add(plain[: len(plain) - len(suffix)].strip())
                break
    if enterprise.credit_code:
        variants.add(enterprise.credit_code)
    return sorted((v for v in variants if v), key=len, reverse=True)


def anonymised(text: str, enterprise: Enterprise) -> str:
    """``text`` with the enterprise's names, credit code and contact details removed."""
    out = text
    for needle in _name_variants(enterprise):
        out = re.sub(re.escape(needle), "某企业", out, flags=re.IGNORECASE)
    out = re.sub(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", "[邮箱]", out)
    out = re.sub(r"(?<!\d)1[3-9]\d{9}(?!\d)", "[电话]", out)
    out = re.sub(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)", "[电话]", out)
    return out


@transaction.atomic
def publish_enquiry(
    actor: Any, enquiry: Enquiry, *, question: str = "", answer: str = "", published: bool = True
) -> Enquiry:
    """Put an answered enquiry into the knowledge base (or take it out). When the enterprise
    asked for anonymity, its name, credit code, e-mail addresses and phone numbers are
    removed from the published text, whatever the desk typed."""
    _require_desk(actor)
    if enquiry.state != Enquiry.State.ANSWERED:
        raise Conflict(
            "enquiry_not_answered",
            "只有已答复的咨询可以进入知识库。",
            "Only answered enquiries can go into the knowledge base.",
        )
    q = question.strip() or enquiry.question
    a = answer.strip() or enquiry.answer
    if enquiry.anonymise:
        q, a = anonymised(q, enquiry.enterprise), anonymised(a, enquiry.enterprise)
    subject = enquiry.subject
    if enquiry.anonymise:
        subject = anonymised(subject, enquiry.enterprise)
    enquiry.kb_subject, enquiry.kb_question, enquiry.kb_answer = subject[:200], q, a
    enquiry.published = published
    enquiry.published_at = timezone.now() if published else None
    enquiry.save()
    record_audit(
        actor,
        "enquiry.publish" if published else "enquiry.unpublish",
        enquiry,
        {"anonymise": enquiry.anonymise},
        district=enquiry.enterprise.district,
    )
    return enquiry


# ----------------------------------------------------------------------------- regulations


@dataclass
class RegulationData:
    market: str
    reference: str
    title: str
    kind: str = TechnicalRegulation.Kind.REGULATION
    title_zh: str = ""
    summary_zh: str = ""
    hs_codes: list[str] = field(default_factory=list)
    ics_codes: list[str] = field(default_factory=list)
    cited_standards: list[str] = field(default_factory=list)
    notification_symbols: list[str] = field(default_factory=list)
    adopted_on: date | None = None
    in_force_from: date | None = None
    applies_until: date | None = None
    url: str = ""


def _codes(values: list[str], kind: str) -> list[str]:
    out: list[str] = []
    for raw in values:
        raw = str(raw).strip()
        if not raw:
            continue
        try:
            code = normalize_hs(raw) if kind == "hs" else normalize_ics(raw)
        except CodeError as exc:
            name = "HS" if kind == "hs" else "ICS"
            raise DomainError(
                f"bad_{kind}",
                f"{name} 编码“{raw}”无效。",
                f"Invalid {name} code {raw!r}.",
                {"field": f"{kind}_codes"},
            ) from exc
        if code not in out:
            out.append(code)
    return out


def clean_regulation(data: RegulationData) -> tuple[dict[str, Any], list[Any], list[Any]]:
    """Validated fields, the catalogue standards the cited designations resolve to, and the
    notifications named by symbol."""
    from biaozhun.alerts.services import clean_market
    from biaozhun.tbt.services import parse_symbol

    try:
        market = clean_market(data.market)
    except DomainError as exc:
        exc.details["field"] = "market"
        raise
    for name in ("reference", "title"):
        if not str(getattr(data, name)).strip():
            raise DomainError(
                f"{name}_required",
                "请填写编号和标题。",
                "The reference and the title are required.",
                {"field": name},
            )
    if data.kind not in TechnicalRegulation.Kind.values:
        raise DomainError("bad_kind", "类型无效。", "Unknown kind.", {"field": "kind"})
    if data.in_force_from and data.applies_until and data.applies_until < data.in_force_from:
        raise DomainError(
            "dates_order",
            "失效日期不能早于生效日期。",
            "The end date cannot be before the date in force.",
            {"field": "applies_until"},
        )
    notifications = []
    for symbol in data.notification_symbols:
        if not symbol.strip():
            continue
        canonical = parse_symbol(symbol).canonical
        n = Notification.objects.filter(symbol=canonical).first()
        if n is None:
            raise DomainError(
                "unknown_notification",
                f"通报 {canonical} 尚未录入。",
                f"Notification {canonical} is not recorded.",
                {"field": "notification_symbols"},
            )
        notifications.append(n)
    cited = [s.strip() for s in data.cited_standards if s.strip()]
    standards = [s for s in (_catalogue_standard(c) for c in cited) if s is not None]
    fields = {
        "market": market,
        "kind": data.kind,
        "reference": data.reference.strip()[:200],
        "title": data.title.strip(),
        "title_zh": data.title_zh.strip(),
        "summary_zh": data.summary_zh.strip(),
        "hs_codes": _codes(data.hs_codes, "hs"),
        "ics_codes": _codes(data.ics_codes, "ics"),
        "cited_standards": cited,
        "adopted_on": data.adopted_on,
        "in_force_from": data.in_force_from,
        "applies_until": data.applies_until,
        "url": data.url.strip(),
    }
    return fields, standards, notifications


def _catalogue_standard(text: str) -> Any:
    """The catalogue edition a cited designation names; an undated citation (``IEC 62133-2``)
    means the latest edition in the catalogue. None if the catalogue does not have it."""
    from biaozhun.catalogue.selectors import find_by_canonical, find_by_key
    from biaozhun.core.designation import DesignationError, parse

    found = find_by_canonical(text)
    if found is not None:
        return found
    try:
        designation = parse(text)
    except DesignationError:
        return None
    editions = find_by_key(designation.key)
    # the newest year; within it the base document rather than its amendments, corrigenda or
    # redline versions (which carry a longer designation)
    editions.sort(key=lambda s: (-(s.year or 0), len(s.canonical), s.canonical))
    return editions[0] if editions else None


@transaction.atomic
def save_regulation(
    actor: Any, data: RegulationData, regulation: TechnicalRegulation | None = None
) -> TechnicalRegulation:
    if actor is not None:  # None: the system (demo data, imports from the command line)
        _require_desk(actor)
    fields, standards, notifications = clean_regulation(data)
    clash = TechnicalRegulation.objects.filter(
        market=fields["market"], reference=fields["reference"]
    )
    if regulation is not None:
        clash = clash.exclude(pk=regulation.pk)
    if clash.exists():
        raise DomainError(
            "duplicate_regulation",
            "该市场已登记同一编号的法规。",
            "This market already has a regulation with that reference.",
            {"field": "reference"},
        )
    if regulation is None:
        regulation = TechnicalRegulation.objects.create(**fields)
        action = "regulation.create"
    else:
        for name, value in fields.items():
            setattr(regulation, name, value)
        regulation.save()
        action = "regulation.update"
    regulation.standards.set(standards)
    regulation.notifications.set(notifications)
    record_audit(actor, action, regulation, {"market": fields["market"]})
    return regulation


def week_bounds(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def open_comments(qs: QuerySet[Comment]) -> QuerySet[Comment]:
    return qs.filter(state__in=[Comment.State.DRAFT, Comment.State.SUBMITTED])


# ----------------------------------------------------------------------------- briefings


@transaction.atomic
def subscribe_briefing(actor: Any, kind: str, key: str = "") -> Any:
    from .briefing import check_key
    from .models import BriefingSubscription

    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()
    key = check_key(kind, key)
    sub, created = BriefingSubscription.objects.get_or_create(user=actor, kind=kind, key=key)
    if created:
        record_audit(actor, "briefing.subscribe", sub, {"kind": kind, "key": key})
    return sub


@transaction.atomic
def unsubscribe_briefing(actor: Any, subscription_id: int) -> None:
    from .models import BriefingSubscription

    deleted, _ = BriefingSubscription.objects.filter(pk=subscription_id, user=actor).delete()
    if not deleted:
        from biaozhun.common.errors import NotFound

        raise NotFound("订阅", "subscription")


def publish_monthly_briefings(day: date | None = None) -> int:
    """Generate last month's briefing for every subscribed industry / export group / market,
    keep it, and push it to its subscribers (one message per briefing and period: running
    again the same month sends nothing twice)."""
    from urllib.parse import urlencode

    from .briefing import period_of
    from .models import Briefing, BriefingSubscription

    day = day or today()
    p = period_of("month", day.replace(day=1) - timedelta(days=1))
    from .briefing import compute_briefing

    groups: dict[tuple[str, str], list[Any]] = {}
    for sub in BriefingSubscription.objects.select_related("user").filter(user__is_active=True):
        groups.setdefault((sub.kind, sub.key), []).append(sub.user)
    with transaction.atomic():
        for (kind, key), users in sorted(groups.items()):
            data = compute_briefing(kind, key, p, day)
            stored, _ = Briefing.objects.update_or_create(
                kind=kind,
                key=key,
                period="month",
                start=p.start,
                defaults={"end": p.end, "data": data},
            )
            query = urlencode({"kind": kind, "key": key, "period": "month", "at": p.label})
            change = f"{data['change'] * 100:+.0f}%" if data["change"] is not None else "—"
            publish(
                kind="consult-briefing",
                urgency="info",
                users=users,
                title_zh=f"TBT 月度简报 {p.label}:{data['label_zh']}",
                title_en=f"TBT monthly briefing {p.label}: {data['label_en']}",
                body_zh=(
                    f"本月通报 {data['total']} 件(环比 {change}),涉及本市企业 "
                    f"{data['enterprises_hit']} 家,报送评议 {data['comments']['sent']} 条。"
                ),
                body_en=(
                    f"{data['total']} notifications ({change} on the previous month), "
                    f"{data['enterprises_hit']} city enterprises hit, "
                    f"{data['comments']['sent']} comments sent."
                ),
                url=f"/consult/briefing/?{query}",
                source=stored,
                dedupe_key=f"consult-briefing-{kind}-{key}-{p.start}",
            )
    return len(groups)
