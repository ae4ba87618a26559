"""Importing WTO notifications: the ePing bulk export (.xlsx) and the ePing API's JSON.

Both formats are mapped to :class:`~biaozhun.tbt.services.NotificationData` and recorded with
:func:`~biaozhun.tbt.services.record_notification` (create, or update by canonical symbol).
Each bad row (an .xlsx line, or the line of the file where a JSON item starts) is reported with
the reason in Chinese and English; good rows are imported. Dates are read with
:func:`biaozhun.tbt.dates.read_date`: what cannot be read for certain is kept as text and flagged,
never invented; a distribution date must be read for certain.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction

from biaozhun.common.errors import DomainError
from biaozhun.common.importing import (
    Column,
    ImportReport,
    RowInvalid,
    read_table,
    rows_as_dicts,
    text_value,
)
from biaozhun.core.codes import split_codes

from ..dates import read_date
from ..models import Member, Notification
from ..services import NotificationData, parse_symbol, record_notification

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


FORMATS = ("eping-xlsx", "eping-json")

XLSX_COLUMNS = [
    Column("symbol", ("通报号", "Document symbol", "Symbol", "Document Symbol"), required=True),
    Column("member", ("通报成员", "Notifying Member", "Member", "Notifying member")),
    Column("title", ("标题", "Title"), required=True),
    Column("description", ("内容", "Description", "Description of content")),
    Column("products", ("涵盖产品", "Products covered", "Products", "Products free text")),
    Column("keywords", ("关键词", "Keywords")),
    Column("hs", ("HS 编码", "HS code(s)", "HS codes", "HS code")),
    Column("ics", ("ICS 分类号", "ICS code(s)", "ICS codes", "ICS code")),
    Column("distributed", ("分发日期", "Distribution date", "Date of distribution"), required=True),
    Column(
        "deadline",
        ("评议截止日期", "Final date for comments", "Comment deadline", "Final date for comment"),
    ),
    Column("adoption", ("拟批准日期", "Proposed date of adoption", "Date of adoption")),
    Column(
        "entry_into_force",
        ("拟生效日期", "Proposed date of entry into force", "Date of entry into force"),
    ),
    Column("kind", ("通报类型", "Notification type", "Type")),
    Column("objective", ("目的", "Objectives", "Objective", "Objective and rationale")),
    Column("document", ("通报文件", "Notified document", "Link", "Notification link")),
    Column("agency", ("主管机构", "Agency responsible", "Agency")),
    Column("language", ("语言", "Language", "Document language")),
    Column("title_zh", ("中文标题", "Chinese title")),
    Column("summary_zh", ("中文摘要", "Chinese summary")),
]


def _list(value: Any) -> list[str]:
    """A cell or JSON value listing several items."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        out: list[str] = []
        for v in value:
            if isinstance(v, dict):
                v = v.get("code") or v.get("value") or v.get("name") or ""
            text = text_value(v)
            if text:
                out.append(text)
        return out
    return split_codes(text_value(value))


