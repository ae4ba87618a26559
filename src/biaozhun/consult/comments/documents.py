"""The merged submission in the form the national WTO/TBT enquiry point takes: Word with
python-docx, PDF with WeasyPrint and the Noto CJK fonts; Chinese, with the technical points in
English."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from ..models import Comment, Submission
from ..station import deadlines_for


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
    # imported here: WeasyPrint loads Pango and Cairo, which only an export needs
    from weasyprint import HTML

    html = render_to_string("consult/submission_pdf.html", submission_context(submission))
    return bytes(HTML(string=html).write_pdf())
