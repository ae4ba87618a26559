"""Official standard announcements as the clerk gets them: the tables attached to

* 国家标准批准发布公告 (SAMR / SAC: the new national standards and national standard
  修改单 approved by one announcement): 序号, 标准编号 (国家标准编号), 标准名称, 代替标准号,
  实施日期;
* 国家标准废止公告: 序号, 标准编号, 标准名称 (the announcement's text gives the date from
  which they are withdrawn; a 废止日期 column, where present, wins);
* 行业标准备案公告 (industry standards filed with SAC): 序号, 行业, 标准编号, 标准名称,
  批准日期, 实施日期, 代替标准号, 备案号;
* 江苏省地方标准 (DB32) and 扬州市地方标准 (DB3210) 发布公告: 序号, 标准编号, 标准名称,
  代替标准号, 发布日期, 实施日期.

The tables arrive as Excel, CSV, a Word ``.docx`` table or a saved / pasted web page
(``.html``); the header row is found among the first rows (a title line such as
"附件:2024年第6号国家标准公告" may sit above it). Headers differ slightly between offices
and years; the aliases below cover the published layouts.

What an announcement does to the catalogue (see ``docs/catalogue.md``):

* an approved standard becomes a new edition (即将实施 until its 实施日期, then 现行; the
  daily catalogue task moves it) and is linked to the editions it replaces (代替标准号); a
  replaced edition stays 现行 until the new one takes effect and is then marked 被代替;
* a withdrawn standard is marked 废止 from its date (a future date is applied by the daily
  task);
* a 修改单 row records an amendment on the standard it changes.

Rows that cannot be read are listed with their line and reason; the others are imported.
Editions already in the catalogue keep what other sources said of them (English title, ICS,
CCS, drafters); the announcement adds or updates only what it states.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from biaozhun.common.errors import DomainError
from biaozhun.common.importing import (
    Column,
    ImportReport,
    RowInvalid,
    clean_header,
    read_table,
    rows_as_dicts,
    text_value,
)
from biaozhun.core.designation import Designation

from ..models import Standard
from ..services import StandardRecord
from ._common import designation_value, edition_value, flexible_date

Kind = Literal["auto", "approval", "withdrawal"]
KINDS: tuple[Kind, ...] = ("auto", "approval", "withdrawal")
#: the levels an announcement of a Chinese standards office can publish
CHINESE_LEVELS = {"national", "industry", "local", "group", "enterprise"}

COLUMNS = [
    Column(
        "designation",
        (
            "标准编号",
            "标准号",
            "国家标准编号",
            "行业标准编号",
            "地方标准编号",
            "标准代号及编号",
            "standard",
        ),
        required=True,
    ),
    Column("title", ("标准名称", "国家标准名称", "行业标准名称", "地方标准名称", "名称", "title")),
    Column(
        "replaces",
        ("代替标准号", "代替标准", "代替标准编号", "被代替标准号", "被代替标准", "replaces"),
    ),
    Column("implemented_on", ("实施日期", "implemented")),
    Column("published_on", ("发布日期", "批准日期", "published")),
    Column("withdrawn_on", ("废止日期", "withdrawn")),
    Column("amendment", ("修改单", "修改单号", "修改单编号", "amendment")),
    Column("filing_no", ("备案号", "filing")),
]
#: a header cell that marks the header row (a title line above it has none of these)
_HEADER_MARKS = {clean_header(a) for a in COLUMNS[0].aliases}
_HEADER_SCAN = 15
_NOTE = re.compile(r"[((][^))]*[))]")


@dataclass
class Amendment:
    """A 修改单 row: the standard it amends and what the row says."""

    canonical: str
    text: str
    implemented_on: datetime.date | None
    line: int


@dataclass
class Announcement:
    """What one announcement file holds, read and checked."""

    kind: Literal["approval", "withdrawal"]
    records: list[StandardRecord] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)


def _from_header(
    table: Iterator[tuple[int, list[Any]]],
) -> tuple[Iterator[tuple[int, list[Any]]], list[str]]:
    """Skip title lines above the header; returns the table from the header on and the
    header's cleaned cells."""
    skipped: list[tuple[int, list[Any]]] = []
    for line, cells in table:
        cleaned = [clean_header(cell) for cell in cells]
        if _HEADER_MARKS.intersection(cleaned):

            def rest(
                first: tuple[int, list[Any]] = (line, cells),
            ) -> Iterator[tuple[int, list[Any]]]:
                yield first
                yield from table

            return rest(), cleaned
        skipped.append((line, cells))
        if len(skipped) >= _HEADER_SCAN:
            break
    raise DomainError(
        "missing_columns",
        f"前 {_HEADER_SCAN} 行中没有找到表头(应有“标准编号”或“标准号”列)。"
        "请上传公告所附的标准清单表格。",
        f"No header row (with a 标准编号 / designation column) in the first {_HEADER_SCAN} "
        "rows. Upload the announcement's table of standards.",
        {"missing": ["designation"]},
    )


