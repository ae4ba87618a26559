"""Bulk import: good rows in, bad rows reported with line and reason, re-import updates."""

import io

import pytest
from openpyxl import Workbook

from biaozhun.enterprises.demo import demo_credit_code
from biaozhun.enterprises.importers import import_enterprises
from biaozhun.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

GOOD1 = demo_credit_code(901, "321002")
GOOD2 = demo_credit_code(902, "321023")
BAD_CHECK = GOOD1[:17] + ("0" if GOOD1[17] != "0" else "1")


def _csv(rows):
    header = "企业名称,统一社会信用代码,所在地区,行业,出口企业,创新型试点企业年度\n"
    return (header + "\n".join(rows) + "\n").encode("utf-8")


def test_mixed_file_imports_exactly_the_good_rows(bureau_user):
    data = _csv(
        [
            f"好企业一,{GOOD1},广陵区,新光源,是,2013",
            f"坏校验位,{BAD_CHECK},广陵区,,否,",
            f"好企业二,{GOOD2},321023,农业,否,",
            f"未知地区,{demo_credit_code(903, '321002')},火星区,,否,",
            f",{demo_credit_code(904, '321002')},广陵区,,否,",
            f"重复,{GOOD1},广陵区,,否,",
            f"坏年份,{demo_credit_code(905, '321002')},广陵区,,否,13年",
        ]
    )
    report = import_enterprises(bureau_user, data, "list.csv")
    assert report.created == 2 and report.total == 7
    assert set(Enterprise.objects.values_list("credit_code", flat=True)) == {GOOD1, GOOD2}
    errors = {(e.line, e.field, e.code) for e in report.errors}
    assert errors == {
        (3, "credit_code", "credit_code_checksum"),
        (5, "district", "unknown_district"),
        (6, "name_zh", "required"),
        (7, "credit_code", "duplicate_in_file"),
        (8, "innovative_years", "bad_year"),
    }
    checksum = next(e for e in report.errors if e.line == 3)
    assert "校验位" in checksum.message_zh and "Check character" in checksum.message_en
    one = Enterprise.objects.get(credit_code=GOOD1)
    assert one.year_lists.get().year == 2013 and one.industries.get().slug == "new-light-sources"


def test_reimport_updates_by_credit_code(bureau_user):
    import_enterprises(bureau_user, _csv([f"旧名称,{GOOD1},广陵区,,否,"]), "a.csv")
    report = import_enterprises(bureau_user, _csv([f"新名称,{GOOD1},广陵区,,是,"]), "a.csv")
    assert (report.created, report.updated) == (0, 1)
    enterprise = Enterprise.objects.get(credit_code=GOOD1)
    assert enterprise.name_zh == "新名称" and enterprise.is_exporter
    again = import_enterprises(bureau_user, _csv([f"新名称,{GOOD1},广陵区,,是,"]), "a.csv")
    assert again.unchanged == 1


def test_excel_file_is_read(bureau_user):
    book = Workbook()
    sheet = book.active
    sheet.append(["企业名称", "统一社会信用代码", "所在地区"])
    sheet.append(["表格企业", GOOD2, "宝应县"])
    sheet.append(["坏", "123", "宝应县"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_enterprises(bureau_user, buffer.getvalue(), "list.xlsx")
    assert report.created == 1 and [(e.line, e.code) for e in report.errors] == [
        (3, "credit_code_length")
    ]


def test_district_officer_imports_only_into_its_district(district_officer):
    officer = district_officer("广陵区")
    report = import_enterprises(
        officer, _csv([f"本区,{GOOD1},广陵区,,否,", f"外区,{GOOD2},宝应县,,否,"]), "a.csv"
    )
    assert report.created == 1 and report.errors[0].code == "other_district"


def test_missing_columns_refuse_the_file(bureau_user):
    from biaozhun.common.errors import DomainError

    with pytest.raises(DomainError) as info:
        import_enterprises(bureau_user, "名称\n甲\n".encode(), "a.csv")
    assert info.value.code == "missing_columns"


def test_import_page_reports_rows(client, bureau_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(bureau_user)
    upload = SimpleUploadedFile(
        "a.csv", _csv([f"好,{GOOD1},广陵区,,否,", f"坏,{BAD_CHECK},广陵区,,否,"])
    )
    page = client.post("/enterprises/import/", {"file": upload}).content.decode()
    assert "校验位错误" in page and "新增" in page
