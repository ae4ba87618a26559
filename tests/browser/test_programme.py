"""In a real Chromium: the leadership group's dashboard draws its charts from computed targets,
the drill-down opens the records that count, and the page has no console errors."""

import io
from datetime import date

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_draws_charts_and_drills_down(
    page, login, screenshot, live_server, make_user, district, yangzhou
):
    from biaozhun.programme import services
    from biaozhun.programme.reference import load_yangzhou_programme
    from biaozhun.programme.registries import REGISTRIES

    load_yangzhou_programme(io.StringIO())
    user = make_user("bureau_staff", "leader-test")
    for i, name in enumerate(("宝应县", "宝应县", "高邮市")):
        services.save_record(
            user,
            REGISTRIES["sites"],
            None,
            {
                "kind": "agricultural_zone",
                "name": f"浏览器示范区{i}",
                "field": "水稻",
                "operator": "合作社",
                "district": district(name),
                "level": "provincial",
                "approved_on": date(2012 + i, 5, 1),
            },
        )
    login("leader-test")
    page.goto(f"{live_server.url}/programme/?as_of=2016-01-01")
    page.wait_for_load_state("networkidle")
    assert page.locator("h2.page-title").inner_text() == "规划目标完成情况"
    card = page.locator("[data-testid=target-agri-demo-zones]")
    assert card.locator("[data-testid=value]").inner_text() == "3"
    assert "滞后" in card.inner_text()
    for chart in ("chart-progress", "chart-trend", "chart-districts"):
        canvas = page.locator(f"#{chart} canvas")
        canvas.first.wait_for()
        box = canvas.first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 200, chart
    drawn = page.evaluate(
        "() => { const c = document.querySelector('#chart-progress canvas');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"
    )
    assert drawn > 1000
    screenshot("dashboard")
    page.click("[data-testid=drill-agri-demo-zones]")
    page.wait_for_load_state("networkidle")
    table = page.locator("[data-testid=records-table]").inner_text()
    assert "浏览器示范区0" in table and "浏览器示范区2" in table
    page.select_option("select[name=district]", "321084")
    page.click("text=筛选")
    page.wait_for_load_state("networkidle")
    table = page.locator("[data-testid=records-table]").inner_text()
    assert "浏览器示范区2" in table and "浏览器示范区0" not in table
    assert not page.console_errors, page.console_errors