def _kind_of(
    requested: Kind, header: list[str], filename: str
) -> Literal["approval", "withdrawal"]:
    if requested != "auto":
        return requested
    if clean_header("废止日期") in header or "废止" in filename:
        return "withdrawal"
    return "approval"


def _chinese_edition(value: Any, field_name: str) -> Designation:
    designation = edition_value(value, field_name)
    if designation.level not in CHINESE_LEVELS:
        raise RowInvalid(
            field_name,
            "not_chinese",
            f"“{designation.canonical}”不是中国标准;公告只收录国家、行业、地方、团体和企业标准。",
            f"{designation.canonical!r} is not a Chinese standard; announcements list national, "
            "industry, local, group and enterprise standards only.",
        )
    return designation


def _replaced(value: Any) -> list[str]:
    """代替标准号 as published: several designations, sometimes with notes such as
    "(部分代替)" that are not part of a designation."""
    text = _NOTE.sub(" ", text_value(value))
    out: list[str] = []
    for part in re.split(r"[,;，；、\n]+", text):
        part = part.strip()
        if part and part not in ("-", "—", "无", "/"):
            out.append(designation_value(part, "replaces").canonical)
    return out


def read_announcement(
    path: Path,
    report: ImportReport,
    today: datetime.date,
    *,
    kind: Kind = "auto",
    announced_on: datetime.date | None = None,
    reference: str = "",
    examples: bool = False,
    filename: str = "",
) -> Announcement:
    """Read the table of one announcement into records for
    :func:`biaozhun.catalogue.services.import_records` (merged with what the catalogue already
    holds of the same editions) and the amendments it lists."""
    table, header = _from_header(read_table(path, filename or path.name, documents=True))
    chosen = _kind_of(kind, header, filename or path.name)
    rows = list(rows_as_dicts(table, COLUMNS))
    named: set[str] = set()
    for _, row in rows:
        try:
            named.add(designation_value(row.get("designation"), "designation").canonical)
        except RowInvalid:
            continue
    existing: dict[str, dict[str, Any]] = {
        row["canonical"]: dict(row)
        for row in Standard.objects.filter(canonical__in=named).values(
            "canonical",
            "status",
            "title_zh",
            "title_en",
            "title_fr",
            "published_on",
            "implemented_on",
            "withdrawn_on",
            "ics_codes",
            "ccs_codes",
            "committee",
            "adoptions",
            "source_ref",
            "is_example",
        )
    }
    result = Announcement(kind=chosen)
    seen: set[str] = set()
    for line, row in rows:
        try:
            if chosen == "withdrawal":
                record = _withdrawal(row, line, today, announced_on, reference, existing)
            elif text_value(row.get("amendment")):
                result.amendments.append(_amendment(row, line, announced_on, existing))
                continue
            else:
                record = _approval(row, line, today, announced_on, reference, existing)
        except RowInvalid as exc:
            report.refuse(line, exc)
            continue
        if record.canonical in seen:
            continue
        seen.add(record.canonical)
        record.is_example = record.is_example or examples
        result.records.append(record)
    return result


def _merged(
    designation: Designation, existing: dict[str, dict[str, Any]], status: str, **values: Any
) -> StandardRecord:
    """A record of ``designation`` keeping what the catalogue holds, with ``values`` on top."""
    old = existing.get(designation.canonical, {})
    base: dict[str, Any] = {
        "title_zh": old.get("title_zh", ""),
        "title_en": old.get("title_en", ""),
        "title_fr": old.get("title_fr", ""),
        "published_on": old.get("published_on"),
        "implemented_on": old.get("implemented_on"),
        "withdrawn_on": old.get("withdrawn_on"),
        "ics_codes": list(old.get("ics_codes") or []),
        "ccs_codes": list(old.get("ccs_codes") or []),
        "committee": old.get("committee", ""),
        "adoptions": list(old.get("adoptions") or []),
        "is_example": bool(old.get("is_example", False)),
    }
    base.update({key: value for key, value in values.items() if value not in (None, "")})
    return StandardRecord(
        designation=designation, status=status, source=Standard.Source.CN_ANNOUNCEMENT, **base
    )


