"""The programme report for a leadership-group meeting, as Excel (openpyxl) and PDF (WeasyPrint).
Both hold the same computed figures as the dashboard, in Chinese with English alongside."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from biaozhun.accounts.models import District, User
from biaozhun.common.spreadsheet import text_row
from biaozhun.enterprises.models import Enterprise

from .importers import template_headers
from .models import Programme
from .progress import district_limit, programme_progress
from .selectors import late_tasks

STATUS = {
    "achieved": "已完成 achieved",
    "on_track": "按进度 on track",
    "behind": "滞后 behind",
    "missed": "未完成 not achieved",
    "contribution": "贡献 contribution",
}


def _districts(programme: Programme, user: User | None) -> list[District]:
    qs = District.objects.filter(region=programme.region).valid_between(
        programme.start, programme.end
    )
    limit = district_limit(user)
    if limit is not None:
        qs = qs.filter(pk=limit)
    return list(qs)


def programme_xlsx(
    programme: Programme, *, as_of: date | None = None, user: User | None = None
) -> bytes:
    from openpyxl import Workbook  # loaded on first use, like weasyprint
    from openpyxl.styles import Font, PatternFill

    as_of = as_of or timezone.localdate()
    progress = programme_progress(programme, as_of=as_of, user=user)
    districts = _districts(programme, user)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "目标 Targets"
    sheet.append([programme.name_zh, programme.name_en])
    sheet.append(
        [
            "截至 As of",
            as_of.isoformat(),
            "时间进度 Time elapsed",
            f"{progress[0].elapsed:.0%}" if progress else "",
        ]
    )
    header = [
        "代码 Key",
        "领域 Area",
        "目标 Target",
        "目标值 Goal",
        "单位 Unit",
        "当前值 Value",
        "完成率 % of goal",
        "状态 Status",
        *[f"{year}" for year in programme.years],
    ]
    sheet.append(header)
    bold = Font(bold=True)
    for cell in sheet[3]:
        cell.font = bold
    red = PatternFill("solid", fgColor="F8D7DA")
    for p in progress:
        t = p.target
        sheet.append(
            [
                t.key,
                t.get_area_display(),
                f"{t.name_zh} / {t.name_en}",
                p.goal_text,
                f"{t.unit_zh} {t.unit_en}" if t.unit_zh != t.unit_en else t.unit_zh,
                float(p.value),
                round(p.ratio, 4),
                STATUS[p.status],
                *[float(p.per_year[y]) if y in p.per_year else None for y in programme.years],
            ]
        )
        row = sheet.max_row
        sheet.cell(row=row, column=7).number_format = "0%"
        if p.status in {"behind", "missed"}:
            sheet.cell(row=row, column=8).fill = red
    sheet.column_dimensions["C"].width = 60
    by_district = book.create_sheet("地区 Districts")
    by_district.append(
        ["代码 Key", "目标 Target", *[f"{d.name_zh} {d.name_en}" for d in districts]]
    )
    for cell in by_district[1]:
        cell.font = bold
    for p in progress:
        by_district.append(
            [
                p.target.key,
                p.target.name_zh,
                *[float(p.per_district.get(d.code, 0)) for d in districts],
            ]
        )
    tasks = book.create_sheet("逾期任务 Late tasks")
    tasks.append(["任务 Task", "责任单位 Responsible", "截止日期 Deadline"])
    for cell in tasks[1]:
        cell.font = bold
    for task in late_tasks(user, as_of) if user is not None else []:
        tasks.append(text_row(tasks, [task.title, task.responsible, task.deadline.isoformat()]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def programme_pdf(
    programme: Programme, *, as_of: date | None = None, user: User | None = None
) -> bytes:
    return bytes(programme_pdf_document(programme, as_of=as_of, user=user).write_pdf())


def programme_pdf_document(
    programme: Programme, *, as_of: date | None = None, user: User | None = None
) -> Any:
    """The laid-out WeasyPrint document (pages and boxes) of the PDF report."""
    from weasyprint import HTML  # loaded on first use: a slow import no page needs

    return HTML(string=programme_pdf_html(programme, as_of=as_of, user=user)).render()


def programme_pdf_html(
    programme: Programme, *, as_of: date | None = None, user: User | None = None
) -> str:
    """The HTML the PDF report is laid out from (tables and an SVG chart)."""

    as_of = as_of or timezone.localdate()
    progress = programme_progress(programme, as_of=as_of, user=user)
    districts = _districts(programme, user)
    elapsed = round(progress[0].elapsed * 100) if progress else 0
    rows = [
        {
            "p": p,
            "bar": round(min(p.percent, 120) * 3),  # 3 px per percent, up to 120 %
            "y": 6 + index * 18,
            "status": STATUS[p.status],
            "years": [p.per_year.get(y) for y in programme.years],
            "districts": [p.per_district.get(d.code, 0) for d in districts],
        }
        for index, p in enumerate(progress)
    ]
    return render_to_string(
        "programme/report_pdf.html",
        {
            "programme": programme,
            "as_of": as_of,
            "rows": rows,
            "years": programme.years,
            "districts": districts,
            "elapsed": elapsed,
            "elapsed_x": 240 + elapsed * 3,
            "chart_height": 12 + len(rows) * 18,
            "late_tasks": list(late_tasks(user, as_of)) if user is not None else [],
        },
    )


def _cell(record: Any, name: str) -> Any:
    """A value as the importer reads it back: enterprises by credit code, districts by name,
    choices by their Chinese label, many-to-many joined with 、."""
    model_field = record._meta.get_field(name)
    value = getattr(record, name)
    if isinstance(model_field, models.ManyToManyField):
        return "、".join(
            obj.credit_code
            if isinstance(obj, Enterprise)
            else str(getattr(obj, "designation", obj))
            for obj in value.all()
        )
    if value is None:
        return None
    if isinstance(value, Enterprise):
        return value.credit_code
    if isinstance(value, District):
        return value.name_zh
    if isinstance(value, models.Model):
        return str(getattr(value, "name_zh", value))
    if getattr(model_field, "choices", None) and value != "":
        return str(getattr(record, f"get_{name}_display")()).split(" ")[0]
    if hasattr(value, "is_integer") or isinstance(value, int | date):
        return value
    if value.__class__.__name__ == "Decimal":
        return float(value)
    return str(value)


def registry_xlsx(registry: Any, records: Any, *, template_only: bool = False) -> bytes:
    """The registry's records as an Excel sheet whose header is the import template's, so an
    export can be corrected and imported again (``template_only``: the header alone)."""
    # openpyxl loads only when a workbook is made (it is slow to import)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = registry.title_zh[:31]
    sheet.append(template_headers(registry))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if not template_only:
        for record in records:
            sheet.append(text_row(sheet, [_cell(record, name) for name in registry.fields]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
