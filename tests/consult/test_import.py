"""Import of the technical-regulations register: good rows imported, bad rows reported by line
with reasons in both languages, re-import updates; page, API and command."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.consult.importers import import_regulations
from biaozhun.consult.models import TechnicalRegulation

pytestmark = pytest.mark.django_db

CSV = """市场,编号,标题,类型,HS编码,生效日期,相关通报,引用标准
EU,2023/1542,Batteries regulation,技术法规,"8506,8507",2023-08-17,G/TBT/N/EU/5001,IEC 62133-2:2017
USA,16 CFR 1610,Flammability of clothing textiles,,61;62,1954-01-01,,
Atlantis,X-1,Unknown market,,,,,
EU,2023/1542,Batteries again,,,,,
EU,BAD-HS,Bad code,,99x,,,
EU,BAD-DATE,Bad date,,,31.02.2024,,
EU,BAD-KIND,Bad kind,law,,,,
EU,NO-NOTIF,Unknown notification,,,,G/TBT/N/EU/9999,
JPN,PSE,Electrical Appliances and Materials Safety Act,合格评定,8504,1962-08-01,,
"""


def test_import_reports_bad_rows_by_line(record, bureau_user):
    record("G/TBT/N/EU/5001")
    report = import_regulations(bureau_user, CSV.encode(), "regs.csv")
    assert (report.total, report.created, report.updated) == (9, 3, 0)
    lines = {e.line: e for e in report.errors}
    assert sorted(lines) == [4, 5, 6, 7, 8, 9]
    assert lines[4].field == "market"
    assert lines[5].code == "duplicate_row" and "第 2 行" in lines[5].message_zh
    assert lines[6].code == "hs_invalid" and lines[6].message_en
    assert lines[7].code == "bad_date"
    assert lines[8].code == "bad_kind"
    assert lines[9].code == "unknown_notification"
    eu = TechnicalRegulation.objects.get(reference="2023/1542")
    assert eu.hs_codes == ["8506", "8507"] and [n.symbol for n in eu.notifications.all()] == [
        "G/TBT/N/EU/5001"
    ]
    assert TechnicalRegulation.objects.get(reference="PSE").kind == "conformity"
    again = import_regulations(bureau_user, CSV.encode(), "regs.csv")
    assert (again.created, again.updated) == (0, 3)


def test_import_refusals(bureau_user, make_enterprise, enterprise_user, members):
    with pytest.raises(PermissionDenied):
        import_regulations(enterprise_user(make_enterprise()), CSV.encode(), "regs.csv")
    with pytest.raises(DomainError) as exc:
        import_regulations(bureau_user, b"foo,bar\n1,2\n", "x.csv")
    assert exc.value.code == "missing_columns"


def test_import_page_api_and_command(client, bureau_user, members, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(bureau_user)
    r = client.post(
        reverse("consult:regulation_import"),
        {"file": SimpleUploadedFile("regs.csv", CSV.encode())},
    )
    assert r.status_code == 200 and 'data-testid="import-report"' in r.text
    # without G/TBT/N/EU/5001 recorded, line 2 is refused and line 5 becomes the EU row
    assert TechnicalRegulation.objects.get(reference="2023/1542").title == "Batteries again"
    r = client.post(
        "/api/consult/regulations/import", {"file": SimpleUploadedFile("r.csv", CSV.encode())}
    )
    body = r.json()
    assert r.status_code == 200 and body["updated"] == 3 and len(body["errors"]) == 6
    path = tmp_path / "regs.csv"
    path.write_text(CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("consult", "import-regulations", str(path), stdout=out)
    assert "第 4 行" in out.getvalue() and "updated 3" in out.getvalue()
