"""API schemas of alerts."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class NotificationBrief(Schema):
    id: int
    symbol: str
    member_code: str
    title: str
    title_zh: str
    distributed_on: date
    comment_deadline: date | None
    entry_into_force: date | None


class RevisionOut(Schema):
    number: int
    source_symbol: str
    changes: dict[str, object]
    risk: str
    score: float
    created_at: datetime


class AlertOut(Schema):
    id: int
    enterprise_id: int
    notification: NotificationBrief
    score: float
    risk: str
    reasons: list[dict[str, str]]
    comment_deadline: date | None
    entry_into_force: date | None
    internal_deadline: date | None
    revision: int
    read_at: datetime | None
    acknowledged_at: datetime | None
    feedback: str
    feedback_note: str
    withdrawn_at: datetime | None = Field(
        None, description="撤回时间 when the alert was withdrawn (null: it still applies)"
    )
    withdrawn_reason: str = Field(
        "", description="notification_withdrawn | out_of_scope (empty: it still applies)"
    )
    created_at: datetime
    updated_at: datetime


class AlertDetail(AlertOut):
    revisions: list[RevisionOut]


class AlertList(Schema):
    items: list[AlertOut]
    count: int


class FeedbackIn(Schema):
    feedback: str
    note: str = ""


class DeskRow(Schema):
    notification: NotificationBrief
    enterprises: int
    red: int
    red_unread: int
    relevant: int
    not_relevant: int


class DeskList(Schema):
    items: list[DeskRow]
    count: int
