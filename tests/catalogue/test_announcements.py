"""Official announcements (国家标准批准发布/废止公告, 行业标准备案公告, 地方标准发布公告) as the
clerk gets them (Excel, Word table, saved web page, CSV): new editions, 代替 links, withdrawals,
修改单, and the daily run that applies dated changes. The tables follow the published layouts;
their rows are examples (see docs/catalogue.md)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from biaozhun.catalogue.freshness import as_of_by_source
from biaozhun.catalogue.models import CatalogueChange, ImportRun, Standard
from biaozhun.catalogue.services import StandardRecord, import_records
from biaozhun.catalogue.transitions import apply_dated_transitions
from biaozhun.common.importing import ImportReport
from biaozhun.core.designation import parse
from biaozhun.validity.models import WatchAlert
from biaozhun.validity.reports import row_cells
from biaozhun.validity.services import add_watched

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
Status = Standard.Status


def _existing(*rows: tuple[str, str, dict[str, Any]]) -> None:
    import_records(
        "template",
        [
            StandardRecord(designation=parse(text), status=status, source="template", **fields)
            for text, status, fields in rows
        ],
        ImportReport(),
        catalogue_date=TODAY,
    )


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _docx(path: Path, rows: list[list[str]]) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph("国家标准化管理委员会关于废止一批国家标准的公告(示例)")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(str(path))
    return path


APPROVAL = [
    ["附件:2026年第X号国家标准公告所附标准清单(示例)", None, None, None, None],
    ["序号", "国家标准编号", "国家标准名称", "代替标准号", "实施日期"],
    [1, "GB/T 99001-2026", "示例 电线电缆 通用要求", "GB/T 99001-2015", "2027-06-01"],
    [2, "GB 99002-2026", "示例 家用电器 安全", "GB 99002-2012(部分代替)", "2026-11-01"],
    [3, "GB/T 9900X-2026", "标准号有误的一行", "", "2027-06-01"],
    [4, "ISO 9001:2015", "国际标准不在公告之列", "", "2027-06-01"],
    [5, "GB/T 99003-2026", "", "", ""],
]


def test_an_approval_announcement_creates_editions_and_links_what_they_replace(
    import_file: Any, tmp_path: Path
) -> None:
    _existing(
        (
            "GB/T 99001-2015",
            Status.CURRENT,
            {"title_zh": "电线电缆 通用要求", "title_en": "Cables", "ics_codes": ["29.060"]},
        ),
        ("GB 99002-2012", Status.CURRENT, {"title_zh": "家用电器 安全"}),
    )
    result = import_file(
        "cn-announcement",
        _xlsx(tmp_path / "公告.xlsx", APPROVAL),
        catalogue_date=TODAY,
        options={"announced_on": "2026-10-20", "reference": "2026年第X号"},
    )
    refused = sorted((e.line, e.field, e.code) for e in result.report.errors)
    assert refused == [
        (5, "designation", "trailing_garbage"),  # GB/T 9900X-2026
        (6, "designation", "not_chinese"),  # ISO 9001:2015
        (7, "title", "required"),  # a new standard without its title
    ]
    new = Standard.objects.get(canonical="GB/T 99001-2026")
    assert (new.status, new.implemented_on, new.published_on) == (
        Status.UPCOMING,
        datetime.date(2027, 6, 1),
        datetime.date(2026, 10, 20),
    )
    assert (new.source, new.source_ref, new.title_zh) == (
        Standard.Source.CN_ANNOUNCEMENT,
        "2026年第X号",
        "示例 电线电缆 通用要求",
    )
    old = Standard.objects.get(canonical="GB/T 99001-2015")
    # replaced only once the new edition takes effect; linked at once
    assert old.status == Status.CURRENT and old.replaced_by_id == new.pk
    assert old.title_en == "Cables" and old.ics_codes == ["29.060"]  # other sources' data kept
    # in force already: the edition it replaces is replaced now, dated the implementation day
    mandatory = Standard.objects.get(canonical="GB 99002-2026")
    assert mandatory.status == Status.CURRENT
    replaced = Standard.objects.get(canonical="GB 99002-2012")
    assert (replaced.status, replaced.replaced_by_id, replaced.withdrawn_on) == (
        Status.REPLACED,
        mandatory.pk,
        datetime.date(2026, 11, 1),
    )
    kinds = set(CatalogueChange.objects.filter(run=result.run).values_list("kind", flat=True))
    assert {"new", "replaced"} <= kinds


def test_the_daily_run_applies_what_is_due_once(import_file: Any, tmp_path: Path) -> None:
    _existing(("GB/T 99001-2015", Status.CURRENT, {"title_zh": "电线电缆 通用要求"}))
    import_file(
        "cn-announcement",
        _xlsx(tmp_path / "a.xlsx", APPROVAL[1:3]),
        catalogue_date=TODAY,
    )
    assert apply_dated_transitions(datetime.date(2027, 5, 31)) is None  # nothing due yet
    run = apply_dated_transitions(datetime.date(2027, 6, 1))
    assert run is not None and run.source == "dated-transitions"
    new = Standard.objects.get(canonical="GB/T 99001-2026")
    old = Standard.objects.get(canonical="GB/T 99001-2015")
    assert new.status == Status.CURRENT
    assert (old.status, old.withdrawn_on) == (Status.REPLACED, datetime.date(2027, 6, 1))
    changes = {
        (c.standard.canonical, c.kind, c.old_status, c.new_status)
        for c in CatalogueChange.objects.filter(run=run).select_related("standard")
    }
    assert changes == {
        ("GB/T 99001-2026", "status_changed", "upcoming", "current"),
        ("GB/T 99001-2015", "replaced", "current", "replaced"),
    }
    assert apply_dated_transitions(datetime.date(2027, 6, 2)) is None  # applied once


def test_a_withdrawal_announcement_from_a_word_table(
    import_file: Any,
    tmp_path: Path,
    make_enterprise: Any,
    enterprise_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _existing(
        ("GB/T 88001-2008", Status.CURRENT, {"title_zh": "示例 旧标准甲", "title_en": "Old A"}),
        ("GB/T 88002-2010", Status.CURRENT, {"title_zh": "示例 旧标准乙"}),
    )
    firm = make_enterprise("扬州公告关注测试有限公司", "邗江区")
    add_watched(enterprise_user(firm), firm, "GB/T 88001-2008")
    rows = [
        ["序号", "标准编号", "标准名称"],
        ["1", "GB/T 88001-2008", "示例 旧标准甲"],
        ["2", "GB/T 88003-2009", "示例 目录中尚无的标准"],
        ["3", "GB/T 88002-2010", "示例 旧标准乙"],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = import_file(
            "cn-announcement",
            _docx(tmp_path / "废止公告.docx", rows),
            catalogue_date=TODAY,
            options={"kind": "withdrawal", "announced_on": "2026-11-30"},
        )
    assert not result.report.errors
    a = Standard.objects.get(canonical="GB/T 88001-2008")
    assert (a.status, a.withdrawn_on, a.title_en) == (
        Status.WITHDRAWN,
        datetime.date(2026, 11, 30),
        "Old A",
    )
    unknown = Standard.objects.get(canonical="GB/T 88003-2009")
    assert unknown.status == Status.WITHDRAWN and unknown.title_zh == "示例 目录中尚无的标准"
    # the enterprise watching the standard hears of it the same day
    alert = WatchAlert.objects.get(enterprise=firm)
    assert "GB/T 88001-2008" in alert.message_zh and "废止" in alert.message_zh


def test_a_withdrawal_dated_later_is_applied_on_its_day(import_file: Any, tmp_path: Path) -> None:
    _existing(("GB/T 88001-2008", Status.CURRENT, {"title_zh": "示例 旧标准甲"}))
    csv = tmp_path / "废止.csv"
    csv.write_text("序号,标准编号,标准名称,废止日期\n1,GB/T 88001-2008,示例 旧标准甲,2027-01-01\n")
    result = import_file("cn-announcement", csv, catalogue_date=TODAY)  # recognised: 废止日期
    assert not result.report.errors
    standard = Standard.objects.get(canonical="GB/T 88001-2008")
    assert (standard.status, standard.withdrawn_on) == (Status.CURRENT, datetime.date(2027, 1, 1))
    run = apply_dated_transitions(datetime.date(2027, 1, 1))
    assert run is not None
    standard.refresh_from_db()
    assert standard.status == Status.WITHDRAWN
    assert CatalogueChange.objects.get(run=run).kind == "withdrawn"


def test_a_withdrawal_without_any_date_is_refused_row_by_row(
    import_file: Any, tmp_path: Path
) -> None:
    csv = tmp_path / "x.csv"
    csv.write_text("序号,标准编号,标准名称\n1,GB/T 88001-2008,示例\n")
    result = import_file(
        "cn-announcement", csv, catalogue_date=TODAY, options={"kind": "withdrawal"}
    )
    assert [(e.line, e.code) for e in result.report.errors] == [(2, "missing_date")]
    assert not Standard.objects.exists()


INDUSTRY_HTML = """<html><head><meta charset="utf-8"><title>行业标准备案公告(示例)</title>
<script>var x = "<td>not a cell</td>";</script></head><body>
<p>2026年第X号(总第XXX号)行业标准备案公告 — 示例</p>
<table border="1">
<tr><th>序号</th><th>行业</th><th>标准编号</th><th>标准名称</th><th>批准日期</th><th>实施日期</th>
<th>代替标准号</th><th>备案号</th></tr>
<tr><td>1</td><td>机械</td><td>JB/T 77001-2026</td><td>示例 起重机械<br>安全规程</td>
<td>2026-03-01</td><td>2026-10-01</td><td>JB/T 77001-2013</td><td>80001-2026</td></tr>
<tr><td>2</td><td>轻工</td><td>QB/T 77002-2026</td><td>示例 &amp; 皮革制品</td>
<td>2026-03-01</td><td>2026-10-01</td><td>—</td><td>80002-2026</td></tr>
</table></body></html>"""


def test_an_industry_filing_announcement_saved_as_a_web_page(
    import_file: Any, tmp_path: Path
) -> None:
    _existing(("JB/T 77001-2013", Status.CURRENT, {"title_zh": "起重机械 安全规程"}))
    page = tmp_path / "备案公告.html"
    page.write_text(INDUSTRY_HTML, encoding="utf-8")
    result = import_file("cn-announcement", page, catalogue_date=TODAY)
    assert not result.report.errors, result.report.errors
    crane = Standard.objects.get(canonical="JB/T 77001-2026")
    assert crane.status == Status.CURRENT and crane.title_zh == "示例 起重机械 安全规程"
    assert crane.source_ref == "80001-2026"  # the filing number when no reference is given
    assert Standard.objects.get(canonical="JB/T 77001-2013").status == Status.REPLACED
    assert Standard.objects.get(canonical="QB/T 77002-2026").title_zh == "示例 & 皮革制品"


def test_amendments_are_recorded_on_the_standard_they_change(
    import_file: Any, tmp_path: Path
) -> None:
    _existing(("GB 66001-2020", Status.CURRENT, {"title_zh": "示例 强制性标准"}))
    rows = [
        ["序号", "标准编号", "标准名称", "修改单", "实施日期"],
        [1, "GB 66001-2020", "示例 强制性标准", "第1号修改单", "2027-01-01"],
        [2, "GB 66009-2020", "示例 目录中没有", "第1号修改单", "2027-01-01"],
    ]
    result = import_file(
        "cn-announcement", _xlsx(tmp_path / "修改单.xlsx", rows), catalogue_date=TODAY
    )
    assert [(e.line, e.code) for e in result.report.errors] == [(3, "unknown_standard")]
    change = CatalogueChange.objects.get(run=result.run)
    assert change.kind == "updated" and change.details["amendment"] == "第1号修改单"
    assert change.details["implemented_on"] == "2027-01-01"
    assert result.counts["amendments"] == 1


def test_local_announcements_and_bad_options(import_file: Any, tmp_path: Path) -> None:
    csv = tmp_path / "db32.csv"
    csv.write_text(
        "序号,标准编号,标准名称,代替标准号,发布日期,实施日期\n"
        "1,DB32/T 5501-2026,示例 江苏地方标准,,2026-08-01,2026-09-01\n"
        "2,DB3210/T 5502-2026,示例 扬州市地方标准,,2026-08-01,2026-07-01\n",
        encoding="utf-8",
    )
    result = import_file("cn-announcement", csv, catalogue_date=TODAY)
    assert [(e.line, e.code) for e in result.report.errors] == [(3, "bad_dates")]
    assert Standard.objects.get(canonical="DB32/T 5501-2026").status == Status.CURRENT
    from biaozhun.common.errors import DomainError

    with pytest.raises(DomainError) as exc:
        import_file("cn-announcement", csv, force=True, options={"kind": "repeal"})
    assert exc.value.details["field"] == "kind"
    with pytest.raises(DomainError):
        import_file("cn-announcement", csv, force=True, options={"announced_on": "2026-13-01"})
    title_only = tmp_path / "t.csv"
    title_only.write_text("公告\n没有表格\n", encoding="utf-8")
    with pytest.raises(DomainError) as exc:
        import_file("cn-announcement", title_only)
    assert exc.value.code == "missing_columns"
    assert ImportRun.objects.filter(source="cn-announcement").count() == 1


def test_the_import_page_takes_an_announcement_with_its_options(
    client: Any, bureau_user: Any, tmp_path: Path
) -> None:
    client.force_login(bureau_user)
    csv = tmp_path / "公告.csv"
    csv.write_text("序号,标准编号,标准名称\n1,GB/T 55001-2026,示例 新标准\n", encoding="utf-8")
    with csv.open("rb") as handle:
        page = client.post(
            reverse("catalogue:import"),
            {
                "format": "cn-announcement",
                "file": handle,
                "kind": "approval",
                "announced_on": "2026-11-01",
                "reference": "2026年第X号",
            },
        )
    assert page.status_code == 200 and "导入结果" in page.content.decode()
    standard = Standard.objects.get(canonical="GB/T 55001-2026")
    assert (standard.status, standard.source_ref) == (Status.CURRENT, "2026年第X号")
    with csv.open("rb") as handle:
        bad = client.post(
            reverse("catalogue:import"),
            {"format": "cn-announcement", "file": handle, "announced_on": "2026-02-30"},
        )
    assert bad.status_code == 200 and "导入结果" not in bad.content.decode()


def test_source_and_freshness_on_the_standard_the_check_and_the_desk(
    client: Any,
    bureau_user: Any,
    enterprise_user: Any,
    make_enterprise: Any,
    tmp_path: Path,
    import_file: Any,
) -> None:
    csv = tmp_path / "公告.csv"
    csv.write_text("序号,标准编号,标准名称,实施日期\n1,GB/T 55001-2026,示例 新标准,2026-01-01\n")
    import_file(
        "cn-announcement",
        csv,
        catalogue_date=datetime.date(2026, 10, 1),
        options={"reference": "2026年第X号"},
    )
    standard = Standard.objects.get(canonical="GB/T 55001-2026")
    client.force_login(bureau_user)
    page = client.get(reverse("catalogue:detail", args=[standard.pk])).content.decode()
    assert "标准发布、废止和备案公告 · 截至 2026-10-01" in page and "2026年第X号" in page
    assert 'href="2026年第X号"' not in page  # a reference is not a link
    desk = client.get(reverse("catalogue:sources"))
    text = desk.content.decode()
    assert desk.status_code == 200 and "标准发布、废止和备案公告" in text and "2026-10-01" in text
    assert "尚未导入" in text  # the ISO catalogue was never imported in this test
    client.cookies["django_language"] = "en"
    assert (
        "as of 2026-10-01"
        in client.get(reverse("catalogue:detail", args=[standard.pk])).content.decode()
    )
    firm_user = enterprise_user(make_enterprise("扬州来源测试有限公司", "邗江区"))
    client.force_login(firm_user)
    assert client.get(reverse("catalogue:sources")).status_code == 403

    row = {
        "line": 1,
        "input": "GB/T 55001-2026",
        "outcome_zh": "现行",
        "outcome_en": "current",
        "message_zh": "",
        "message_en": "",
        "source": "cn_announcement",
    }
    assert row_cells(row, as_of_by_source())[-1] == (
        "标准发布、废止和备案公告 Standard approval, withdrawal and filing announcements"
        "(截至 as of 2026-10-01)"
    )


def test_lists_saved_from_the_group_and_enterprise_standard_platforms(
    import_file: Any, tmp_path: Path
) -> None:
    """The record shapes of 全国团体标准信息平台 and 企业标准信息公共服务平台 (example rows)."""
    group = tmp_path / "团体标准.csv"
    group.write_text(
        "序号,团体名称,标准编号,标准名称,英文标准名称,公布日期,实施日期,标准状态\n"
        "1,扬州市示例协会,T/YZXH 001-2026,示例 团体标准,Example group standard,"
        "2026-03-01,2026-04-01,现行\n",
        encoding="utf-8",
    )
    result = import_file("template", group, catalogue_date=TODAY)
    assert not result.report.errors, result.report.errors
    t = Standard.objects.get(canonical="T/YZXH 001-2026")
    assert (t.level, t.title_en, t.published_on) == (
        "group",
        "Example group standard",
        datetime.date(2026, 3, 1),
    )
    assert list(t.drafters.values_list("name", flat=True)) == ["扬州市示例协会"]
    enterprise = tmp_path / "企业标准.csv"
    enterprise.write_text(
        "企业名称,标准编号,标准名称,公开日期,实施日期,状态\n"
        "扬州示例电器有限公司,Q/320000YZSL 001-2026,示例 企业标准,2026-05-01,2026-05-10,有效\n"
        "扬州示例电器有限公司,Q/320000YZSL 002-2020,示例 旧企业标准,2020-05-01,2020-05-10,已废止\n",
        encoding="utf-8",
    )
    result = import_file("template", enterprise, catalogue_date=TODAY)
    assert not result.report.errors, result.report.errors
    statuses = dict(Standard.objects.filter(level="enterprise").values_list("canonical", "status"))
    assert statuses == {
        "Q/320000 YZSL 001-2026": Status.CURRENT,  # the parser's canonical form
        "Q/320000 YZSL 002-2020": Status.WITHDRAWN,
    }
