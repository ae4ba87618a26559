"""In a real Chromium: search the catalogue by typing (htmx), narrow with a facet, open a
standard and see its edition timeline."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_facet_and_standard_page(
    page: Any, login: Any, screenshot: Any, live_server: Any, bureau_user: Any, catalogue: None
) -> None:
    login("bureau-staff")
    page.goto(f"{live_server.url}/standards/")
    page.fill("input[name=q]", "电池")
    table = page.locator("[data-testid=standard-table]")
    expect(table).to_contain_text("GB 31241-2022")
    expect(table).to_contain_text("T/CAS 115-2005")
    screenshot("typed")
    page.locator("[data-testid=facet-status] a", has_text="现行").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-testid=standard-table]")).not_to_contain_text("T/CAS 115-2005")

    page.fill("input[name=q]", "gbt1.1")
    expect(page.locator("[data-testid=standard-table] tbody tr").first).to_contain_text(
        "GB/T 1.1-2020"
    )
    page.select_option("select[name=status]", "")
    # the select re-runs the search: click the row of the new table, not of the one it replaces
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-testid=standard-table] tbody tr").first).to_contain_text(
        "GB/T 1.1-2020"
    )
    page.click("[data-testid=standard-table] >> text=GB/T 1.1-2020")
    page.locator("[data-testid=edition-timeline]").wait_for()
    timeline = page.locator("[data-testid=edition-timeline]").inner_html()
    assert "GB/T 1.1-2000" in timeline and "GB/T 1.1-2009" in timeline
    assert "01.120" in page.locator("[data-testid=ics-path]").inner_text()
    screenshot("standard")
    assert page.console_errors == []
