"""`biaozhun programme targets --json`, and the Excel and PDF reports opened and checked."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from biaozhun.programme.reports import programme_pdf_document, programme_pdf_html, programme_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def zones(programme, record, district):
    for i, (name, year) in enumerate((("宝应县", 2012), ("宝应县", 2013), ("高邮市", 2013))):
        record(
            "sites",
            kind="agricultural_zone",
            name=f"区{i}",
            field="f",
            operator="o",
            district=district(name),
            level="municipal",
            approved_on=date(year, 5, 1),
        )
    return programme


def _targets(*args):
    out = io.StringIO()
    call_command("programme", "targets", *args, stdout=out)
    return out.getvalue()


def test_cli_json_prints_every_target_with_goal_and_value(zones):
    data = json.loads(_targets("--json", "--as-of", "2016-01-01"))
    assert data["programme"] == "yangzhou-2011-2015" and data["period"] == [2011, 2015]
    assert len(data["targets"]) == 12
    by_key = {t["key"]: t for t in data["targets"]}
    zones_ = by_key["agri-demo-zones"]
    assert zones_["value"] == 3 and zones_["goal"] == {"min": 10, "max": None, "text": "10"}
    assert zones_["status"] == "missed" and "per_year" not in zones_
    assert by_key["national-committees"]["goal"]["text"] == "3-5"
    assert by_key["leading-agri-standardised"]["goal"]["text"] == "≥ 98%"


def test_cli_detail_and_district(zones):
    data = json.loads(_targets("--json", "--detail", "--as-of", "2016-01-01"))
    zones_ = next(t for t in data["targets"] if t["key"] == "agri-demo-zones")
    assert zones_["per_year"] == {"2011": 0, "2012": 1, "2013": 2, "2014": 0, "2015": 0}
    assert zones_["per_district"]["321023"] == 2 and zones_["per_district"]["321084"] == 1
    one = json.loads(
        _targets("--json", "--detail", "--district", "高邮市", "--as-of", "2016-01-01")
    )
    zones_ = next(t for t in one["targets"] if t["key"] == "agri-demo-zones")
    assert zones_["value"] == 1 and list(zones_["per_district"]) == ["321084"]
    text = _targets("--as-of", "2016-01-01", "--detail")
    assert "agri-demo-zones" in text and "3 / 10" in text
    with pytest.raises(CommandError):
        _targets("--district", "火星区")
    with pytest.raises(CommandError):
        _targets("--as-of", "yesterday")


def test_excel_report_holds_the_computed_numbers(zones, bureau_user):
    data = programme_xlsx(zones, as_of=date(2016, 1, 1), user=bureau_user)
    book = load_workbook(io.BytesIO(data))
    sheet = book["目标 Targets"]
    header = [c.value for c in sheet[3]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert len(rows) == 12
    zones_ = dict(zip(header, rows["agri-demo-zones"], strict=True))
    assert zones_["当前值 Value"] == 3 and zones_["目标值 Goal"] == "10"
    assert zones_["完成率 % of goal"] == pytest.approx(0.3)
    assert zones_["2013"] == 2 and zones_["2011"] == 0
    assert zones_["状态 Status"] == "未完成 not achieved"
    districts = book["地区 Districts"]
    head = [c.value for c in districts[1]]
    row = next(
        r for r in districts.iter_rows(min_row=2, values_only=True) if r[0] == "agri-demo-zones"
    )
    assert row[head.index("宝应县 Baoying County")] == 2


def _page_text(box):
    text = getattr(box, "text", None) or ""
    children = box.all_children() if hasattr(box, "all_children") else []
    return text + " ".join(_page_text(child) for child in children)


def test_pdf_report_holds_the_computed_numbers(zones, bureau_user):
    document = programme_pdf_document(zones, as_of=date(2016, 1, 1), user=bureau_user)
    text = " ".join(_page_text(page._page_box) for page in document.pages)
    assert len(document.pages) >= 1
    assert "新建农业标准化示范区 10 个" in text and "30%" in text and "未完成 not achieved" in text
    assert "宝应县" in text and "高邮市" in text
    data = document.write_pdf()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_report_downloads(client, zones, bureau_user):
    client.force_login(bureau_user)
    xlsx = client.get(reverse("programme:report_xlsx") + "?as_of=2016-01-01")
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content))["目标 Targets"]["A1"].value == zones.name_zh
    pdf = client.get(reverse("programme:report_pdf") + "?as_of=2016-01-01")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")


def test_late_tasks_are_pushed_to_the_people_responsible(bureau_user, make_user, district):
    from biaozhun.accounts.models import Organisation
    from biaozhun.notify.models import Message
    from biaozhun.programme import services

    agriculture = Organisation.objects.get(code="agriculture")
    clerk = make_user("department_member", organisation=agriculture)
    officer = make_user("district_officer", district=district("高邮市"))
    late = services.create_task(
        bureau_user, title="检查示范区", organisation=agriculture, deadline=date(2014, 3, 1)
    )
    services.create_task(
        bureau_user, title="高邮培训", district=district("高邮市"), deadline=date(2014, 3, 20)
    )
    services.create_task(
        bureau_user, title="未到期", organisation=agriculture, deadline=date(2015, 1, 1)
    )
    services.create_task(
        bureau_user,
        title="无人",
        organisation=Organisation.objects.get(code="finance"),
        deadline=date(2014, 1, 1),
    )
    out = io.StringIO()
    call_command("programme", "remind", "--today", "2014-03-31", stdout=out)
    assert "late tasks: 3" in out.getvalue() and "reminded: 2" in out.getvalue()
    message = Message.objects.get(source_id=str(late.pk))
    assert "逾期 30 天" in message.title_zh and message.url.endswith(f"/tasks/{late.pk}/")
    recipients = {d.user_id for d in message.deliveries.all()}  # type: ignore[attr-defined]
    assert clerk.pk in recipients and officer.pk not in recipients
    call_command("programme", "remind", "--today", "2014-03-31", stdout=io.StringIO())
    assert Message.objects.filter(kind="programme_task_late").count() == 2  # deduplicated


def test_pdf_html_draws_the_progress_chart(zones, bureau_user):
    html = programme_pdf_html(zones, as_of=date(2016, 1, 1), user=bureau_user)
    assert "<svg" in html and "新建农业标准化示范区 10 个" in html
    # 3 of 10 zones: a 90 px bar (3 px per percent) labelled 30%, red (not achieved)
    assert 'width="90" height="12" fill="#d63939"' in html and ">30%<" in html
    assert "时间进度 time 100%" in html
