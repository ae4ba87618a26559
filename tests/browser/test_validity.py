"""In a real Chromium: an enterprise user uploads an Excel list for 标准查新, reads the
colour-coded report, filters it, downloads the Excel report and adds the standards to the
watch list in one click."""

from __future__ import annotations

import re

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from tests.browser.nav import go, nav_text
from tests.validity.conftest import FIXTURE_LINES, build_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_report_filter_download_and_watch(
    page, login, screenshot, live_server, make_enterprise, make_user, tmp_path
):
    build_catalogue()
    firm = make_enterprise("扬州查新示例有限公司", "江都区")
    make_user("enterprise_user", "chaxin-user", enterprise=firm)
    source = tmp_path / "在用标准清单.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "标准号", "用途"])
    for number, text in enumerate(FIXTURE_LINES, 1):
        sheet.append([number, text, "生产"])
    workbook.save(source)

    login("chaxin-user")
    assert "关注标准" in nav_text(page)
    go(page, "标准查新")
    page.set_input_files("input[type=file]", str(source))
    screenshot("upload")
    page.click("[data-testid=check-submit]")
    page.wait_for_url(re.compile(r"/validity/check/\d+/$"))
    assert page.locator("[data-testid=catalogue-date]").inner_text() == "2026-11-20"
    assert page.locator("[data-testid=count-replaced]").inner_text() == "2"
    assert page.locator("[data-testid=count-ambiguous]").inner_text() == "2"
    table = page.locator("[data-testid=report-table]")
    assert table.locator("tbody tr").count() == len(FIXTURE_LINES)
    assert "GB/T 19001-2000 → GB/T 19001-2008 → GB/T 19001-2016" in table.inner_text()
    expect(page.locator("[data-testid=outcome-chart] canvas")).to_have_count(1)
    screenshot("report")

    page.click("[data-testid=filter-withdrawn]")
    expect(table.locator("tbody tr")).to_have_count(2)
    outcomes = table.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.outcome)")
    assert outcomes == ["withdrawn", "withdrawn"]
    assert "outcome=withdrawn" in page.url

    with page.expect_download() as download_info:
        page.click("[data-testid=download-xlsx]")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(load_workbook(saved).worksheets[0].iter_rows(values_only=True))
    assert "2026-11-20" in rows[1][0]
    assert len(rows) == 6 + len(FIXTURE_LINES)

    page.click("[data-testid=watch-all]")
    page.wait_for_load_state("networkidle")
    watchlist = page.locator("[data-testid=watchlist]").inner_text()
    assert "GB/T 19001-2016" in watchlist and "GB 9999-2025" in watchlist
    assert "GB 1234-2008" not in watchlist  # withdrawn lines are not added
    screenshot("watchlist")
    assert not page.console_errors
