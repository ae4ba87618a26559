"""Consultation-station endpoints: the same selectors and services as the pages, the same
scoping (another enterprise's comment or enquiry is a 404)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from biaozhun.accounts.jobs import queue_big_upload
from biaozhun.accounts.models import User
from biaozhun.alerts.models import DeskSettings
from biaozhun.common.errors import DomainError, NotFound
from biaozhun.common.http import AuthedRequest
from biaozhun.common.schemas import ImportResult, JobAccepted
from biaozhun.enterprises.selectors import visible_enterprises
from biaozhun.tbt.models import Notification
from biaozhun.tbt.selectors import get_notification

from .briefings import selectors as briefing_selectors
from .comments import selectors as comment_selectors
from .comments import services as comment_services
from .comments.documents import submission_docx, submission_pdf
from .enquiries import selectors as enquiry_selectors
from .enquiries import services as enquiry_services
from .filters import BriefingFilter, CommentWindow, DueFilter, EnquiryWindow, KbWindow
from .importers import import_regulations
from .jobs import REGULATIONS_KIND
from .models import Comment, Enquiry, Submission, TechnicalRegulation
from .regulations import selectors as regulation_selectors
from .regulations import services as regulation_services
from .reminders.selectors import due_this_week
from .schemas import (
    AnswerIn,
    ApplicableOut,
    AssignIn,
    CommentIn,
    CommentList,
    CommentOut,
    DueOut,
    EnquiryIn,
    EnquiryList,
    EnquiryOut,
    KbOut,
    MergeIn,
    PublishIn,
    RateIn,
    RegulationIn,
    RegulationOut,
    SubmissionOut,
    TransitionIn,
)
from .station import deadlines_for, desk_row, notification_by_symbol, require_desk, today

router = Router(tags=["consult 评议与咨询"])


def _comment(c: Comment, row: DeskSettings | None = None) -> dict[str, Any]:
    d = deadlines_for(c.notification, row)
    return {
        "id": c.pk,
        "notification_id": c.notification_id,
        "notification_symbol": c.notification.symbol,
        "enterprise_id": c.enterprise_id,
        "source": c.source_label,
        "state": c.state,
        "concern": c.concern,
        "clauses": c.clauses,
        "proposed_change": c.proposed_change,
        "technical_points_en": c.technical_points_en,
        "export_value_usd": c.export_value_usd,
        "trade_impact": c.trade_impact,
        "submission_id": c.submission_id,
        "comment_deadline": d.wto,
        "internal_deadline": d.internal,
        "evidence": [e.name for e in c.evidence.all()],
        "updated_at": c.updated_at,
    }


def _submission(s: Submission) -> dict[str, Any]:
    return {
        "id": s.pk,
        "notification_id": s.notification_id,
        "notification_symbol": s.notification.symbol,
        "state": s.state,
        "allowed": list(comment_services.allowed_transitions(s)),
        "summary_zh": s.summary_zh,
        "summary_en": s.summary_en,
        "reply_text": s.reply_text,
        "comment_ids": sorted(s.comments.values_list("pk", flat=True)),
        "history": s.history,
        "sent_at": s.sent_at,
        "closed_at": s.closed_at,
    }


def _enquiry(e: Enquiry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "enterprise_id": e.enterprise_id,
        "subject": e.subject,
        "question": e.question,
        "topic": e.topic,
        "market": e.market,
        "notification_id": e.notification_id,
        "standard_id": e.standard_id,
        "state": e.state,
        "expert_id": e.expert_id,
        "answer": e.answer,
        "target_hours": e.target_hours,
        "response_hours": e.response_hours,
        "within_target": e.within_target,
        "rating": e.rating,
        "published": e.published,
        "created_at": e.created_at,
    }


def _regulation(r: TechnicalRegulation) -> dict[str, Any]:
    return {
        "id": r.pk,
        "market": r.market,
        "kind": r.kind,
        "reference": r.reference,
        "title": r.title,
        "title_zh": r.title_zh,
        "hs_codes": r.hs_codes,
        "ics_codes": r.ics_codes,
        "cited_standards": r.cited_standards,
        "standard_ids": [s.pk for s in r.standards.all()],
        "notification_symbols": [n.symbol for n in r.notifications.all()],
        "adopted_on": r.adopted_on,
        "in_force_from": r.in_force_from,
        "applies_until": r.applies_until,
        "url": r.url,
    }


def _notification(user: User, pk: int) -> Notification:
    return get_notification(user, pk)


# ----------------------------------------------------------------------------- comments


@router.get("/comments", response=CommentList, summary="Comments in scope 评议意见列表")
def list_comments(request: AuthedRequest, f: Query[CommentWindow]) -> dict[str, Any]:
    qs = f.narrow(comment_selectors.visible_comments(request.user).prefetch_related("evidence"))
    if f.notification_id is not None:
        qs = qs.filter(notification_id=f.notification_id)
    row = desk_row()
    return {
        "items": [_comment(c, row) for c in qs[f.offset : f.offset + f.limit]],
        "count": qs.count(),
    }


@router.post("/comments", response={201: CommentOut}, summary="Draft a comment 起草评议意见")
def create_comment(request: AuthedRequest, payload: CommentIn) -> Status[Any]:
    enterprise = None
    if payload.enterprise_id is not None:
        enterprise = visible_enterprises(request.user).filter(pk=payload.enterprise_id).first()
        if enterprise is None:
            raise NotFound("企业", "enterprise")
    comment = comment_services.create_comment(
        request.user,
        _notification(request.user, payload.notification_id),
        comment_services.CommentData(
            concern=payload.concern,
            clauses=payload.clauses,
            proposed_change=payload.proposed_change,
            technical_points_en=payload.technical_points_en,
            export_value_usd=payload.export_value_usd,
            trade_impact=payload.trade_impact,
            association=payload.association,
        ),
        enterprise=enterprise,
    )
    return Status(201, _comment(comment_selectors.get_comment(request.user, comment.pk)))


@router.get("/comments/{comment_id}", response=CommentOut, summary="One comment 评议意见")
def get_comment(request: AuthedRequest, comment_id: int) -> dict[str, Any]:
    return _comment(comment_selectors.get_comment(request.user, comment_id))


@router.post("/comments/{comment_id}/submit", response=CommentOut, summary="Submit to the desk")
def submit_comment(request: AuthedRequest, comment_id: int) -> dict[str, Any]:
    comment_services.submit_comment(
        request.user, comment_selectors.get_comment(request.user, comment_id)
    )
    return _comment(comment_selectors.get_comment(request.user, comment_id))


@router.post("/comments/{comment_id}/withdraw", response=CommentOut, summary="Withdraw 撤回")
def withdraw_comment(request: AuthedRequest, comment_id: int) -> dict[str, Any]:
    comment_services.withdraw_comment(
        request.user, comment_selectors.get_comment(request.user, comment_id)
    )
    return _comment(comment_selectors.get_comment(request.user, comment_id))


@router.get("/due", response=list[DueOut], summary="Due this week 本周到期")
def due(request: AuthedRequest, f: Query[DueFilter]) -> list[dict[str, Any]]:
    return [
        {
            "notification_id": i.notification.pk,
            "symbol": i.notification.symbol,
            "comment_deadline": i.wto,
            "internal_deadline": i.internal,
            "comment_ids": [c.pk for c in i.comments],
            "submission_id": i.submission.pk if i.submission else None,
        }
        for i in due_this_week(request.user, f.day or today())
    ]


@router.post(
    "/notifications/{notification_id}/merge",
    response=SubmissionOut,
    summary="Merge comments into the submission 汇总",
)
def merge(request: AuthedRequest, notification_id: int, payload: MergeIn) -> dict[str, Any]:
    submission = comment_services.merge_comments(
        request.user,
        _notification(request.user, notification_id),
        payload.comment_ids,
        summary_zh=payload.summary_zh,
        summary_en=payload.summary_en,
    )
    return _submission(comment_selectors.get_submission(request.user, submission.pk))


@router.get("/submissions/{submission_id}", response=SubmissionOut, summary="One submission")
def get_submission(request: AuthedRequest, submission_id: int) -> dict[str, Any]:
    return _submission(comment_selectors.get_submission(request.user, submission_id))


@router.post(
    "/submissions/{submission_id}/transition",
    response=SubmissionOut,
    summary="Record the outcome 更新报送进展",
)
def transition(request: AuthedRequest, submission_id: int, payload: TransitionIn) -> dict[str, Any]:
    submission = comment_selectors.get_submission(request.user, submission_id)
    comment_services.advance_submission(
        request.user, submission, payload.state, note=payload.note, reply=payload.reply
    )
    return _submission(comment_selectors.get_submission(request.user, submission_id))


@router.get(
    "/submissions/{submission_id}/export",
    summary="The submission as Word or PDF 导出评议意见(Word / PDF)",
)
def export_submission(
    request: AuthedRequest, submission_id: int, fmt: str = "docx"
) -> HttpResponse:
    submission = comment_selectors.get_submission(request.user, submission_id)
    if fmt not in {"docx", "pdf"}:
        raise DomainError(
            "bad_format",
            "格式应为 docx 或 pdf。",
            "The format must be docx or pdf.",
            {"field": "fmt"},
        )
    if not submission.comments.exists():
        raise DomainError(
            "submission_empty", "汇总意见中没有评议意见。", "The submission has no comments."
        )
    name = submission.notification.symbol.replace("/", "-")
    if fmt == "docx":
        response = HttpResponse(
            submission_docx(submission),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        response = HttpResponse(submission_pdf(submission), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="comments-{name}.{fmt}"'
    return response


# ----------------------------------------------------------------------------- enquiries


@router.get("/enquiries", response=EnquiryList, summary="Enquiries in scope 咨询列表")
def list_enquiries(request: AuthedRequest, f: Query[EnquiryWindow]) -> dict[str, Any]:
    qs = enquiry_selectors.visible_enquiries(request.user)
    stats = enquiry_selectors.response_stats(qs)
    qs = f.narrow(qs)
    return {
        "items": [_enquiry(e) for e in qs[f.offset : f.offset + f.limit]],
        "count": qs.count(),
        "answered": stats.answered,
        "within_target": stats.within_target,
        "median_hours": stats.median_hours,
        "mean_rating": stats.mean_rating,
    }


@router.post("/enquiries", response={201: EnquiryOut}, summary="Ask a question 提问")
def ask(request: AuthedRequest, payload: EnquiryIn) -> Status[Any]:
    notification = standard = enterprise = None
    if payload.notification_symbol.strip():
        notification = notification_by_symbol(payload.notification_symbol)
        if notification is None:
            raise NotFound("通报", "notification")
    if payload.standard.strip():
        standard = enquiry_selectors.standard_by_designation(payload.standard.strip())
        if standard is None:
            raise NotFound("标准", "standard")
    if payload.enterprise_id is not None:
        enterprise = visible_enterprises(request.user).filter(pk=payload.enterprise_id).first()
        if enterprise is None:
            raise NotFound("企业", "enterprise")
    enquiry = enquiry_services.ask_enquiry(
        request.user,
        enquiry_services.EnquiryData(
            subject=payload.subject,
            question=payload.question,
            topic=payload.topic,
            market=payload.market,
            notification=notification,
            standard=standard,
            anonymise=payload.anonymise,
        ),
        enterprise=enterprise,
    )
    return Status(201, _enquiry(enquiry))


@router.get("/enquiries/{enquiry_id}", response=EnquiryOut, summary="One enquiry 咨询")
def get_enquiry(request: AuthedRequest, enquiry_id: int) -> dict[str, Any]:
    return _enquiry(enquiry_selectors.get_enquiry(request.user, enquiry_id))


@router.post("/enquiries/{enquiry_id}/assign", response=EnquiryOut, summary="Assign an expert")
def assign(request: AuthedRequest, enquiry_id: int, payload: AssignIn) -> dict[str, Any]:
    enquiry = enquiry_selectors.get_enquiry(request.user, enquiry_id)
    expert = enquiry_selectors.expert_by_id(payload.expert_id)
    if expert is None:
        raise DomainError(
            "not_an_expert", "专家不存在。", "No such expert.", {"field": "expert_id"}
        )
    return _enquiry(enquiry_services.assign_enquiry(request.user, enquiry, expert))


@router.post("/enquiries/{enquiry_id}/answer", response=EnquiryOut, summary="Answer 答复")
def answer(request: AuthedRequest, enquiry_id: int, payload: AnswerIn) -> dict[str, Any]:
    enquiry = enquiry_selectors.get_enquiry(request.user, enquiry_id)
    return _enquiry(enquiry_services.answer_enquiry(request.user, enquiry, payload.answer))


@router.post("/enquiries/{enquiry_id}/rate", response=EnquiryOut, summary="Rate the answer 评价")
def rate(request: AuthedRequest, enquiry_id: int, payload: RateIn) -> dict[str, Any]:
    enquiry = enquiry_selectors.get_enquiry(request.user, enquiry_id)
    return _enquiry(
        enquiry_services.rate_enquiry(request.user, enquiry, payload.rating, payload.note)
    )


@router.post(
    "/enquiries/{enquiry_id}/publish", response=EnquiryOut, summary="Knowledge base 收入知识库"
)
def publish(request: AuthedRequest, enquiry_id: int, payload: PublishIn) -> dict[str, Any]:
    enquiry = enquiry_selectors.get_enquiry(request.user, enquiry_id)
    return _enquiry(
        enquiry_services.publish_enquiry(
            request.user,
            enquiry,
            question=payload.question,
            answer=payload.answer,
            published=payload.published,
        )
    )


@router.get("/kb", response=list[KbOut], summary="Search the knowledge base 知识库检索")
def kb(request: AuthedRequest, f: Query[KbWindow]) -> list[Any]:
    qs = enquiry_selectors.knowledge_base(request.user, q=f.q, market=f.market)[
        f.offset : f.offset + f.limit
    ]
    return [
        {
            "id": e.pk,
            "subject": e.kb_subject or e.subject,
            "question": e.kb_question,
            "answer": e.kb_answer,
            "topic": e.topic,
            "market": e.market,
            "notification_symbol": e.notification.symbol if e.notification else None,
            "standard": e.standard.canonical if e.standard else None,
            "published_at": e.published_at,
        }
        for e in qs
    ]


# ----------------------------------------------------------------------------- regulations


@router.get("/regulations", response=list[RegulationOut], summary="Technical regulations 技术法规")
def regulations(
    request: AuthedRequest, q: str = "", market: str = "", hs: str = "", kind: str = ""
) -> list[dict[str, Any]]:
    qs = regulation_selectors.search_regulations(request.user, q=q, market=market, hs=hs, kind=kind)
    return [_regulation(r) for r in qs[:500]]


@router.post("/regulations", response={201: RegulationOut}, summary="Register a regulation")
def create_regulation(request: AuthedRequest, payload: RegulationIn) -> Status[Any]:
    reg = regulation_services.save_regulation(
        request.user, regulation_services.RegulationData(**payload.dict())
    )
    return Status(201, _regulation(regulation_selectors.get_regulation(request.user, reg.pk)))


@router.post(
    "/regulations/import",
    response={200: ImportResult, 202: JobAccepted},
    summary="Import regulations from Excel/CSV 批量导入",
    description="A file over `IMPORT_BACKGROUND_BYTES` is queued for the task worker: the "
    "answer is 202 with the job to follow (`GET /api/accounts/jobs/{id}`).",
)
def import_file(request: AuthedRequest, file: File[UploadedFile]) -> Any:
    filename = file.name or "upload.csv"
    # the importer's own check (the desk), before anything is queued
    queued = queue_big_upload(request.user, REGULATIONS_KIND, file, filename, check=require_desk)
    if queued is not None:
        return queued
    return import_regulations(request.user, file, filename).as_dict()


@router.get(
    "/regulations/applicable",
    response=list[ApplicableOut],
    summary="What applies to an exporter today and what is coming 适用法规",
)
def applicable(request: AuthedRequest, enterprise_id: int | None = None) -> list[dict[str, Any]]:
    user = request.user
    eid = enterprise_id or getattr(user, "enterprise_id", None)
    enterprise = visible_enterprises(user).filter(pk=eid).first() if eid else None
    if enterprise is None:
        raise NotFound("企业", "enterprise")
    return [
        {
            "regulation": _regulation(a.regulation),
            "products": a.products,
            "market": a.market,
            "status": a.status,
        }
        for a in regulation_selectors.regulations_for_enterprise(enterprise, today())
    ]


@router.get("/regulations/{regulation_id}", response=RegulationOut, summary="One regulation")
def get_regulation(request: AuthedRequest, regulation_id: int) -> dict[str, Any]:
    return _regulation(regulation_selectors.get_regulation(request.user, regulation_id))


# ----------------------------------------------------------------------------- briefings


@router.get("/briefing", summary="A TBT briefing's figures TBT 简报数据")
def briefing(request: AuthedRequest, f: Query[BriefingFilter]) -> dict[str, Any]:
    return briefing_selectors.compute_briefing(
        f.kind or "all",
        f.key,
        briefing_selectors.requested_period(f.period, f.at, today()),
        today(),
    )
