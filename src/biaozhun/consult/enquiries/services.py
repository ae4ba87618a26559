"""The write path of enquiries (咨询) and the knowledge base: an enterprise asks, the desk
assigns an expert, the expert answers (timed against the station's response target), the
enterprise rates the answer, and the desk publishes it to the knowledge base, anonymised when
the enterprise asked for it.

Pushes (new enquiry, assignment, answer) go through ``biaozhun.notify.services.publish``
inside the service's transaction: a rolled-back write sends nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import record_audit
from biaozhun.catalogue.models import Standard
from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.enterprises.models import Enterprise
from biaozhun.enterprises.profiles.services import clean_market
from biaozhun.notify.services import publish
from biaozhun.tbt.models import Notification

from ..models import Enquiry
from ..station import consult_settings, desk_users, is_desk, require_approved, require_desk

#: The ratings an enterprise may give an answer.
RATING_MIN, RATING_MAX = 1, 5


@dataclass
class EnquiryData:
    subject: str
    question: str
    topic: str = Enquiry.Topic.OTHER
    market: str = ""
    notification: Notification | None = None
    standard: Standard | None = None
    anonymise: bool = True


@transaction.atomic
def ask_enquiry(actor: User, data: EnquiryData, *, enterprise: Enterprise | None = None) -> Enquiry:
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
    require_approved(enterprise)
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
def assign_enquiry(actor: User, enquiry: Enquiry, expert: User) -> Enquiry:
    require_desk(actor)
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
def answer_enquiry(actor: User, enquiry: Enquiry, answer: str) -> Enquiry:
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
def rate_enquiry(actor: User, enquiry: Enquiry, rating: int, note: str = "") -> Enquiry:
    scope = Scope.for_user(actor)
    if not (scope.kind == "enterprise" and scope.enterprise_id == enquiry.enterprise_id):
        raise PermissionDenied(
            "只有提问的企业可以评价答复。", "Only the enterprise that asked may rate the answer."
        )
    if enquiry.state != Enquiry.State.ANSWERED:
        raise Conflict("enquiry_not_answered", "尚未答复,不能评价。", "Not answered yet.")
    if (
        isinstance(rating, bool)
        or not isinstance(rating, int)
        or not RATING_MIN <= rating <= RATING_MAX
    ):
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
    actor: User, enquiry: Enquiry, *, question: str = "", answer: str = "", published: bool = True
) -> Enquiry:
    """Put an answered enquiry into the knowledge base (or take it out). When the enterprise
    asked for anonymity, its name, credit code, e-mail addresses and phone numbers are
    removed from the published text, whatever the desk typed."""
    require_desk(actor)
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
