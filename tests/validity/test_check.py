"""标准查新 through the service, the reading of uploads, the pages, the files, the API and the
command, on the fixture catalogue."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from biaozhun.common.errors import DomainError
from biaozhun.core.validity import OUTCOMES
from biaozhun.validity.models import ValidityCheck
from biaozhun.validity.reading import MAX_LINES, lines_from_text, lines_from_upload
from biaozhun.validity.services import check_designations, run_check

from .conftest import CATALOGUE_DATE, FIXTURE_LINES

pytestmark = pytest.mark.django_db


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_fixture_list_covers_every_outcome(catalogue):
    run = check_designations(list(enumerate(FIXTURE_LINES, 1)))
    by_line = {r.line: r for r in run.results}
    outcomes = [by_line[n].outcome for n in range(1, 13)]
    assert outcomes == [
        "current",
        "replaced",
        "upcoming",
        "withdrawn",
        "withdrawn",
        "not_found",
        "ambiguous",
        "ambiguous",
        "invalid",
        "current",
        "current",
        "replaced",
    ]
    assert all(run.counts[o] >= 1 for o in OUTCOMES)
    assert run.catalogue_date == CATALOGUE_DATE
    assert [e.canonical for e in by_line[12].chain] == ["GB/T 19001-2008", "GB/T 19001-2016"]
    assert by_line[5].latest and by_line[5].latest.canonical == "GB/T 35678-2020"
    assert by_line[6].suggestions[0] == "GB/T 19001-2016"
    assert by_line[10].undated and by_line[10].edition.canonical == "GB/T 1.1-2020"
    assert by_line[2].edition.source.startswith("全国标准信息公共服务平台")
    row = by_line[1].as_dict()
    assert row["source"] and row["edition"]["title_zh"] == "质量管理体系 要求"


def test_rows_are_loaded_in_bulk(catalogue, django_assert_max_num_queries):
    lines = [(n, FIXTURE_LINES[n % len(FIXTURE_LINES)]) for n in range(1, 601)]
    lines = [(n, t) for n, t in lines if t != "GB/T 19001-2015"]  # no suggestion index
    with django_assert_max_num_queries(12):
        run = check_designations(lines)
    assert len(run.results) == len(lines)


def test_run_check_stores_the_report_and_audits(catalogue, bureau_user):
    check = run_check(
        bureau_user, list(enumerate(FIXTURE_LINES, 1)), source_name="list.txt", source_kind="text"
    )
    check.refresh_from_db()
    assert check.line_count == 12 and check.catalogue_date == CATALOGUE_DATE
    assert check.counts["replaced"] == 2 and len(check.results) == 12
    assert check.results[0]["outcome"] == "current"
    from biaozhun.accounts.models import AuditEvent

    assert AuditEvent.objects.filter(action="validity_check.create").count() == 1


def test_excel_with_a_designation_column_and_bad_lines(catalogue):
    data = _xlsx(
        [
            ["序号", "标准名称", "标准号"],
            [1, "质量管理体系", "GB/T 19001-2016"],
            [2, "没有标准号的一行", None],
            [],
            [4, "乱写", "GB/T"],
            [5, "旧版", "GB 2762-2017"],
        ]
    )
    lines = lines_from_upload(data, "清单.xlsx")
    assert lines == [(2, "GB/T 19001-2016"), (3, ""), (5, "GB/T"), (6, "GB 2762-2017")]
    run = check_designations(lines)
    got = {r.line: (r.outcome, r.reason_code) for r in run.results}
    assert got[2] == ("current", "")
    assert got[3] == ("invalid", "empty")
    assert got[5][0] == "invalid" and got[5][1] == "unknown_prefix"
    assert got[6][0] == "replaced"
    bad = next(r for r in run.results if r.line == 3)
    assert bad.message_zh and bad.message_en


def test_header_variants():
    data = "序号,标准号(2024版)\n1,GB/T 19001-2016\n".encode()
    assert lines_from_upload(data, "a.csv") == [(2, "GB/T 19001-2016")]
    data = b"No.,Standard No.,Title\n1,ISO 9001:2015,QMS\n"
    assert lines_from_upload(data, "a.csv") == [(2, "ISO 9001:2015")]


def test_csv_without_header_picks_the_designation_column():
    data = "1,GB/T 19001-2016,质量\n2,GB 2762-2017,食品\n".encode("gb18030")
    assert lines_from_upload(data, "a.csv") == [(1, "GB/T 19001-2016"), (2, "GB 2762-2017")]


def test_text_numbering_tabs_and_header():
    assert lines_from_text("1. GB/T 1.1-2020\n\n2、GB 2762-2017\n(3) ISO 9001:2015\n") == [
        (1, "GB/T 1.1-2020"),
        (3, "GB 2762-2017"),
        (4, "ISO 9001:2015"),
    ]
    pasted = "序号\t标准号\t名称\n1\tGB/T 19001-2016\t质量\n"
    assert lines_from_text(pasted) == [(2, "GB/T 19001-2016")]
    assert lines_from_upload(b"GB 1234-2008\r\nISO 9001\r\n", "list.txt") == [
        (1, "GB 1234-2008"),
        (2, "ISO 9001"),
    ]


def test_refused_inputs_say_why_in_both_languages():
    with pytest.raises(DomainError) as exc:
        lines_from_upload(b"x", "list.doc")
    assert exc.value.code == "unsupported_format" and "Excel" in exc.value.message_en
    with pytest.raises(DomainError) as exc:
        lines_from_text("\n \n")
    assert exc.value.code == "no_lines" and exc.value.message_zh
    with pytest.raises(DomainError) as exc:
        lines_from_text("GB 1-2000\n" * (MAX_LINES + 1))
    assert exc.value.code == "too_many_lines"
    with pytest.raises(DomainError) as exc:
        lines_from_upload(b"not an excel file", "a.xlsx")
    assert exc.value.code == "bad_excel"


def test_upload_page_report_filters_and_downloads(client, catalogue, make_user):
    user = make_user("expert")
    client.force_login(user)
    page = client.get(reverse("validity:check"))
    assert page.status_code == 200 and "标准查新" in page.content.decode()
    upload = io.BytesIO(_xlsx([["标准号"], *[[t] for t in FIXTURE_LINES]]))
    upload.name = "清单.xlsx"
    response = client.post(reverse("validity:check"), {"file": upload})
    check = ValidityCheck.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "validity:report", args=[check.pk]
    )
    assert check.created_by == user and check.source_kind == "file"
    report = client.get(response.url).content.decode()
    assert "2026-11-20" in report and "GB/T 19001-2000 → GB/T 19001-2008" in report
    assert 'data-testid="count-replaced">2<' in report
    filtered = client.get(response.url + "?outcome=withdrawn", headers={"HX-Request": "true"})
    body = filtered.content.decode()
    assert "<html" not in body and body.count('data-outcome="withdrawn"') == 2
    assert 'data-outcome="current"' not in body
    xlsx = client.get(reverse("validity:report_xlsx", args=[check.pk]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert "2026-11-20" in values[1][0]
    header = values[5]
    assert header[0] == "行号 Line" and header[-1].startswith("状态来源")
    data = values[6:]
    assert len(data) == 12 and data[1][3] == "被代替 replaced"
    assert data[1][8] == "GB/T 19001-2008 → GB/T 19001-2016"
    assert data[1][12].startswith("全国标准信息公共服务平台")
    colours = [sheet.cell(row, 4).fill.fgColor.rgb[-6:] for row in range(7, 11)]
    assert colours == [
        "D3F9D8",
        "FFEC99",
        "D0EBFF",
        "FFC9C9",
    ]  # current replaced upcoming withdrawn
    pdf = client.get(reverse("validity:report_pdf", args=[check.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_upload_page_refuses_bad_input_with_htmx(client, catalogue, bureau_user):
    client.force_login(bureau_user)
    response = client.post(reverse("validity:check"), {"text": ""}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "请上传文件或粘贴标准号" in body and "<html" not in body
    upload = io.BytesIO(b"GB 1-2000")
    upload.name = "x.pdf"
    response = client.post(reverse("validity:check"), {"file": upload})
    assert "只支持 Excel" in response.content.decode()
    response = client.post(
        reverse("validity:check"), {"text": "GB/T 1.1"}, headers={"HX-Request": "true"}
    )
    assert response.headers["HX-Redirect"].startswith("/validity/check/")
    assert ValidityCheck.objects.count() == 1


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("validity:check"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_api_check_with_text_and_file(client, catalogue, bureau_user):
    client.force_login(bureau_user)
    response = client.post("/api/validity/checks", {"text": "\n".join(FIXTURE_LINES)})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["line_count"] == 12 and data["catalogue_date"] == "2026-11-20"
    assert data["results"][1]["outcome"] == "replaced"
    assert data["results"][1]["latest"]["canonical"] == "GB/T 19001-2016"
    upload = io.BytesIO("标准号\nGB 1234-2008\n".encode())
    upload.name = "a.csv"
    response = client.post("/api/validity/checks", {"file": upload})
    assert response.status_code == 201, response.content
    assert response.json()["counts"]["withdrawn"] == 1
    fetched = client.get(f"/api/validity/checks/{data['id']}")
    assert fetched.status_code == 200 and len(fetched.json()["results"]) == 12
    refused = client.get("/api/validity/checks?offset=-5&limit=-1")  # out of range: refused
    assert refused.status_code == 400 and refused.json()["code"] == "bad_query"
    listed = client.get("/api/validity/checks").json()
    assert listed["count"] == 2 and "results" not in listed["items"][0]
    empty = client.post("/api/validity/checks", {"text": "  "})
    assert empty.status_code == 400 and empty.json()["code"] == "no_input"


def test_command_json_and_xlsx(catalogue, tmp_path):
    source = tmp_path / "list.txt"
    source.write_text("\n".join(FIXTURE_LINES), encoding="utf-8")
    out = io.StringIO()
    call_command("validity", "check", str(source), "--json", stdout=out)
    text = out.getvalue()
    payload = json.loads(text[: text.rindex("}") + 1])
    assert payload["catalogue_date"] == "2026-11-20" and len(payload["results"]) == 12
    assert payload["counts"]["ambiguous"] == 2
    target = tmp_path / "report.xlsx"
    call_command("validity", "check", str(source), "--xlsx", str(target), stdout=io.StringIO())
    sheet = load_workbook(target).worksheets[0]
    assert sheet.max_row == 6 + 12
    plain = io.StringIO()
    call_command("validity", "check", str(source), stdout=plain)
    assert "replaced" in plain.getvalue() and "2026-11-20" in plain.getvalue()
    with pytest.raises(CommandError):
        call_command("validity", "check", str(tmp_path / "missing.txt"))


def test_report_page_in_english(client, catalogue, bureau_user, settings):
    check = run_check(
        bureau_user, list(enumerate(FIXTURE_LINES, 1)), source_name="l", source_kind="text"
    )
    client.force_login(bureau_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("validity:report", args=[check.pk])).content.decode()
    assert "Catalogue date" in page and "Download Excel" in page
    assert "Replaced; today&#x27;s edition is GB/T 19001-2016" in page
    assert "目录日期" not in page


def test_long_pdf_puts_the_lines_needing_action_first(monkeypatch):
    from biaozhun.validity import reports

    captured = {}

    def fake_render(template, context):
        captured.update(context)
        return "<html><body>x</body></html>"

    monkeypatch.setattr(reports, "PDF_MAX_ROWS", 2)
    monkeypatch.setattr(reports, "render_to_string", fake_render)
    rows = [
        {
            "line": n,
            "outcome": o,
            "input": "",
            "outcome_zh": "",
            "outcome_en": "",
            "message_zh": "",
            "message_en": "",
        }
        for n, o in [(1, "current"), (2, "replaced"), (3, "current"), (4, "withdrawn")]
    ]
    meta = reports.ReportMeta("x", None, None, {})
    assert reports.pdf_report(rows, meta).startswith(b"%PDF")
    assert captured["cut"] and [row["line"] for row, _, _ in captured["rows"]] == [4, 2]


def test_the_template_reads_back(client, catalogue, bureau_user):
    client.force_login(bureau_user)
    response = client.get(reverse("validity:template"))
    lines = lines_from_upload(response.content, "template.xlsx")
    assert lines == [(2, "GB/T 19001-2016"), (3, "ISO 9001:2015"), (4, "GB/T 1.1")]
    assert [r.outcome for r in check_designations(lines).results] == ["current"] * 3


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_reading_any_text_gives_numbered_non_blank_lines_or_a_reason(text):
    try:
        lines = lines_from_text(text)
    except DomainError as exc:
        assert exc.code in {"no_lines", "too_many_lines"} and exc.message_zh and exc.message_en
        return
    numbers = [n for n, _ in lines]
    assert numbers == sorted(set(numbers)) and numbers[0] >= 1
    if "\t" not in text:
        assert all(line.strip() for _, line in lines)


def test_openapi_documents_the_endpoints(client, bureau_user):
    client.force_login(bureau_user)
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/validity/checks" in paths and "/api/validity/watch" in paths
    assert "/api/validity/alerts/{alert_id}/read" in paths


def test_excel_report_writes_a_formula_line_as_text(client, catalogue, bureau_user):
    """A listed line (and a file name) that looks like a formula comes back as text."""
    formula = '=HYPERLINK("http://example.invalid","点击")'
    check = run_check(
        bureau_user, lines_from_text(formula), source_name=formula, source_kind="text"
    )
    client.force_login(bureau_user)
    xlsx = client.get(reverse("validity:report_xlsx", args=[check.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value and formula in str(c.value)]
    assert len(cells) >= 2 and all(c.data_type == "s" for c in cells)
    assert any(c.value == formula for c in cells)
