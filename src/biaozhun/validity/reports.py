"""The 查新 report as an Excel workbook (openpyxl, write-only) and a PDF (WeasyPrint).

Both are stamped with the catalogue's date (the latest finished catalogue import) and give, for
each line, the source of the status (the catalogue record's source: ISO/IEC relaton, the
national platform, a template import, manual entry).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from biaozhun.catalogue import freshness
from biaozhun.common.spreadsheet import text_row
from biaozhun.core.validity import OUTCOME_LABELS, OUTCOMES

PDF_MAX_ROWS = 1000
# when a list is longer than the PDF takes, the lines needing action come first
ACTION_ORDER = {
    "withdrawn": 0,
    "replaced": 1,
    "invalid": 2,
    "ambiguous": 3,
    "not_found": 4,
    "upcoming": 5,
    "current": 6,
}

FILLS = {
    "current": "D3F9D8",
    "upcoming": "D0EBFF",
    "replaced": "FFEC99",
    "withdrawn": "FFC9C9",
    "not_found": "E9ECEF",
    "ambiguous": "FFD8A8",
    "invalid": "F3D9FA",
}

HEADERS = [
    ("行号", "Line"),
    ("输入", "Input"),
    ("标准号", "Designation"),
    ("结论", "Outcome"),
    ("目录版本", "Catalogue edition"),
    ("标准名称", "Title"),
    ("目录状态", "Status"),
    ("现行版本/最新版本", "Today's edition"),
    ("代替链", "Chain"),
    ("实施/废止日期", "In force / withdrawn"),
    ("说明", "Note"),
    ("候选/相近标准号", "Candidates / suggestions"),
    ("状态来源", "Source of the status"),
]


@dataclass(frozen=True)
class ReportMeta:
    source_name: str
    catalogue_date: datetime.date | None
    created_at: datetime.datetime | None
    counts: dict[str, int]
    check_id: int | None = None

    @property
    def catalogue_date_text(self) -> str:
        if self.catalogue_date is None:
            return "未记录 / not recorded (no finished catalogue import)"
        return self.catalogue_date.isoformat()


def _chain(row: dict[str, Any]) -> str:
    if not row.get("chain"):
        return ""
    first = (row.get("edition") or {}).get("canonical", "")
    return " → ".join([first, *(e["canonical"] for e in row["chain"])])


def _dates(edition: dict[str, Any] | None) -> str:
    if not edition:
        return ""
    parts = []
    if edition.get("implemented_on"):
        parts.append(f"实施 {edition['implemented_on']}")
    if edition.get("withdrawn_on"):
        parts.append(f"废止 {edition['withdrawn_on']}")
    return "; ".join(parts)


def _others(row: dict[str, Any]) -> str:
    if row.get("candidates"):
        return "; ".join(
            f"{c['designation']} ({c['status_zh']} {c['status_en']})" for c in row["candidates"]
        )
    return "; ".join(row.get("suggestions") or [])


def source_text(source: str, as_of: dict[str, datetime.date | None]) -> str:
    """The record source of a result as the report names it, with its date:
    "全国标准信息公共服务平台 National standards information platform(截至 as of 2026-11-30)"."""
    if source not in freshness.NAMES:
        return source
    zh, en = freshness.NAMES[source]
    day = as_of.get(source)
    return f"{zh} {en}" + (f"(截至 as of {day.isoformat()})" if day else "")


def row_cells(
    row: dict[str, Any], as_of: dict[str, datetime.date | None] | None = None
) -> list[Any]:
    """One result dict as the report's columns (``as_of``: each source's catalogue date, from
    :func:`biaozhun.catalogue.freshness.as_of_by_source`, read once per report)."""
    edition = row.get("edition") or {}
    latest = row.get("latest") or {}
    title = edition.get("title_zh") or edition.get("title_en") or ""
    status = f"{edition['status_zh']} {edition['status_en']}" if edition else ""
    latest_text = ""
    if row.get("chain") or row.get("undated"):
        latest_text = f"{latest.get('canonical', '')} ({latest.get('status_zh', '')})"
    return [
        row["line"],
        row["input"],
        row.get("designation") or "",
        f"{row['outcome_zh']} {row['outcome_en']}",
        edition.get("canonical", ""),
        title,
        status,
        latest_text if latest else "",
        _chain(row),
        _dates(latest or edition),
        f"{row['message_zh']}\n{row['message_en']}",
        _others(row),
        source_text(row["source"], as_of or {}) if row.get("source") else "",
    ]


def xlsx_report(rows: Sequence[dict[str, Any]], meta: ReportMeta) -> bytes:
    """The report as an .xlsx file (write-only mode: 10,000 lines in well under a second)."""
    as_of = freshness.as_of_by_source()
    from openpyxl import Workbook  # loaded on first use, like weasyprint
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("查新结果 Results")
    for index, width in enumerate([7, 28, 24, 16, 24, 36, 14, 26, 40, 22, 70, 36, 22]):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    title = WriteOnlyCell(sheet, "标准查新报告 Validity check report")
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append([f"目录日期 Catalogue date: {meta.catalogue_date_text}"])
    created = (
        timezone.localtime(meta.created_at).strftime("%Y-%m-%d %H:%M") if meta.created_at else ""
    )
    number = f"#{meta.check_id} · " if meta.check_id else ""
    sheet.append(
        text_row(
            sheet, [f"{number}来源 Source: {meta.source_name} · 生成时间 Generated: {created}"]
        )
    )
    sheet.append(
        [
            " · ".join(
                f"{OUTCOME_LABELS[o][0]} {OUTCOME_LABELS[o][1]}: {meta.counts.get(o, 0)}"
                for o in OUTCOMES
            )
        ]
    )
    sheet.append([])
    header = []
    for zh, en in HEADERS:
        cell = WriteOnlyCell(sheet, f"{zh} {en}" if zh != en else zh)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    # one styled prototype cell per outcome; each row's outcome cell copies its style array
    # (assigning ``fill`` per cell re-hashes the fill each time: a third of the writing time)
    prototypes = {}
    for key, colour in FILLS.items():
        prototype = WriteOnlyCell(sheet, "")
        prototype.fill = PatternFill("solid", fgColor=colour)
        prototypes[key] = prototype._style
    for row in rows:
        # empty cells as None: openpyxl writes nothing for them
        cells: list[Any] = [value if value != "" else None for value in row_cells(row, as_of)]
        outcome = WriteOnlyCell(sheet, cells[3])
        outcome._style = copy(prototypes[row["outcome"]])
        cells[3] = outcome
        sheet.append(text_row(sheet, cells))
    notes = workbook.create_sheet("说明 Notes")
    notes.append(["结论 Outcome", "含义", "Meaning"])
    for outcome, zh, en in EXPLANATIONS:
        notes.append([f"{OUTCOME_LABELS[outcome][0]} {OUTCOME_LABELS[outcome][1]}", zh, en])
    notes.append([])
    notes.append(
        [
            "状态来源 Source",
            "每行的状态取自目录记录的来源(ISO/IEC relaton 数据、全国标准信息公共服务平台、模板导入、手工录入)。",
            "Each status comes from the catalogue record's source (ISO/IEC relaton data, the "
            "national standards platform, a template import, manual entry).",
        ]
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


EXPLANATIONS = [
    (
        "current",
        "现行有效;不注日期的引用指向现行版本。",
        "In force; an undated reference means today's edition.",
    ),
    ("upcoming", "已发布,尚未实施。", "Published, not yet in force."),
    (
        "replaced",
        "已被代替,列出直到现行版本的代替链。",
        "Replaced; the chain to today's edition is given.",
    ),
    ("withdrawn", "已废止(有或无替代标准)。", "Withdrawn (with or without a successor)."),
    (
        "not_found",
        "标准号可读,但目录未收录;给出相近标准号。",
        "Readable, not in the catalogue; nearest designations given.",
    ),
    ("ambiguous", "有多种理解,列出候选,请确认。", "Can be read several ways; candidates listed."),
    ("invalid", "不是有效的标准号,说明原因。", "Not a valid designation; the reason is given."),
]


def pdf_report(rows: Sequence[dict[str, Any]], meta: ReportMeta) -> bytes:
    """The report as a PDF (A4 landscape, Noto CJK). WeasyPrint lays out about 100 table rows
    a second here, so a list longer than :data:`PDF_MAX_ROWS` lines is cut: the lines needing
    action (withdrawn, replaced, invalid, ambiguous, not found, upcoming) come first, which the
    PDF says; the Excel file has every line."""
    as_of = freshness.as_of_by_source()
    from weasyprint import HTML  # loaded on first use: a slow import no page needs

    if len(rows) > PDF_MAX_ROWS:
        ordered = sorted(rows, key=lambda row: (ACTION_ORDER.get(row["outcome"], 9), row["line"]))
        shown = ordered[:PDF_MAX_ROWS]
    else:
        shown = list(rows)
    html = render_to_string(
        "validity/report_pdf.html",
        {
            "meta": meta,
            "rows": [(row, row_cells(row, as_of), FILLS[row["outcome"]]) for row in shown],
            "total": len(rows),
            "cut": len(rows) > len(shown),
            "max_rows": PDF_MAX_ROWS,
            "counts": [
                (OUTCOME_LABELS[o][0], OUTCOME_LABELS[o][1], meta.counts.get(o, 0), FILLS[o])
                for o in OUTCOMES
            ],
            "fills": FILLS,
            "explanations": [
                (OUTCOME_LABELS[o][0], OUTCOME_LABELS[o][1], zh, en) for o, zh, en in EXPLANATIONS
            ],
            "generated": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        },
    )
    return bytes(HTML(string=html).write_pdf())
