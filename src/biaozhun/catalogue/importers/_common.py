"""Helpers shared by the national-platform and template importers."""

from __future__ import annotations

import datetime
import re
from typing import Any

from biaozhun.common.codes import clean_ics
from biaozhun.common.errors import DomainError
from biaozhun.common.importing import RowInvalid, date_value, text_value
from biaozhun.core.codes import CodeError, normalize_ccs
from biaozhun.core.designation import Designation, DesignationError, parse

from ..models import Standard

Status = Standard.Status

STATUS_WORDS = {
    "现行": Status.CURRENT,
    "现行有效": Status.CURRENT,
    "有效": Status.CURRENT,
    "现行标准": Status.CURRENT,
    "已公开": Status.CURRENT,  # enterprise standards platform: a published self-declaration
    "尚未实施": Status.UPCOMING,
    "未实施": Status.UPCOMING,
    "已废止": Status.WITHDRAWN,
    "current": Status.CURRENT,
    "published": Status.CURRENT,
    "即将实施": Status.UPCOMING,
    "upcoming": Status.UPCOMING,
    "废止": Status.WITHDRAWN,
    "作废": Status.WITHDRAWN,
    "withdrawn": Status.WITHDRAWN,
    "被代替": Status.REPLACED,
    "被替代": Status.REPLACED,
    "replaced": Status.REPLACED,
}

_SPLIT = re.compile(r"[,;，；、\n]+")


def designation_value(value: Any, field: str) -> Designation:
    text = text_value(value)
    if not text:
        raise RowInvalid(field, "required", "标准号必填。", "The designation is required.")
    try:
        return parse(text)
    except DesignationError as exc:
        raise RowInvalid(
            field,
            exc.code,
            f"标准号“{text}”无法解析:{exc.message_zh}",
            f"The designation {text!r} cannot be parsed: {exc.message_en}",
        ) from exc


def edition_value(value: Any, field: str) -> Designation:
    """A designation of one edition: Chinese standards must carry their year."""
    designation = designation_value(value, field)
    if designation.year is None and designation.level not in ("international", "foreign"):
        raise RowInvalid(
            field,
            "missing_year",
            f"标准号“{designation.canonical}”缺少年代号(如 -2020)。",
            f"The designation {designation.canonical!r} lacks its year (e.g. -2020).",
        )
    return designation


def designation_list(value: Any, field: str) -> list[str]:
    out: list[str] = []
    for part in _SPLIT.split(text_value(value)):
        if part.strip():
            out.append(designation_value(part, field).canonical)
    return out


def status_value(
    value: Any,
    field: str,
    implemented_on: datetime.date | None,
    withdrawn_on: datetime.date | None,
    today: datetime.date,
) -> str:
    text = text_value(value).strip().lower()
    if not text:
        if withdrawn_on is not None and withdrawn_on <= today:
            return Status.WITHDRAWN
        if implemented_on is not None and implemented_on > today:
            return Status.UPCOMING
        return Status.CURRENT
    status = STATUS_WORDS.get(text)
    if status is None:
        raise RowInvalid(
            field,
            "bad_status",
            f"状态“{text}”无法识别(现行、即将实施、废止、被代替)。",
            f"Unknown status {text!r} (current, upcoming, withdrawn, replaced).",
        )
    return status


def ics_list(value: Any, field: str) -> list[str]:
    out: list[str] = []
    for part in re.split(r"[,;，；、\s]+", text_value(value)):
        if not part:
            continue
        try:
            code = clean_ics(part, field=field, known=False)
        except DomainError as exc:
            raise RowInvalid(field, exc.code, exc.message_zh, exc.message_en) from exc
        out.append(code)
    return out


def ccs_list(value: Any, field: str) -> list[str]:
    out: list[str] = []
    for part in re.split(r"[,;，；、\s]+", text_value(value)):
        if not part:
            continue
        try:
            code = normalize_ccs(part)
        except CodeError as exc:
            raise RowInvalid(field, "bad_ccs", exc.message_zh, exc.message_en) from exc
        out.append(code)
    return out


def names_list(value: Any) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text_value(value)) if part.strip()]


def flexible_date(value: Any, field: str) -> datetime.date | None:
    """Dates as the platform writes them: ``2020-03-31``, ``2020-03-31 00:00:00`` or epoch
    milliseconds, and everything :func:`biaozhun.common.importing.date_value` reads."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 10**10:
        return datetime.datetime.fromtimestamp(value / 1000, tz=datetime.UTC).date()
    text = text_value(value)
    if len(text) > 10 and re.match(r"\d{4}-\d{2}-\d{2}[ T]", text):
        text = text[:10]
    return date_value(text, field)


def adoptions_of(designation: Designation) -> list[dict[str, Any]]:
    return [{"designation": a.designation, "degree": a.degree} for a in designation.adoptions]
