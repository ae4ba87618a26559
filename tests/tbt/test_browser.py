"""In a real Chromium: the desk imports the example ePing export, filters the list (htmx),
opens a notification and corrects its classification; the correction is shown and kept."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from biaozhun.tbt.examples import examples_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_filter_correct(
    page: Any, login: Any, screenshot: Any, live_server: Any, bureau_user: Any, members: None
) -> None:
    login("bureau-staff")
    page.goto(f"{live_server.url}/tbt/import/")
    page.set_input_files("input[name=file]", str(examples_dir() / "EXAMPLE-eping-export.xlsx"))
    page.click("form button.btn-primary")
    report = page.locator("[data-testid=import-report]")
    report.wait_for()
    assert "9" in report.inner_text()
    screenshot("import")

    page.goto(f"{live_server.url}/tbt/")
    table = page.locator("[data-testid=notification-table]")
    assert "G/TBT/N/USA/9220" in table.inner_text()
    page.select_option("select[name=member]", "JPN")
    expect(page.locator("[data-testid=notification-table]")).not_to_contain_text("G/TBT/N/USA/9220")
    assert "G/TBT/N/JPN/9630" in page.locator("[data-testid=notification-table]").inner_text()
    screenshot("filtered")

    page.click("text=G/TBT/N/JPN/9630")
    page.locator("[data-testid=classification]").wait_for()
    assert "machinery" in page.locator("[data-testid=class-industries]").inner_text()
    page.select_option("#id_field", "export_groups")
    page.fill("#id_codes", "electromechanical")
    page.fill("#id_note", "冲压机械属机电产品")
    page.click("[data-testid=correction-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    groups = page.locator("[data-testid=class-export_groups]").inner_text()
    assert "electromechanical" in groups and "100%" in groups
    assert "冲压机械属机电产品" in page.content()
    screenshot("corrected")
    assert page.console_errors == []
