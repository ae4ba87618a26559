"""Documents of the station: the merged submission in the form the national WTO/TBT enquiry
point takes (Word with python-docx, PDF with WeasyPrint and the Noto CJK fonts; Chinese, with
the technical points in English), and the briefing as PDF with its charts drawn as SVG here
(ECharts cannot run on the server)."""

from __future__ import annotations

import io
from decimal import Decimal
from html import escape
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from .models import Comment, Submission
from .services import deadlines_for


def submission_context(submission: Submission) -> dict[str, Any]:
    n = submission.notification
    comments = list(
        submission.comments.select_related("enterprise").order_by("enterprise__name_zh", "pk")
    )
    total = sum((c.export_value_usd or Decimal(0) for c in comments), Decimal(0))
    return {
        "submission": submission,
        "n": n,
        "deadlines": deadlines_for(n),
        "comments": comments,
        "total_value": total,
        "printed_on": timezone.localdate(),
        "sources": [c.source_label for c in comments],
    }


def _source_line(c: Comment) -> str:
    parts = [c.source_label]
    if c.enterprise_id and c.enterprise and c.enterprise.name_en:
        parts.append(c.enterprise.name_en)
    return " / ".join(parts)


def submission_docx(submission: Submission) -> bytes:
    """The merged submission as a .docx (评议意见表)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    ctx = submission_context(submission)
    n = ctx["n"]
    d = ctx["deadlines"]
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(11)
    rpr = style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Serif CJK SC")

    title = doc.add_heading(f"关于 {n.symbol} 通报的评议意见", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(f"Comments on notification {n.symbol}")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_heading("一、通报信息 Notification", level=1)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [
        ("通报号 Symbol", n.symbol),
        ("通报成员 Member", f"{n.member_code} {n.member_name_zh} {n.member_name_en}".strip()),
        ("标题 Title", n.title),
        ("中文标题 Chinese title", n.title_zh or "—"),
        ("分发日期 Distributed", f"{n.distributed_on:%Y-%m-%d}"),
        ("评议截止 Final date for comments", f"{d.wto:%Y-%m-%d}" if d.wto else "—"),
        ("内部截止 Internal deadline", f"{d.internal:%Y-%m-%d}" if d.internal else "—"),
        ("意见来源 Sources", f"{len(ctx['comments'])}"),
        ("涉及出口额 Export value at stake", f"{ctx['total_value']} 万美元 (10k USD)"),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = str(value)

    doc.add_heading("二、综合意见 Summary", level=1)
    doc.add_paragraph(submission.summary_zh or "(见各来源意见 see the sources below)")

    doc.add_heading("三、各来源意见 Comments by source", level=1)
    for i, c in enumerate(ctx["comments"], 1):
        doc.add_heading(f"{i}. {_source_line(c)}", level=2)
        for label, value in (
            ("关注问题", c.concern),
            ("涉及条款", c.clauses),
            ("修改建议", c.proposed_change),
            ("贸易影响", c.trade_impact),
            (
                "涉及出口额(万美元)",
                str(c.export_value_usd) if c.export_value_usd is not None else "",
            ),
        ):
            if value:
                p = doc.add_paragraph()
                p.add_run(f"{label}:").bold = True
                p.add_run(value)
        names = [e.name for e in c.evidence.all()]
        if names:
            p = doc.add_paragraph()
            p.add_run("证明材料:").bold = True
            p.add_run("、".join(names))

    doc.add_heading("四、技术要点(英文) Technical points (English)", level=1)
    if submission.summary_en:
        doc.add_paragraph(submission.summary_en)
    for i, c in enumerate(ctx["comments"], 1):
        if c.technical_points_en:
            p = doc.add_paragraph()
            p.add_run(f"{i}. {_source_line(c)}: ").bold = True
            p.add_run(c.technical_points_en)
    doc.add_paragraph(f"扬州市 WTO/TBT 评议台 · {ctx['printed_on']:%Y-%m-%d}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def submission_pdf(submission: Submission) -> bytes:
    from weasyprint import HTML

    html = render_to_string("consult/submission_pdf.html", submission_context(submission))
    return bytes(HTML(string=html).write_pdf())


# ----------------------------------------------------------------------------- SVG charts

FONT = "Noto Sans CJK SC, sans-serif"
COLOURS = ("#206bc4", "#f59f00", "#2fb344", "#d63939", "#ae3ec9")


def line_chart_svg(
    labels: list[str], series: list[tuple[str, list[int]]], width: int = 640, height: int = 240
) -> str:
    left, right, top, bottom = 40, 12, 24, 40
    w, h = width - left - right, height - top - bottom
    peak = max([1, *(v for _, values in series for v in values)])
    step = w / max(1, len(labels) - 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="10">',
        f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + h}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{peak}</text>',
        f'<text x="{left - 4}" y="{top + h}" text-anchor="end">0</text>',
    ]
    for i, label in enumerate(labels):
        x = left + i * step
        parts.append(
            f'<text x="{x:.1f}" y="{top + h + 14}" text-anchor="middle">{escape(label[2:])}</text>'
        )
    for k, (name, values) in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        points = " ".join(
            f"{left + i * step:.1f},{top + h - v / peak * h:.1f}" for i, v in enumerate(values)
        )
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        for i, v in enumerate(values):
            parts.append(
                f'<circle cx="{left + i * step:.1f}" cy="{top + h - v / peak * h:.1f}" r="2.5" '
                f'fill="{colour}"/>'
            )
        parts.append(
            f'<rect x="{left + k * 150}" y="{height - 14}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + k * 150 + 14}" y="{height - 5}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart_svg(labels: list[str], values: list[int], width: int = 640, height: int = 240) -> str:
    left, right, top, bottom = 40, 12, 16, 44
    w, h = width - left - right, height - top - bottom
    peak = max([1, *values])
    slot = w / max(1, len(values))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="10">',
        f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" stroke="#999"/>',
    ]
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        bh = v / peak * h
        x = left + i * slot + slot * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{top + h - bh:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{bh:.1f}" fill="{COLOURS[0]}"/>'
            f'<text x="{x + slot * 0.35:.1f}" y="{top + h - bh - 3:.1f}" '
            f'text-anchor="middle">{v}</text>'
            f'<text x="{x + slot * 0.35:.1f}" y="{top + h + 14}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heatmap_svg(
    xlabels: list[str],
    ylabels: list[str],
    values: list[list[int]],
    width: int = 640,
) -> str:
    left, top, cell_h = 110, 20, 22
    n_x = max(1, len(xlabels))
    cell_w = (width - left - 10) / n_x
    height = top + cell_h * max(1, len(ylabels)) + 10
    peak = max([1, *(v for _, _, v in values)])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="10">'
    ]
    for x, label in enumerate(xlabels):
        parts.append(
            f'<text x="{left + x * cell_w + cell_w / 2:.1f}" y="{top - 6}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    for y, label in enumerate(ylabels):
        parts.append(
            f'<text x="{left - 6}" y="{top + y * cell_h + 15}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
    for x, y, v in values:
        alpha = 0.08 + 0.92 * v / peak if v else 0.03
        parts.append(
            f'<rect x="{left + x * cell_w:.1f}" y="{top + y * cell_h}" width="{cell_w - 1:.1f}" '
            f'height="{cell_h - 1}" fill="#206bc4" fill-opacity="{alpha:.2f}"/>'
        )
        if v:
            parts.append(
                f'<text x="{left + x * cell_w + cell_w / 2:.1f}" y="{top + y * cell_h + 15}" '
                f'text-anchor="middle">{v}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def briefing_charts(data: dict[str, Any]) -> dict[str, str]:
    trend = data["trend"]
    heat = data["heatmap"]
    return {
        "trend": line_chart_svg(
            trend["labels"],
            [
                ("本期 this year", trend["counts"]),
                ("上年同期 a year before", trend["previous_year"]),
            ],
        ),
        "members": bar_chart_svg(
            [m["code"] for m in data["members"]], [m["count"] for m in data["members"]]
        ),
        "heatmap": heatmap_svg(heat["markets"], heat["industry_labels"], heat["values"]),
    }


def _data_uri(svg: str) -> str:
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def briefing_pdf(data: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    charts = {k: _data_uri(v) for k, v in briefing_charts(data).items()}
    html = render_to_string(
        "consult/briefing_pdf.html",
        {"b": data, "charts": charts, "printed_on": timezone.localdate()},
    )
    return bytes(HTML(string=html).write_pdf())
