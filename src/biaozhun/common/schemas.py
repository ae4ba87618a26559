"""API schemas every app shares."""

from __future__ import annotations

from ninja import Schema


class ImportRowError(Schema):
    """A refused row of an import: its line, the field, a stable code and the reason."""

    line: int
    field: str
    code: str
    message_zh: str
    message_en: str


class ImportResult(Schema):
    """The report of every import endpoint (``ImportReport.as_dict()``)."""

    total: int
    created: int
    updated: int
    unchanged: int
    errors: list[ImportRowError]


class JobAccepted(Schema):
    """A big upload queued for the task worker (``202``): nothing is imported yet; follow the
    job at ``status_url`` (JSON) or ``url`` (the page with its progress bar)."""

    job_id: int
    status: str
    url: str
    status_url: str
    message_zh: str
    message_en: str
