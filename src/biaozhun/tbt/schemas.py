"""API schemas of WTO notifications (separate create, correction and output shapes)."""

from __future__ import annotations

from datetime import date

from ninja import Schema

from .selectors import related_documents


class ClassItem(Schema):
    code: str
    confidence: float
    source: str
    reason_zh: str
    reason_en: str


class NotificationBrief(Schema):
    id: int
    symbol: str
    kind: str
    committee: str
    member_code: str
    member_name_zh: str
    member_name_en: str
    distributed_on: date
    comment_deadline: date | None
    comment_deadline_text: str
    title: str
    title_zh: str
    hs_codes: list[str]
    ics_codes: list[str]
    industries: list[ClassItem]
    export_groups: list[ClassItem]
    dates_flagged: bool
    is_example: bool


class NotificationOut(NotificationBrief):
    base_symbol: str
    base_id: int | None
    parent_id: int | None
    adoption_date: date | None
    adoption_date_text: str
    entry_into_force: date | None
    entry_into_force_text: str
    description: str
    summary_zh: str
    objective: str
    products_text: str
    keywords: list[str]
    agency: str
    links: list[str]
    language: str
    status: str
    source: str
    hs_headings: list[ClassItem]
    ics_predicted: list[ClassItem]
    documents: list[str]

    @staticmethod
    def resolve_documents(obj: object) -> list[str]:

        return [d.symbol for d in related_documents(obj)]  # type: ignore[arg-type]


class NotificationList(Schema):
    items: list[NotificationBrief]
    count: int


class NotificationCreate(Schema):
    symbol: str
    distributed_on: date
    title: str
    member_code: str = ""
    comment_deadline: str = ""
    adoption_date: str = ""
    entry_into_force: str = ""
    title_zh: str = ""
    description: str = ""
    summary_zh: str = ""
    objective: str = ""
    products_text: str = ""
    hs_codes: list[str] = []
    ics_codes: list[str] = []
    keywords: list[str] = []
    agency: str = ""
    links: list[str] = []
    language: str = ""
    status: str = ""  # "" keeps the recorded status (notified for a new notification)


class CorrectionIn(Schema):
    field: str
    codes: list[str]
    note: str = ""
