"""The decision letter (PDF) prints the rules' explanation; the Excel report's numbers add up."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from biaozhun.incentives import documents, review
from biaozhun.incentives.budgets import set_budget
from biaozhun.incentives.models import Application
from biaozhun.incentives.payments import record_payment

from .conftest import committee_facts, drafting_facts

pytestmark = pytest.mark.django_db


def _approve(app, reviewer, amount=None):
    review.transition(app.created_by, app, "submit")
    review.transition(reviewer, app, "accept")
    if not app.payer_code.startswith("county:"):
        review.transition(reviewer, app, "forward")
    return review.transition(reviewer, app, "approve", note="同意", amount=amount)


def _layout_text(html: str) -> str:
    """The text WeasyPrint lays out on the pages (what the PDF prints)."""
    from weasyprint import HTML

    document = HTML(string=html).render()
    parts: list[str] = []

    def walk(box):
        if type(box).__name__ == "MarginBox":  # the page numbers
            return
        text = getattr(box, "text", None)
        if text:
            parts.append(text)
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return "".join(parts)


def _squash(text: str) -> str:
    return "".join(text.split())


def test_letter_prints_the_explanation(urban, apply, bureau_user):
    app = _approve(apply(urban), bureau_user)
    html = documents.letter_html(app)
    laid_out = _squash(_layout_text(html))
    for line in (
        app.decision["explanation_zh"].splitlines() + app.decision["explanation_en"].splitlines()
    ):
        assert _squash(line) in laid_out, line
    assert "200,000" in laid_out and app.reference in laid_out
    pdf = documents.letter_pdf(app)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000


def test_rejected_letter_and_page_download(client, urban, apply, bureau_user):
    app = apply(urban, facts=drafting_facts(level="group"))
    review.transition(app.created_by, app, "submit")
    review.transition(bureau_user, app, "accept")
    review.transition(bureau_user, app, "reject", note="团体标准不予资助")
    app = Application.objects.get(pk=app.pk)
    text = _squash(_layout_text(documents.letter_html(app)))
    assert "不予批准" in text and "standard.level" in text and "团体标准不予资助" in text
    client.force_login(bureau_user)
    response = client.get(f"/incentives/{app.pk}/letter.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_no_letter_before_a_decision(client, urban, apply):
    app = apply(urban)
    client.force_login(app.created_by)
    response = client.get(f"/incentives/{app.pk}/letter.pdf")
    assert response.status_code == 302


def test_excel_report_numbers(
    client, urban, county, make_enterprise, apply, bureau_user, district_officer
):
    a = _approve(apply(urban), bureau_user)  # 邗江区 drafting 200,000
    c = apply(urban, "technical_committee", committee_facts(), application_date=dt.date(2014, 9, 1))
    c = _approve(c, bureau_user, amount=250000)  # 邗江区 committee 250,000
    b = apply(county, facts=drafting_facts("DB32/T 5-2014", level="provincial_local"))
    baoying = district_officer("宝应县")
    b = _approve(b, baoying)  # 宝应县 example policy: 30,000
    record_payment(bureau_user, a, paid_on=dt.date(2014, 6, 1), voucher_number="V1", amount=120000)
    record_payment(baoying, b, paid_on=dt.date(2014, 6, 2), voucher_number="B1", amount=30000)
    set_budget(bureau_user, year=2014, payer_code="city:321000", amount=1_000_000)
    apply(make_enterprise("草稿企业", "广陵区"))  # a draft: not a commitment

    client.force_login(bureau_user)
    response = client.get("/incentives/report.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    body = {(r[0], r[1], r[3].split()[0]): r[4:] for r in rows[:-1]}
    assert body[(2014, "321003", "标准研制资助")] == (1, 200000, 120000, 80000)
    assert body[(2014, "321003", "标准化技术委员会奖励")] == (1, 250000, 0, 250000)
    assert body[(2014, "321023", "标准研制资助")] == (1, 30000, 30000, 0)
    assert rows[-1][0] == "合计 total" and rows[-1][4:] == (3, 480000, 150000, 330000)
    budgets = {r[1]: r for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert budgets["city:321000"][3:] == (1_000_000, 450000, 120000, 550000)
    assert budgets["county:321023"][3] is None and budgets["county:321023"][4] == 30000

    client.force_login(baoying)
    book = load_workbook(io.BytesIO(client.get("/incentives/report.xlsx").content))
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows[:-1]] == ["321023"]
    assert [r[1] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)] == [
        "county:321023"
    ]


def test_letter_explains_an_amount_set_within_the_cap(urban, apply, bureau_user):
    app = apply(
        urban, "technical_committee", committee_facts(), application_date=dt.date(2014, 9, 1)
    )
    app = _approve(app, bureau_user, amount=250000)
    text = _squash(_layout_text(documents.letter_html(app)))
    assert "核定奖励250,000元" in text and "评审在上限内核定为250,000元" in text
    assert "amount.cap_tier" in text and "300,000" in text


def test_excel_report_writes_formula_like_names_as_text():
    formula = '=HYPERLINK("http://example.invalid","点击")'
    row = {
        "year": 2014,
        "district_code": "321002",
        "district_zh": formula,
        "district_en": "",
        "kind": "standard_drafting",
        "count": 1,
        "committed": 100,
        "paid": 0,
    }
    budget = {
        "year": 2014,
        "payer_code": "city:321000",
        "payer_zh": formula,
        "payer_en": "",
        "amount": 1000,
        "committed": 100,
        "paid": 0,
        "available": 900,
    }
    book = load_workbook(io.BytesIO(documents.report_xlsx([row], [budget])))
    for sheet, column in ((book.worksheets[0], "C"), (book.worksheets[1], "C")):
        cell = sheet[f"{column}2"]
        assert cell.data_type == "s" and cell.value.startswith(formula)
