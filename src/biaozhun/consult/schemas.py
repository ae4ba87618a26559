"""API schemas of the consultation station."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema


class CommentIn(Schema):
    notification_id: int
    concern: str
    clauses: str = ""
    proposed_change: str = ""
    technical_points_en: str = ""
    export_value_usd: Decimal | None = None
    trade_impact: str = ""
    association: str = ""
    enterprise_id: int | None = None  # the desk filing on an enterprise's behalf


class CommentOut(Schema):
    id: int
    notification_id: int
    notification_symbol: str
    enterprise_id: int | None
    source: str
    state: str
    concern: str
    clauses: str
    proposed_change: str
    technical_points_en: str
    export_value_usd: Decimal | None
    trade_impact: str
    submission_id: int | None
    comment_deadline: date | None
    internal_deadline: date | None
    evidence: list[str]
    updated_at: datetime


class CommentList(Schema):
    items: list[CommentOut]
    count: int


class MergeIn(Schema):
    comment_ids: list[int]
    summary_zh: str = ""
    summary_en: str = ""


class TransitionIn(Schema):
    state: str
    note: str = ""
    reply: str = ""


class SubmissionOut(Schema):
    id: int
    notification_id: int
    notification_symbol: str
    state: str
    allowed: list[str]
    summary_zh: str
    summary_en: str
    reply_text: str
    comment_ids: list[int]
    history: list[dict[str, Any]]
    sent_at: datetime | None
    closed_at: datetime | None


class DueOut(Schema):
    notification_id: int
    symbol: str
    comment_deadline: date | None
    internal_deadline: date | None
    comment_ids: list[int]
    submission_id: int | None


class EnquiryIn(Schema):
    subject: str
    question: str
    topic: str = "other"
    market: str = ""
    notification_symbol: str = ""
    standard: str = ""
    anonymise: bool = True
    enterprise_id: int | None = None


class EnquiryOut(Schema):
    id: int
    enterprise_id: int
    subject: str
    question: str
    topic: str
    market: str
    notification_id: int | None
    standard_id: int | None
    state: str
    expert_id: int | None
    answer: str
    target_hours: int
    response_hours: float | None
    within_target: bool | None
    rating: int | None
    published: bool
    created_at: datetime


class EnquiryList(Schema):
    items: list[EnquiryOut]
    count: int
    answered: int
    within_target: int
    median_hours: float | None
    mean_rating: float | None


class AssignIn(Schema):
    expert_id: int


class AnswerIn(Schema):
    answer: str


class RateIn(Schema):
    rating: int
    note: str = ""


class PublishIn(Schema):
    question: str = ""
    answer: str = ""
    published: bool = True


class KbOut(Schema):
    id: int
    subject: str
    question: str
    answer: str
    topic: str
    market: str
    notification_symbol: str | None
    standard: str | None
    published_at: datetime | None


class RegulationIn(Schema):
    market: str
    reference: str
    title: str
    kind: str = "regulation"
    title_zh: str = ""
    summary_zh: str = ""
    hs_codes: list[str] = []
    ics_codes: list[str] = []
    cited_standards: list[str] = []
    notification_symbols: list[str] = []
    adopted_on: date | None = None
    in_force_from: date | None = None
    applies_until: date | None = None
    url: str = ""


class RegulationOut(Schema):
    id: int
    market: str
    kind: str
    reference: str
    title: str
    title_zh: str
    hs_codes: list[str]
    ics_codes: list[str]
    cited_standards: list[str]
    standard_ids: list[int]
    notification_symbols: list[str]
    adopted_on: date | None
    in_force_from: date | None
    applies_until: date | None
    url: str


class ApplicableOut(Schema):
    regulation: RegulationOut
    products: list[str]
    market: str
    status: str
