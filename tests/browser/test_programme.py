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
    page.goto(f"{live_server.url}/programme/?as_of=2015-12-01")
    page.wait_for_load_state("networkidle")
    assert page.locator("h2.page-title").inner_text() == "规划目标完成情况"
    card = page.locator("[data-testid=target-agri-demo-zones]")
    assert card.locator("[data-testid=value]").inner_text() == "3"
    assert "滞后" in card.inner_text()
    for chart in ("chart-progress", "chart-districts"):
        canvas = page.locator(f"#{chart} canvas")
        canvas.first.wait_for()
        box = canvas.first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 200, chart
    # the years: one small chart per target (not twelve lines in one chart)
    small = page.locator("[data-testid=chart-trend] .trend-small canvas")
    small.first.wait_for()
    assert small.count() == 12
    box = small.nth(1).bounding_box()
    assert box and box["width"] > 150 and box["height"] > 100
    drawn = page.evaluate(
        "() => { const c = document.querySelector('#chart-progress canvas');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"
    )
    assert drawn > 1000
    screenshot("dashboard")
    # a click on the bar of a target opens the records that count for it
    box = page.locator("#chart-progress").bounding_box()
    x, y = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('chart-progress'))"
        ".convertToPixel({seriesIndex: 0}, [15, 1])"  # inside the bar of target 2 (30%)
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url("**/records/**")
    assert "浏览器示范区0" in page.locator("[data-testid=records-table]").inner_text()
    page.goto(f"{live_server.url}/programme/?as_of=2015-12-01")
    page.wait_for_load_state("networkidle")
    page.click("[data-testid=drill-agri-demo-zones]")
    page.wait_for_load_state("networkidle")
    table = page.locator("[data-testid=records-table]").inner_text()
    assert "浏览器示范区0" in table and "浏览器示范区2" in table
    page.select_option("select[name=district]", "321084")
    page.click("text=筛选")
    page.wait_for_load_state("networkidle")
    table = page.locator("[data-testid=records-table]").inner_text()
    assert "浏览器示范区2" in table and "浏览器示范区0" not in table
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/programme/?as_of=2015-12-01")
    page.wait_for_load_state("networkidle")
    assert page.locator("h2.page-title").inner_text() == "Progress against the programme"
    assert "behind" in page.locator("[data-testid=target-agri-demo-zones]").inner_text()
    page.locator("#chart-districts canvas").first.wait_for()
    screenshot("dashboard-en")
    assert not page.console_errors, page.console_errors


def test_registry_pages_add_import_and_english(
    page, login, screenshot, live_server, make_user, district_officer, tmp_path
):
    officer = district_officer("高邮市")
    officer.username = "gaoyou-officer"
    officer.save()
    login("gaoyou-officer")
    page.goto(f"{live_server.url}/programme/registries/")
    page.click("[data-testid=registry-sites]")
    page.wait_for_load_state("networkidle")
    page.click("[data-testid=registry-new]")
    page.select_option("#id_kind", "service_point")
    page.fill("#id_name", "高邮物流示范点")
    page.fill("#id_field", "现代物流")
    page.fill("#id_operator", "高邮物流公司")
    page.select_option("#id_level", "municipal")
    page.fill("#id_approved_on", "2013-05-06")
    page.click("[data-testid=registry-form] button")
    page.wait_for_load_state("networkidle")
    detail = page.locator("[data-testid=record-detail]").inner_text()
    assert "高邮物流示范点" in detail and "高邮市" in detail and "2013" in detail
    page.fill("#id_inspected_on", "2014-05-06")
    page.fill("#id_score", "88")
    page.fill("#id_inspector", "检查组")
    page.click("[data-testid=inspections] form button")
    page.wait_for_load_state("networkidle")
    assert "88" in page.locator("[data-testid=inspections]").inner_text()
    screenshot("site")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("[data-testid=delete-form] button")
    assert "高邮物流示范点" in page.locator("h2.page-title").inner_text()  # cancelled: still there
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=delete-form] button")
    page.wait_for_load_state("networkidle")
    assert "记录已删除" in page.content()
    assert "高邮物流示范点" not in page.locator("[data-testid=registry-table]").inner_text()

    csv = tmp_path / "talent.csv"
    csv.write_text(
        "姓名,层次,工作单位,所在企业,地区,认定日期,证书(每行一个)\n"
        "王五,领军人才,高邮研究所,,高邮市,2014-01-01,\n"
        "赵六,大师,高邮研究所,,高邮市,2014-01-01,\n"
        "钱七,基层标准化骨干,宝应单位,,宝应县,2014-01-01,\n",
        encoding="utf-8",
    )
    page.goto(f"{live_server.url}/programme/r/talent/import/")
    page.set_input_files("#id_file", str(csv))
    page.click("form[enctype='multipart/form-data'] button")
    page.wait_for_load_state("networkidle")
    report = page.locator("[data-testid=import-report]").inner_text()
    assert "新增 1" in report and "3" in report and "4" in report
    assert "不是有效选项" in report and "您无权登记或修改" in report
    screenshot("import")

    page.click("[data-testid=lang-en]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/programme/r/talent/")
    table = page.locator("[data-testid=registry-table]").inner_text()
    assert "NAME" in table.upper() and "王五" in table and "钱七" not in table
    assert not page.console_errors, page.console_errors
