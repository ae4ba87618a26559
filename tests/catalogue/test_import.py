"""Importers: relaton ISO/IEC slices (real lines), the national platform's shape (recorded
pages and the example file), the template with bad rows, and change detection."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.tasks.signals import task_enqueued

from biaozhun.catalogue.models import CatalogueChange, ImportRun, Standard
from biaozhun.catalogue.selectors import catalogue_date, edition_chain, find_by_canonical
from biaozhun.common.events import SUBSCRIPTIONS, CatalogueChanged

from .conftest import CASSETTE, EXAMPLES, IEC_SLICE, ISO_SLICE, slice_items, write_jsonl

pytestmark = pytest.mark.django_db


def get(canonical: str) -> Standard:
    return Standard.objects.get(canonical=canonical)


def test_iso_slice_statuses_successors_and_bad_row(import_file: Any) -> None:
    result = import_file("relaton-iso", ISO_SLICE, catalogue_date=datetime.date(2025, 6, 2))
    assert not result.skipped
    # 14 lines: one docid the parser refuses, alias files repeat three records
    assert result.counts["records"] == 13
    assert result.counts["duplicates"] == 2
    assert result.counts["created"] == 11
    [error] = result.report.errors
    assert error.line == 1 and error.field == "docid"
    assert "ISO/IEC DIR IEC SUP:2010" in error.message_zh and error.message_en
    # obsoletes/updates both ways: old editions point to the newer one, never backwards
    assert get("ISO 9001:2015").status == Standard.Status.CURRENT
    assert get("ISO 9001:2015").replaced_by is None
    assert get("ISO 9001:2008").replaced_by == get("ISO 9001:2015")
    assert get("ISO 9001:2008").status == Standard.Status.REPLACED
    assert get("ISO 9001:2000").replaced_by == get("ISO 9001:2008")
    assert get("ISO 9002:1994").replaced_by == get("ISO 9001:2000")
    # an edition "updates" its own corrigendum: the corrigendum does not replace it
    assert get("ISO 9001:2008/Cor 1:2009").replaced_by == get("ISO 9001:2015")
    # the amendment in force is current and does not replace its base
    assert get("ISO 9001:2015/Amd 1:2024").status == Standard.Status.CURRENT
    chain = [s.canonical for s in edition_chain(get("ISO 9001:1987"))]
    assert chain == [
        "ISO 9001:1987",
        "ISO 9001:1994",
        "ISO 9001:2000",
        "ISO 9001:2008",
        "ISO 9001:2015",
    ]
    # two alias files with different stages: the later life-cycle stage (95.99) is kept
    assert get("ISO 1003:2008").source_status == "95.99"
    iso = get("ISO 9001:2015")
    assert iso.level == "international" and iso.key == "ISO 9001" and iso.year == 2015
    assert iso.title_en.startswith("Quality management systems")
    assert iso.ics_codes == ["03.100.70", "03.120.10"]
    assert iso.source == "iso" and iso.source_status == "90.92"
    assert catalogue_date() == datetime.date(2025, 6, 2)


def test_iec_slice_revisions(import_file: Any) -> None:
    result = import_file("relaton-iec", IEC_SLICE)
    [error] = result.report.errors
    assert "IEC 60285-/1:1989" in error.message_en
    assert get("IEC 60598-1:2014").replaced_by == get("IEC 60598-1:2020")
    assert get("IEC 60598-1:2020").replaced_by == get("IEC 60598-1:2024")
    assert get("IEC 60598-1:2020").withdrawn_on == datetime.date(2024, 11, 6)
    assert get("IEC 60598-1:2024").status == Standard.Status.CURRENT
    # the redline version is not a successor of its own edition
    assert get("IEC 60598-1:2024 RLV").replaced_by is None
    assert get("CISPR 32:2015").status == Standard.Status.CURRENT


def test_joint_documents_belong_to_the_first_relaton_source(
    import_file: Any, tmp_path: Path
) -> None:
    iec_line = [i for i in slice_items(IEC_SLICE) if i["docid"] == "ISO/IEC 27001:2022"]
    import_file("relaton-iec", IEC_SLICE)
    as_iso = dict(iec_line[0], stage="95", substage="99", relations=[])
    result = import_file("relaton-iso", write_jsonl(tmp_path / "iso.jsonl", [as_iso]))
    assert result.counts["other_source"] == 1
    assert get("ISO/IEC 27001:2022").source == "iec"
    assert get("ISO/IEC 27001:2022").status == Standard.Status.CURRENT


def test_same_file_is_skipped_and_forced_reimport_records_nothing(import_file: Any) -> None:
    first = import_file("relaton-iso", ISO_SLICE)
    again = import_file("relaton-iso", ISO_SLICE)
    assert again.skipped and again.run.pk == first.run.pk
    assert ImportRun.objects.count() == 1
    forced = import_file("relaton-iso", ISO_SLICE, force=True)
    assert not forced.skipped
    assert forced.counts["unchanged"] == 11 and forced.counts["updated"] == 0
    assert forced.change_ids == []
    assert CatalogueChange.objects.count() == 0


def test_reimport_detects_new_replaced_withdrawn(
    import_file: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    import_file("relaton-iso", ISO_SLICE, catalogue_date=datetime.date(2025, 6, 2))
    items = slice_items(ISO_SLICE)
    for item in items:
        if item["docid"] in ("ISO 9001:2015", "ISO 14001:2015"):
            item["stage"], item["substage"] = "95", "99"
    new_edition = {
        "docid": "ISO 9001:2026",
        "title_en": "Quality management systems - Requirements",
        "dates": {"published": "2026-09"},
        "stage": "60",
        "substage": "60",
        "ics": ["03.120.10"],
        "relations": [{"type": "obsoletes", "docid": "ISO 9001:2015"}],
    }
    path = write_jsonl(tmp_path / "iso_v2.jsonl", [*items, new_edition])
    received: list[list[int]] = []
    enqueued = []

    def seen(sender: Any, task_result: Any, **kwargs: Any) -> None:
        if task_result.task.module_path.endswith("deliver_event") and (
            task_result.args[1] == CatalogueChanged.name
        ):
            received.append(task_result.args[2]["change_ids"])
            enqueued.append(task_result)

    task_enqueued.connect(seen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = import_file("relaton-iso", path, catalogue_date=datetime.date(2026, 10, 1))
    finally:
        task_enqueued.disconnect(seen)
    assert all(r.status == "SUCCESSFUL" for r in enqueued)  # validity's handler ran
    changes = {
        (c.standard.canonical, c.kind): c
        for c in CatalogueChange.objects.select_related("standard")
    }
    assert set(changes) == {
        ("ISO 9001:2026", "new"),
        ("ISO 9001:2015", "replaced"),
        ("ISO 14001:2015", "withdrawn"),
    }
    replaced = changes[("ISO 9001:2015", "replaced")]
    assert (replaced.old_status, replaced.new_status) == ("current", "replaced")
    assert replaced.detected_on == datetime.date(2026, 10, 1)
    assert get("ISO 9001:2015").replaced_by == get("ISO 9001:2026")
    # one delivery per subscriber (the watch lists, the city's register), the same ids
    assert len(received) == len(SUBSCRIPTIONS[CatalogueChanged])
    assert all(sorted(ids) == sorted(result.change_ids) for ids in received)
    assert sorted(received[0]) == sorted(c.pk for c in changes.values())
    assert catalogue_date() == datetime.date(2026, 10, 1)


def test_cn_platform_recorded_pages(import_file: Any) -> None:
    result = import_file("cn-platform", CASSETTE)
    assert result.report.errors == []
    std = get("GB/T 1.1-2020")
    assert std.title_zh == "标准化工作导则 第1部分：标准化文件的结构和起草规则"
    assert std.status == Standard.Status.CURRENT
    assert std.published_on == datetime.date(2020, 3, 31)
    assert std.implemented_on == datetime.date(2020, 10, 1)
    assert std.ics_codes == ["01.120"] and std.ccs_codes == ["A00"]
    assert std.source_ref.endswith("hcno=C4BFD981E993C417EF475F2A19B681F1")
    assert not std.is_example
    assert get("GB/T 1.1-2009").status == Standard.Status.WITHDRAWN


def test_cn_platform_examples_with_chains(import_file: Any) -> None:
    result = import_file("cn-platform", EXAMPLES)
    assert result.report.errors == []
    assert Standard.objects.filter(is_example=False).count() == 0
    chain = [s.canonical for s in edition_chain(get("GB 2762-2012"))]
    assert chain == ["GB 2762-2012", "GB 2762-2017", "GB 2762-2022"]
    assert [s.canonical for s in edition_chain(get("GB/T 1.1-2009"))] == [
        "GB/T 1.1-2009",
        "GB/T 1.1-2020",
    ]
    gbt19001 = get("GB/T 19001-2016")
    assert gbt19001.adoptions == [{"designation": "ISO 9001:2015", "degree": "IDT"}]
    assert get("GB 7000.1-2015").adoptions == [{"designation": "IEC 60598-1:2014", "degree": "MOD"}]
    assert get("DB3210/T 1001-2023").level == "local"
    assert get("T/YZLED 001-2022").level == "group"
    assert get("GB/T 44271-2026").status == Standard.Status.UPCOMING


def test_cn_platform_json_bad_records(import_file: Any, tmp_path: Path) -> None:
    path = tmp_path / "platform.json"
    path.write_text(
        '{"rows": ['
        '{"C_STD_CODE": "GB/T 3100-1993", "C_C_NAME": "国际单位制及其应用", "STATE": "现行",'
        ' "ISSUE_DATE": 745545600000},'
        '{"C_STD_CODE": "GB/T 1234 2008", "STATE": "现行"},'
        '{"C_STD_CODE": "GB/T 5678-2010", "STATE": "有时有效"}]}',
        encoding="utf-8",
    )
    result = import_file("cn-platform", path)
    assert [(e.line, e.field, e.code) for e in result.report.errors] == [
        (2, "C_STD_CODE", "ambiguous"),
        (3, "STATE", "bad_status"),
    ]
    assert get("GB/T 3100-1993").published_on == datetime.date(1993, 8, 17)


TEMPLATE_CSV = """标准号,中文名称,英文名称,状态,发布日期,实施日期,废止日期,代替标准,ICS,CCS,起草单位
DB3210/T 1100-2024,扬州早茶点心制作规范(示例),Yangzhou morning tea (example),现行,2024-01-02,2024-02-01,,DB3210/T 1100-2018,67.020,X10,扬州示例食品有限公司、扬州大学
DB3210/T 1100-2018,扬州早茶点心制作规范(示例),,,2018-01-02,2018-02-01,,,67.020,X10,
GB/T 1234 2008,模糊标准号,,现行,,,,,,,
T/YZ 1-2024,团体标准(示例),,作废了,,,,,,,
Q/YZ 1-2024,企业标准(示例),,现行,2024-13-01,,,,,,
ISO 9001:2015,国际标准不应在模板中,,现行,,,,,,,
DB32/T 9999-2024,灯具(示例),,现行,,,,,29.140.40,ZZ9,
DB32/T 9999,无年代号(示例),,现行,,,,,,,
"""


def test_template_csv_with_bad_rows(import_file: Any, tmp_path: Path, make_enterprise: Any) -> None:
    enterprise = make_enterprise("扬州示例食品有限公司")
    path = tmp_path / "local.csv"
    path.write_text(TEMPLATE_CSV, encoding="utf-8")
    result = import_file("template", path)
    errors = {e.line: e for e in result.report.errors}
    assert sorted(errors) == [4, 5, 6, 7, 8, 9]
    assert errors[4].code == "ambiguous" and "GB/T 1234 2008" in errors[4].message_zh
    assert errors[5].field == "status" and errors[5].message_en
    assert errors[6].code == "bad_date"
    assert errors[7].code == "from_catalogue"
    assert errors[8].code == "bad_ccs"
    assert errors[9].code == "missing_year" and "DB32/T 9999" in errors[9].message_zh
    new = get("DB3210/T 1100-2024")
    old = get("DB3210/T 1100-2018")
    assert old.replaced_by == new
    assert new.status == Standard.Status.CURRENT and new.ccs_codes == ["X10"]
    drafters = list(new.drafters.order_by("rank"))
    assert [(d.name, d.rank) for d in drafters] == [
        ("扬州示例食品有限公司", 1),
        ("扬州大学", 2),
    ]
    assert drafters[0].enterprise == enterprise and drafters[1].enterprise is None
    assert result.report.created == 2


def test_template_replaces_a_standard_already_in_the_catalogue(
    import_file: Any, tmp_path: Path
) -> None:
    import_file("cn-platform", EXAMPLES)
    path = tmp_path / "t.csv"
    path.write_text(
        "标准号,中文名称,状态,代替标准\nDB3210/T 1085-2026,漆器髹饰工艺技术规范(示例),现行,DB3210/T 1085-2022\n",
        encoding="utf-8",
    )
    result = import_file("template", path)
    old = get("DB3210/T 1085-2022")
    assert old.replaced_by == get("DB3210/T 1085-2026")
    assert old.status == Standard.Status.REPLACED
    kinds = set(CatalogueChange.objects.filter(run=result.run).values_list("kind", flat=True))
    assert kinds == {"new", "replaced"}


def test_template_xlsx(import_file: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Designation", "Chinese title", "Status", "Published"])
    sheet.append(["T/CAS 999-2023", "团体标准(示例)", "current", datetime.date(2023, 5, 6)])
    sheet.append(["nonsense!", "", "", None])
    path = tmp_path / "group.xlsx"
    book.save(path)
    result = import_file("template", path)
    assert [e.line for e in result.report.errors] == [3]
    assert get("T/CAS 999-2023").published_on == datetime.date(2023, 5, 6)


def test_unknown_format_and_missing_file(import_file: Any, tmp_path: Path) -> None:
    from biaozhun.common.errors import DomainError

    with pytest.raises(DomainError) as info:
        import_file("nonsense", ISO_SLICE)
    assert info.value.code == "unknown_format"
    with pytest.raises(DomainError):
        import_file("template", tmp_path / "missing.csv")


def test_find_by_canonical_reads_messy_input(catalogue: None) -> None:
    found = find_by_canonical("ｇｂ／ｔ 1.1—2020")
    assert found is not None and found.canonical == "GB/T 1.1-2020"
    assert find_by_canonical("no such thing") is None


def test_industry_tags_from_ics(import_file: Any) -> None:
    from biaozhun.core.codes import sectors_for_ics

    import_file("cn-platform", EXAMPLES)
    slugs = set(get("GB 7000.1-2015").industries.values_list("slug", flat=True))
    from biaozhun.enterprises.models import Industry

    industries = set(Industry.objects.values_list("slug", flat=True))
    expected = set(sectors_for_ics("29.140.40")) & industries
    assert expected and expected <= slugs
