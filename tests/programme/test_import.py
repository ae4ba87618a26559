"""Import of registries from Excel and CSV: good rows in, each bad row reported by line with a
reason in Chinese and English; district officers import only into their own district."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from biaozhun.common.errors import DomainError
from biaozhun.programme.importers import import_registry, template_headers
from biaozhun.programme.models import Adoption, DemonstrationSite, SectorStandard
from biaozhun.programme.registries import REGISTRIES

pytestmark = pytest.mark.django_db


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_adoptions_from_excel_with_bad_rows(bureau_user, make_enterprise):
    led = make_enterprise("光电公司", "邗江区", is_exporter=True)
    data = _xlsx(
        [
            ["企业", "产品", "采用的标准", "采用程度", "产品出口销售", "采标日期"],
            [led.credit_code, "LED 灯具", "IEC 60598-1:2008", "IDT", "是", date(2013, 4, 1)],
            ["光电公司", "路灯", "iec 60598-2-3：2002", "修改采用", "否", "2014-05-06"],
            [led.credit_code, "面板灯", "GB/T 7000.1-2015", "IDT", "是", "2014-05-06"],
            ["不存在的企业", "灯", "ISO 9001:2008", "IDT", "是", "2014-05-06"],
            [led.credit_code, "灯管", "ISO 9001:2008", "XYZ", "是", "2014-05-06"],
            [led.credit_code, "灯泡", "ISO 9001:2008", "NEQ", "也许", "2014-05-06"],
            [led.credit_code, "灯带", "ISO 9001:2008", "NEQ", "是", "去年"],
            [led.credit_code, "LED 灯具", "IEC 60598-1:2008", "IDT", "是", "2013-04-01"],
            [led.credit_code, "灯罩", "ISO 9001 2008", "IDT", "是", "2013-04-01"],
        ]
    )
    report = import_registry(bureau_user, REGISTRIES["adoptions"], data, "adoptions.xlsx")
    assert (report.total, report.created) == (9, 2)
    errors = {(e.line, e.field, e.code) for e in report.errors}
    assert errors == {
        (4, "designation", "wrong_level"),
        (5, "enterprise", "unknown_reference"),
        (6, "degree", "bad_choice"),
        (7, "export_sales", "bad_boolean"),
        (8, "adopted_on", "bad_date"),
        (9, "enterprise", "duplicate_in_file"),
        (10, "designation", "bad_designation"),
    }
    for error in report.errors:
        assert error.message_zh and error.message_en and error.message_zh != error.message_en
    wrong_level = next(e for e in report.errors if e.line == 4)
    assert "层级" in wrong_level.message_zh and "national" in wrong_level.message_en
    road = Adoption.objects.get(product="路灯")
    assert road.designation == "IEC 60598-2-3:2002" and road.degree == "MOD"
    assert road.district == led.district and not road.export_sales


def test_agricultural_standards_csv_must_be_local(bureau_user):
    csv = (
        "领域,标准编号,标准名称,制修订,服务领域,起草单位,地区,发布日期\n"
        "农业,DB3210/T 101-2012,水稻,制定,,农技站,宝应县,2012-03-01\n"
        "农业,GB/T 101-2012,水稻,制定,,农技站,宝应县,2012-03-01\n"
        "服务业,DB3210/T 300-2013,物流,修订,,物流公司,321002,2013-03-01\n"
        "农业,DB3210/T 102-2012,蔬菜,制定,,农技站,火星区,2012-03-01\n"
        "农业,DB3210/T 103-2012,茶叶,制定,,农技站,,2012-03-01\n"
        # another city's local standard (Nanjing, Zhenjiang) does not count for Yangzhou
        "农业,DB3201/T 104-2012,水稻,制定,,农技站,宝应县,2012-03-01\n"
        "农业,DB3211/T 105-2012,水稻,制定,,农技站,宝应县,2012-03-01\n"
        "农业,DB32/T 106-2012,水稻,制定,,农技站,宝应县,2012-03-01\n"
    ).encode()
    report = import_registry(bureau_user, REGISTRIES["sector-standards"], csv, "s.csv")
    assert report.created == 2
    errors = {(e.line, e.field, e.code) for e in report.errors}
    assert errors == {
        (3, "designation", "not_local"),
        (4, "service_field", "required"),
        (5, "district", "unknown_reference"),
        (6, "district", "required"),
        (7, "designation", "not_local"),
        (8, "designation", "not_local"),
    }
    assert set(SectorStandard.objects.values_list("designation", flat=True)) == {
        "DB3210/T 101-2012",
        "DB32/T 106-2012",
    }


def test_district_officer_imports_only_into_own_district(district_officer):
    officer = district_officer("高邮市")
    csv = (
        "类型,名称,地点,地区,领域,承担单位,承担企业,批准级别,批准日期\n"
        "农业标准化示范区,高邮鸭示范区,高邮,高邮市,畜禽,合作社,,省级,2013-01-01\n"
        "农业标准化示范区,宝应荷藕示范区,宝应,宝应县,蔬菜,合作社,,省级,2013-01-01\n"
    ).encode()
    report = import_registry(officer, REGISTRIES["sites"], csv, "sites.csv")
    assert report.created == 1
    [error] = report.errors
    assert (error.line, error.field, error.code) == (3, "district", "forbidden")
    assert DemonstrationSite.objects.get().name == "高邮鸭示范区"


def test_missing_columns_and_enterprise_users(bureau_user, make_enterprise, enterprise_user):
    with pytest.raises(DomainError) as exc:
        import_registry(bureau_user, REGISTRIES["talent"], b"name\nx\n", "t.csv")
    assert exc.value.code == "missing_columns"
    user = enterprise_user(make_enterprise())
    with pytest.raises(DomainError):
        import_registry(user, REGISTRIES["talent"], b"x", "t.csv")
    assert template_headers(REGISTRIES["talent"])[:3] == ["姓名", "层次", "工作单位"]


def test_export_reimports_and_template(client, bureau_user, make_enterprise, record):
    from django.urls import reverse
    from openpyxl import load_workbook

    led = make_enterprise("光电公司", "邗江区")
    record(
        "adoptions",
        enterprise=led,
        product="灯具",
        designation="IEC 60598-1:2008",
        degree="MOD",
        export_sales=True,
        adopted_on=date(2013, 4, 1),
    )
    client.force_login(bureau_user)
    url = reverse("programme:registry_export", args=["adoptions"])
    data = client.get(url).content
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0] == tuple(template_headers(REGISTRIES["adoptions"]))
    assert rows[1][:4] == (led.credit_code, "灯具", "IEC 60598-1:2008", "修改采用")
    # the export, with the product renamed, imports as a new record
    book = load_workbook(io.BytesIO(data))
    book.active["B2"] = "新灯具"
    out = io.BytesIO()
    book.save(out)
    report = import_registry(bureau_user, REGISTRIES["adoptions"], out.getvalue(), "a.xlsx")
    assert (report.created, report.errors) == (1, [])
    assert Adoption.objects.get(product="新灯具").degree == "MOD"
    # the export, with the degree corrected, updates the record it came from
    book = load_workbook(io.BytesIO(data))
    book.active["D2"] = "等同采用"
    out = io.BytesIO()
    book.save(out)
    again = import_registry(bureau_user, REGISTRIES["adoptions"], out.getvalue(), "a.xlsx")
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 1, 0, [])
    assert Adoption.objects.get(product="灯具").degree == "IDT"
    same = import_registry(bureau_user, REGISTRIES["adoptions"], out.getvalue(), "a.xlsx")
    assert (same.created, same.updated, same.unchanged) == (0, 0, 1)
    template = client.get(url + "?template=1").content
    rows = list(load_workbook(io.BytesIO(template)).active.iter_rows(values_only=True))
    assert len(rows) == 1
    filtered = client.get(url + "?q=不存在").content
    assert len(list(load_workbook(io.BytesIO(filtered)).active.iter_rows())) == 1


def test_inspections_import_by_site_name(client, record, district, district_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    gaoyou = record(
        "sites",
        kind="agricultural_zone",
        name="高邮鸭示范区",
        field="畜禽",
        operator="社",
        district=district("高邮市"),
        level="provincial",
        approved_on=date(2012, 1, 1),
    )
    record(
        "sites",
        kind="agricultural_zone",
        name="宝应荷藕示范区",
        field="蔬菜",
        operator="社",
        district=district("宝应县"),
        level="provincial",
        approved_on=date(2012, 1, 1),
    )
    csv = (
        "示范区(点)名称,检查日期,得分,检查人,发现的问题\n"
        "高邮鸭示范区,2013-05-01,92,检查组,良好\n"
        "高邮鸭示范区,2011-05-01,92,检查组,早于批准\n"
        "高邮鸭示范区,2013-06-01,120,检查组,分数过高\n"
        "宝应荷藕示范区,2013-05-01,90,检查组,他区\n"
        "高邮鸭示范区,2013-07-01,八十,检查组,\n"
    ).encode()
    officer = district_officer("高邮市")
    client.force_login(officer)
    response = client.post(
        reverse("programme:registry_import", args=["sites"]),
        {"what": "inspections", "file": SimpleUploadedFile("i.csv", csv)},
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert report.created == 1
    assert {(e.line, e.field, e.code) for e in report.errors} == {
        (3, "inspected_on", "inspection_before_approval"),
        (4, "score", "max_value"),
        (5, "site", "unknown_reference"),
        (6, "score", "bad_number"),
    }
    assert gaoyou.inspections.get().findings == "良好"
    api = client.post(
        "/api/programme/registries/sites/inspections/import",
        {"file": SimpleUploadedFile("i.csv", csv)},
    )
    assert api.status_code == 200, api.json()
    assert api.json()["created"] == 1


def test_export_writes_formula_like_text_as_text(client, bureau_user, make_enterprise, record):
    from django.urls import reverse
    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://example.invalid","点击")'
    record(
        "adoptions",
        enterprise=make_enterprise("光电公司", "邗江区"),
        product=formula,
        designation="IEC 60598-1:2008",
        degree="MOD",
        export_sales=True,
        adopted_on=date(2013, 4, 1),
    )
    client.force_login(bureau_user)
    data = client.get(reverse("programme:registry_export", args=["adoptions"])).content
    cell = load_workbook(io.BytesIO(data)).active["B2"]
    assert cell.data_type == "s" and cell.value == formula


def test_the_agricultural_target_counts_only_jiangsu_and_yangzhou_local_standards(bureau_user):
    """Rows stored before the registry refused other cities' standards do not count either."""
    import datetime

    from biaozhun.accounts.models import District
    from biaozhun.programme.metrics import METRICS

    district = District.objects.first()
    for designation in ("DB32/T 1-2012", "DB3210/T 2-2012", "DB3201/T 3-2012", "DB32 4-2012"):
        SectorStandard.objects.create(
            area="agriculture",
            designation=designation,
            title="水稻",
            action="made",
            drafter="农技站",
            published_on=datetime.date(2012, 3, 1),
            district=district,
        )
    counted = METRICS["agri_local_standards"].base()
    assert set(counted.values_list("designation", flat=True)) == {
        "DB32/T 1-2012",
        "DB3210/T 2-2012",
        "DB32 4-2012",
    }
