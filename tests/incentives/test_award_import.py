"""Awards granted before the platform are imported (bad rows reported by line, zh/en) and the
duplicate rules then refuse the same standard or one-off award."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from biaozhun.common.errors import DomainError
from biaozhun.incentives.importers import import_awards
from biaozhun.incentives.models import Award

from .conftest import committee_facts, drafting_facts

pytestmark = pytest.mark.django_db
HEADER = "统一社会信用代码,类别,对象,年度,金额,说明\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


def test_import_reports_bad_rows_and_feeds_the_duplicate_rule(urban, county, apply, bureau_user):
    data = _csv(
        f"{urban.credit_code},标准研制,GB/T 99999-2013,2013,200000,扬财〔2013〕1号",
        f"{urban.credit_code},技术委员会,SAC/TC 999/SC 9,2012,300000,",
        f"{urban.credit_code},采标,LED 路灯|IEC 60598-2-3:2002,2013,10000,",
        "91320000MA0000000X,标准研制,GB/T 1-2013,2013,1,",
        f"{urban.credit_code},奖学金,X,2013,1,",
        f"{urban.credit_code},采标,没有竖线,2013,1,",
        f"{urban.credit_code},标准研制,GB/T 2-2013,一三年,1,",
        f"{urban.credit_code},标准研制,GB/T 99999—2013,2013,200000,",
    )
    report = import_awards(bureau_user, data, "awards.csv")
    assert (report.total, report.created) == (8, 3)
    errors = {e.line: e for e in report.errors}
    assert set(errors) == {5, 6, 7, 8, 9}
    assert errors[6].code == "bad_kind" and errors[7].code == "bad_product"
    assert errors[8].code == "bad_number" and errors[9].code == "duplicate_row"
    assert all(e.message_zh and e.message_en for e in report.errors)
    assert Award.objects.get(key="standard:GB/T99999-2013").note == "扬财〔2013〕1号"

    with pytest.raises(DomainError) as info:
        apply(urban)
    assert info.value.code == "already_awarded"
    with pytest.raises(DomainError) as info:
        apply(urban, "technical_committee", committee_facts())
    assert info.value.code == "already_awarded"

    again = import_awards(bureau_user, data, "awards.csv")
    assert again.created == 0 and again.unchanged == 3


def test_county_officer_imports_only_its_county(urban, county, district_officer):
    baoying = district_officer("宝应县")
    data = _csv(
        f"{county.credit_code},标准研制,DB32/T 1-2012,2012,30000,",
        f"{urban.credit_code},标准研制,GB/T 5-2012,2012,200000,",
    )
    report = import_awards(baoying, data, "a.csv")
    assert report.created == 1 and report.errors[0].code == "outside_county"
    with pytest.raises(DomainError):
        import_awards(district_officer("广陵区"), data, "a.csv")


def test_xlsx_and_page(client, urban, bureau_user, enterprise_user):
    book = Workbook()
    sheet = book.active
    sheet.append(["统一社会信用代码", "类别", "对象", "年度", "金额"])
    sheet.append([urban.credit_code, "standard_drafting", "GB/T 7-2013", 2013, 200000])
    sheet.append([urban.credit_code, "standard_drafting", "", 2013, 1])
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(bureau_user)
    response = client.post(
        "/incentives/awards/", {"file": SimpleUploadedFile("a.xlsx", buffer.getvalue())}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "standard:GB/T7-2013" in page
    assert "对象必填" in page
    client.force_login(enterprise_user(urban))
    assert client.get("/incentives/awards/").status_code == 403


def test_command(tmp_path, urban, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(_csv(f"{urban.credit_code},标准研制,GB/T 8-2013,2013,200000,"))
    call_command("incentives", "import-awards", str(good))
    assert "新增 created 1" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(f"{urban.credit_code},标准研制,GB/T 9-2013,year,1,"))
    with pytest.raises(CommandError):
        call_command("incentives", "import-awards", str(bad))
    assert "第 2 行" in capsys.readouterr().out


def test_granted_award_key_matches_imported_key(urban, apply):
    from biaozhun.incentives.importers import award_key

    app = apply(urban, facts=drafting_facts("GB/T 4-2013"))
    assert app.decision["award_keys"] == [award_key("standard_drafting", "GB/T 4—2013")]