def _approval(
    row: dict[str, Any],
    line: int,
    today: datetime.date,
    announced_on: datetime.date | None,
    reference: str,
    existing: dict[str, dict[str, Any]],
) -> StandardRecord:
    designation = _chinese_edition(row.get("designation"), "designation")
    implemented = flexible_date(row.get("implemented_on"), "implemented_on")
    published = flexible_date(row.get("published_on"), "published_on") or announced_on
    if implemented is None and published is None:
        raise RowInvalid(
            "implemented_on",
            "missing_date",
            "缺少实施日期(也没有填写公告日期)。",
            "The implementation date is missing (and no announcement date was given).",
        )
    effective = implemented or published
    assert effective is not None
    if published is not None and implemented is not None and implemented < published:
        raise RowInvalid(
            "implemented_on",
            "bad_dates",
            f"实施日期 {implemented} 早于发布日期 {published}。",
            f"The implementation date {implemented} is before the publication date {published}.",
        )
    replaces = _replaced(row.get("replaces"))
    if designation.canonical in replaces:
        raise RowInvalid(
            "replaces",
            "replaces_itself",
            "代替标准号与标准编号相同。",
            "The standard is said to replace itself.",
        )
    title = text_value(row.get("title"))
    if not title and designation.canonical not in existing:
        raise RowInvalid(
            "title", "required", "新标准的标准名称必填。", "A new standard needs its title."
        )
    record = _merged(
        designation,
        existing,
        Standard.Status.UPCOMING if effective > today else Standard.Status.CURRENT,
        title_zh=title[:500],
        published_on=published,
        implemented_on=effective,
        source_ref=(reference or text_value(row.get("filing_no")))[:300],
    )
    record.withdrawn_on = None
    record.source_status = "批准发布"
    record.replaces = replaces
    record.line = line
    return record


def _withdrawal(
    row: dict[str, Any],
    line: int,
    today: datetime.date,
    announced_on: datetime.date | None,
    reference: str,
    existing: dict[str, dict[str, Any]],
) -> StandardRecord:
    designation = _chinese_edition(row.get("designation"), "designation")
    withdrawn = flexible_date(row.get("withdrawn_on"), "withdrawn_on") or announced_on
    if withdrawn is None:
        raise RowInvalid(
            "withdrawn_on",
            "missing_date",
            "缺少废止日期:请在表中填写“废止日期”列,或在导入时填写公告规定的废止日期。",
            "The withdrawal date is missing: add a 废止日期 column or give the announcement's "
            "withdrawal date when importing.",
        )
    title = text_value(row.get("title"))
    old = existing.get(designation.canonical)
    if withdrawn <= today:
        status = Standard.Status.WITHDRAWN
    elif old is not None:
        status = old["status"]  # withdrawn later, by the daily catalogue task
    else:
        status = Standard.Status.CURRENT
    record = _merged(
        designation,
        existing,
        status,
        title_zh=title[:500] if not (old and old.get("title_zh")) else "",
        withdrawn_on=withdrawn,
        source_ref=reference[:300],
    )
    record.source_status = "废止"
    record.line = line
    return record


def _amendment(
    row: dict[str, Any],
    line: int,
    announced_on: datetime.date | None,
    existing: dict[str, dict[str, Any]],
) -> Amendment:
    designation = designation_value(row.get("designation"), "designation")
    if designation.canonical not in existing:
        raise RowInvalid(
            "designation",
            "unknown_standard",
            f"目录中没有“{designation.canonical}”,修改单无法登记;请先导入该标准。",
            f"{designation.canonical!r} is not in the catalogue, so its amendment cannot be "
            "recorded; import the standard first.",
        )
    implemented = flexible_date(row.get("implemented_on"), "implemented_on") or announced_on
    return Amendment(
        canonical=designation.canonical,
        text=text_value(row.get("amendment"))[:200],
        implemented_on=implemented,
        line=line,
    )