def _keywords(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return _list(value)
    text = text_value(value)
    return [k.strip() for k in re.split(r"[;,，；、\n]+", text) if k.strip()]


#: Names ePing and members write that differ from the WTO names in data/wto/members.csv.
NAME_ALIASES: dict[str, str] = {
    "united states of america": "USA",
    "the united states": "USA",
    "republic of korea": "KOR",
    "korea": "KOR",
    "kingdom of saudi arabia": "SAU",
    "taiwan": "TPKM",
    "russia": "RUS",
    "turkey": "TUR",
    "türkiye": "TUR",
    "vietnam": "VNM",
    "uk": "GBR",
    "united kingdom of great britain and northern ireland": "GBR",
    "european communities": "EU",
    "hong kong": "HKG",
    "macau, china": "MAC",
    "macao": "MAC",
}


class _Members:
    """Notifying-member names and codes as the files write them -> WTO codes."""

    def __init__(self) -> None:
        self.lookup: dict[str, str] = dict(NAME_ALIASES)
        for m in Member.objects.all():
            for text in (
                m.code,
                m.iso_alpha2,
                m.iso_alpha3,
                m.name_en,
                m.name_en_official,
                m.name_zh,
                m.name_zh_official,
            ):
                if text:
                    self.lookup[" ".join(text.casefold().split())] = m.code

    def code(self, value: Any) -> str:
        if isinstance(value, dict):
            value = value.get("code") or value.get("name") or value.get("nameEn") or ""
        text = text_value(value)
        if not text:
            return ""
        found = self.lookup.get(" ".join(text.casefold().split()))
        if found is None:
            raise RowInvalid(
                "member",
                "unknown_member",
                f"未知的 WTO 成员“{text}”。",
                f"Unknown WTO member {text!r}.",
            )
        return found


def _row_data(row: dict[str, Any], members: _Members, source: str) -> NotificationData:
    symbol_text = text_value(row.get("symbol"))
    if not symbol_text:
        raise RowInvalid("symbol", "required", "通报号必填。", "The document symbol is required.")
    try:
        sym = parse_symbol(symbol_text)
    except DomainError as exc:
        raise RowInvalid("symbol", exc.code, exc.message_zh, exc.message_en) from exc
    title = text_value(row.get("title"))
    if not title:
        raise RowInvalid("title", "required", "标题必填。", "The title is required.")
    distributed = read_date(row.get("distributed"))
    if distributed.value is None:
        if not distributed.text:
            raise RowInvalid(
                "distributed", "required", "分发日期必填。", "The distribution date is required."
            )
        raise RowInvalid(
            "distributed",
            "bad_date",
            f"分发日期“{distributed.text}”无法确定(请写成 2026-01-31)。",
            f"The distribution date {distributed.text!r} cannot be read for certain "
            "(write it as 2026-01-31).",
        )
    readings = {
        name: read_date(row.get(name), distributed_on=distributed.value)
        for name in ("deadline", "adoption", "entry_into_force")
    }
    member_code = members.code(row.get("member"))
    if member_code and member_code not in (sym.member, sym.current_member):
        raise RowInvalid(
            "member",
            "member_mismatch",
            f"通报成员 {member_code} 与通报号 {sym.canonical} 不符。",
            f"The notifying member {member_code} does not match the symbol {sym.canonical}.",
        )
    kind_text = text_value(row.get("kind")).casefold()
    named = {
        k
        for k in ("regular", "addendum", "revision", "corrigendum", "supplement")
        if k in kind_text
    }
    if named and sym.kind.value not in named:
        raise RowInvalid(
            "kind",
            "kind_mismatch",
            f"通报类型“{text_value(row.get('kind'))}”与通报号 {sym.canonical} 不符。",
            f"The notification type {text_value(row.get('kind'))!r} does not match the symbol "
            f"{sym.canonical}.",
        )
    links = _list(row.get("document")) if row.get("document") else []
    return NotificationData(
        symbol=sym.canonical,
        member_code=member_code,
        distributed_on=distributed.value,
        comment_deadline=readings["deadline"].value,
        comment_deadline_text=readings["deadline"].text,
        adoption_date=readings["adoption"].value,
        adoption_date_text=readings["adoption"].text,
        entry_into_force=readings["entry_into_force"].value,
        entry_into_force_text=readings["entry_into_force"].text,
        dates_flagged=any(r.flagged for r in readings.values()),
        title=title,
        title_zh=text_value(row.get("title_zh")),
        description=text_value(row.get("description")),
        summary_zh=text_value(row.get("summary_zh")),
        objective="; ".join(_keywords(row.get("objective")))
        if isinstance(row.get("objective"), list)
        else text_value(row.get("objective")),
        products_text=text_value(row.get("products")),
        hs_codes=_list(row.get("hs")),
        ics_codes=_list(row.get("ics")),
        keywords=_keywords(row.get("keywords")),
        agency=text_value(row.get("agency")),
        links=[link for link in links if link.startswith(("http://", "https://"))],
        language=text_value(row.get("language"))[:10],
        source=source,
        is_example=bool(row.get("is_example")),
        keep_desk_fields=True,
    )


def _import_rows(
    actor: User | None,
    rows: Iterator[tuple[int, dict[str, Any]]],
    source: str,
    *,
    is_example: bool = False,
) -> ImportReport:
    report = ImportReport()
    members = _Members()
    seen: dict[str, int] = {}
    for line, row in rows:
        report.total += 1
        try:
            with transaction.atomic():
                data = _row_data(row, members, source)
                data.is_example = data.is_example or is_example
                if data.symbol in seen:
                    raise RowInvalid(
                        "symbol",
                        "duplicate_in_file",
                        f"通报号与第 {seen[data.symbol]} 行重复。",
                        f"The symbol repeats line {seen[data.symbol]}.",
                    )
                seen[data.symbol] = line
                try:
                    result = record_notification(actor, data)
                except DomainError as exc:
                    raise RowInvalid(
                        str(exc.details.get("field", "")), exc.code, exc.message_zh, exc.message_en
                    ) from exc
        except RowInvalid as exc:
            report.refuse(line, exc)
            continue
        if result.created:
            report.created += 1
        elif result.changes:
            report.updated += 1
        else:
            report.unchanged += 1
    return report


def _from_header(table: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    """Skip title rows above the header (the first row naming the document symbol column);
    line numbers are kept. Without such a row within 20 lines, the first row is the header."""
    symbol_names = {
        "".join(str(a).lower().split()) for a in (XLSX_COLUMNS[0].key, *XLSX_COLUMNS[0].aliases)
    }
    skipped: list[tuple[int, list[Any]]] = []
    for line, cells in table:
        if any("".join(str(c or "").lower().split()) in symbol_names for c in cells):
            yield line, cells
            yield from table
            return
        skipped.append((line, cells))
        if len(skipped) >= 20:
            break
    yield from skipped
    yield from table


def import_eping_xlsx(
    actor: User | None, upload: IO[bytes] | Path | bytes, filename: str, *, is_example: bool = False
) -> ImportReport:
    """The ePing bulk export (first sheet; the header is the first row naming "Document
    symbol", title rows above it are skipped)."""
    rows = rows_as_dicts(_from_header(read_table(upload, filename)), XLSX_COLUMNS)
    return _import_rows(actor, rows, Notification.Source.EPING_XLSX, is_example=is_example)


# ---------------------------------------------------------------------------------- JSON

JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "symbol": ("documentSymbol", "symbol"),
    "member": ("notifyingMember", "member", "notifyingMemberCode"),
    "title": ("title", "titleEn"),
    "description": ("description", "descriptionEn"),
    "products": ("productsFreeText", "products", "productsCovered"),
    "keywords": ("keywords",),
    "hs": ("hsCodes", "hs"),
    "ics": ("icsCodes", "ics"),
    "distributed": ("distributionDate", "dateOfDistribution"),
    "deadline": ("commentDeadlineDate", "finalDateForComments", "commentDeadline"),
    "adoption": ("proposedDateOfAdoption", "adoptionDate", "dateOfAdoption"),
    "entry_into_force": ("proposedDateOfEntryIntoForce", "entryIntoForceDate"),
    "kind": ("notificationType", "type"),
    "objective": ("objectives", "objective"),
    "document": ("linkToNotification", "notifiedDocumentLink", "link"),
    "agency": ("agencyResponsible", "agency"),
    "language": ("language", "documentLanguage"),
    "title_zh": ("titleZh", "title_zh"),
    "summary_zh": ("summaryZh", "summary_zh"),
    "is_example": ("isExample", "is_example"),
}

_WRAPPERS = ("items", "results", "data", "notifications")


def _json_date(value: Any) -> Any:
    """ePing API dates are ISO date-times (``2026-03-02T00:00:00``): keep the date part."""
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        return value[:10]
    return value


def _items_with_lines(text: str) -> Iterator[tuple[int, Any]]:
    """Each item of the top-level array (or of its ``items``/``results``/... array) with the
    line its text starts on."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DomainError(
            "bad_json",
            f"JSON 文件无法解析:{exc}",
            f"The JSON file cannot be parsed: {exc}",
        ) from exc
    if isinstance(data, list):
        start = text.index("[")
    elif isinstance(data, dict):
        key = next((k for k in _WRAPPERS if isinstance(data.get(k), list)), None)
        if key is None:
            raise DomainError(
                "bad_json_shape",
                "JSON 应为通报数组,或含 items/results 数组的对象。",
                "The JSON must be an array of notifications or an object with an items/results "
                "array.",
            )
        m = re.search(r'"' + key + r'"\s*:\s*\[', text)
        if m is None:  # escaped key spellings; fall back to item numbers
            for i, item in enumerate(data[key], start=1):
                yield i, item
            return
        start = m.end() - 1
    else:
        raise DomainError(
            "bad_json_shape",
            "JSON 应为通报数组。",
            "The JSON must be an array of notifications.",
        )
    decoder = json.JSONDecoder()
    pos = start + 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return
        item, end = decoder.raw_decode(text, pos)
        yield text.count("\n", 0, pos) + 1, item
        pos = end


def _json_rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for line, item in _items_with_lines(text):
        if not isinstance(item, dict):
            yield line, {"_bad": True}
            continue
        row: dict[str, Any] = {}
        for key, names in JSON_FIELDS.items():
            for name in names:
                if name in item and item[name] not in (None, ""):
                    row[key] = item[name]
                    break
        for key in ("distributed", "deadline", "adoption", "entry_into_force"):
            if key in row:
                row[key] = _json_date(row[key])
        yield line, row


def import_eping_json(
    actor: User | None,
    upload: IO[bytes] | Path | bytes,
    filename: str = "",
    *,
    is_example: bool = False,
) -> ImportReport:
    """The ePing API's JSON: an array of notifications (or ``{"items": [...]}``)."""
    if isinstance(upload, Path):
        raw = upload.read_bytes()
    elif isinstance(upload, bytes):
        raw = upload
    else:
        raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(
            "bad_encoding", "JSON 文件须为 UTF-8 编码。", "The JSON file must be UTF-8."
        ) from exc

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for line, row in _json_rows(text):
            if row.get("_bad"):
                yield line, {}
            else:
                yield line, row

    return _import_rows(actor, rows(), Notification.Source.EPING_JSON, is_example=is_example)


IMPORTERS: dict[str, Callable[..., ImportReport]] = {
    "eping-xlsx": import_eping_xlsx,
    "eping-json": import_eping_json,
}


def import_file(
    actor: User | None,
    fmt: str,
    upload: IO[bytes] | Path | bytes,
    filename: str,
    *,
    is_example: bool = False,
) -> ImportReport:
    importer = IMPORTERS.get(fmt)
    if importer is None:
        raise DomainError(
            "unknown_format",
            f"未知的导入格式“{fmt}”(可用:{'、'.join(FORMATS)})。",
            f"Unknown import format {fmt!r} (use one of {', '.join(FORMATS)}).",
        )
    return importer(actor, upload, filename, is_example=is_example)


def guess_format(filename: str) -> str:
    return "eping-json" if filename.lower().endswith(".json") else "eping-xlsx"


__all__ = [
    "FORMATS",
    "import_eping_json",
    "import_eping_xlsx",
    "import_file",
]
