"""Documents of incentives: the decision letter (PDF, WeasyPrint with the Noto CJK fonts), which
prints the rules' explanation of the decision, and the Excel report of commitments and payments
by year, district and kind, with the budgets."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from biaozhun.common.errors import DomainError
from biaozhun.common.spreadsheet import text_row

from .models import KIND_LABELS, Application

LETTER_STATES = (Application.State.APPROVED, Application.State.REJECTED, Application.State.PAID)


def letter_context(application: Application) -> dict[str, Any]:
    decision = application.decision
    return {
        "app": application,
        "decision": decision,
        "kind_zh": KIND_LABELS[application.kind][0],
        "kind_en": KIND_LABELS[application.kind][1],
        "explanation_zh": decision.get("explanation_zh", "").splitlines(),
        "explanation_en": decision.get("explanation_en", "").splitlines(),
        "printed_on": timezone.localdate(),
        "granted": application.state != Application.State.REJECTED,
    }


def letter_html(application: Application) -> str:
    if application.state not in LETTER_STATES:
        raise DomainError(
            "no_decision_yet",
            "申请尚未作出决定,不能生成决定书。",
            "No decision has been taken on this application yet, so there is no letter.",
        )
    return render_to_string("incentives/letter.html", letter_context(application))


def letter_pdf(application: Application) -> bytes:
    """The decision letter as PDF bytes."""
    from weasyprint import HTML  # loaded on first use: a slow import no page needs

    pdf: bytes = HTML(string=letter_html(application)).write_pdf()
    return pdf


def report_xlsx(rows: list[dict[str, Any]], budgets: list[dict[str, Any]]) -> bytes:
    """Commitments and payments by year, district and kind; budgets against them."""
    from openpyxl import Workbook  # loaded on first use, like weasyprint
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "承诺与支付 commitments"
    header = [
        "年度 year",
        "地区代码 district code",
        "地区 district",
        "类别 kind",
        "申请数 applications",
        "承诺金额(元) committed (yuan)",
        "已支付(元) paid (yuan)",
        "未支付(元) unpaid (yuan)",
    ]
    sheet.append(header)
    for row in rows:
        zh, en = KIND_LABELS[row["kind"]]
        sheet.append(
            text_row(
                sheet,
                [
                    row["year"],
                    row["district_code"],
                    f"{row['district_zh']} {row['district_en']}",
                    f"{zh} {en}",
                    row["count"],
                    row["committed"],
                    row["paid"],
                    row["committed"] - row["paid"],
                ],
            )
        )
    sheet.append(
        [
            "合计 total",
            None,
            None,
            None,
            sum(r["count"] for r in rows),
            sum(r["committed"] for r in rows),
            sum(r["paid"] for r in rows),
            sum(r["committed"] - r["paid"] for r in rows),
        ]
    )
    budget_sheet = book.create_sheet("预算 budgets")
    budget_sheet.append(
        [
            "年度 year",
            "支付方代码 payer code",
            "支付方 payer",
            "预算(元) budget (yuan)",
            "承诺(元) committed (yuan)",
            "已支付(元) paid (yuan)",
            "可用(元) available (yuan)",
        ]
    )
    for b in budgets:
        budget_sheet.append(
            text_row(
                budget_sheet,
                [
                    b["year"],
                    b["payer_code"],
                    f"{b['payer_zh']} {b['payer_en']}",
                    b["amount"],
                    b["committed"],
                    b["paid"],
                    b["available"],
                ],
            )
        )
    for ws in (sheet, budget_sheet):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for column in ws.columns:
            letter = column[0].column_letter
            ws.column_dimensions[letter].width = 22
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
