"""In a real Chromium: a WTO notification recorded through tbt's service is matched at once;
the affected exporter finds the alert in its inbox (and the other exporter does not), opens
it, acknowledges it and says it is relevant; the desk sees the feedback."""

from datetime import date, timedelta

import pytest

from tests.browser.nav import go, nav_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_index():
    from biaozhun.alerts.index import reset_index

    reset_index()
    yield
    reset_index()


def test_notification_to_alert_in_the_affected_inbox(
    page, login, screenshot, live_server, make_enterprise, make_user, bureau_user
):
    from biaozhun.enterprises.profiles.services import MarketData, ProductData, replace_profile
    from biaozhun.tbt.services import NotificationData, record_notification

    battery = make_enterprise("扬州示例蓄电池有限公司", "高邮市", is_exporter=True)
    textiles = make_enterprise("扬州示例纺织服饰有限公司", "广陵区", is_exporter=True)
    replace_profile(
        bureau_user,
        battery,
        products=[ProductData("8507.60", "锂离子蓄电池")],
        markets=[MarketData("EU", "0.6"), MarketData("USA", "0.2")],
    )
    replace_profile(
        bureau_user,
        textiles,
        products=[ProductData("6109.10", "棉制针织T恤")],
        markets=[MarketData("EU", "0.7")],
    )
    make_user("enterprise_user", "battery-user", enterprise=battery)
    make_user("enterprise_user", "textile-user", enterprise=textiles)

    record_notification(
        bureau_user,
        NotificationData(
            symbol="G/TBT/N/EU/1099",
            distributed_on=date.today(),
            title="Regulation on batteries and waste batteries (example)",
            title_zh="电池与废电池法规(示例)",
            products_text="Lithium-ion accumulators",
            hs_codes=["850760"],
            comment_deadline=date.today() + timedelta(days=25),
            entry_into_force=date.today() + timedelta(days=200),
            is_example=True,
        ),
    )

    login("battery-user")
    assert page.locator("[data-testid=card-alerts-red-unread] .kpi").inner_text() == "1"
    nav = nav_text(page)
    assert "预警信息" in nav and "出口档案" in nav and "预警总览" not in nav
    go(page, "预警信息")
    rows = page.locator("[data-testid=alert-row]")
    assert rows.count() == 1
    assert "G/TBT/N/EU/1099" in rows.first.inner_text()
    assert rows.first.locator("[data-risk=red]").count() == 1
    screenshot("inbox")

    page.click("text=G/TBT/N/EU/1099")
    page.wait_for_load_state("networkidle")
    detail = page.locator("[data-testid=alert-detail]").inner_text()
    assert "电池与废电池法规" in detail and "850760" in detail
    assert page.locator("[data-testid=internal-deadline]").inner_text() != "—"
    page.click("[data-testid=acknowledge]")
    page.wait_for_load_state("networkidle")
    page.check("input[name=relevant][value=relevant]")
    page.fill("textarea[name=note]", "涉及我司出口欧盟的锂电池")
    page.click("text=提交反馈")
    page.wait_for_load_state("networkidle")
    assert "反馈已提交" in page.content()
    screenshot("alert")
    assert not page.console_errors

    # the other exporter has no alert
    page.context.clear_cookies()
    login("textile-user")
    page.goto(f"{live_server.url}/alerts/")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/alerts/inbox/")
    assert page.locator("[data-testid=alert-row]").count() == 0
    assert "G/TBT/N/EU/1099" not in page.content()

    # the desk sees one enterprise hit, nothing red unread, the feedback
    page.context.clear_cookies()
    login("bureau-staff")
    page.goto(f"{live_server.url}/alerts/desk/")
    table = page.locator("[data-testid=desk-table]").inner_text()
    assert "G/TBT/N/EU/1099" in table
    page.click("text=G/TBT/N/EU/1099")
    page.wait_for_load_state("networkidle")
    detail = page.locator("[data-testid=desk-alerts]").inner_text()
    assert "扬州示例蓄电池有限公司" in detail and "相关" in detail
    assert "纺织" not in detail
    screenshot("desk")


def test_enterprise_edits_its_export_profile_with_htmx_rows(
    page, login, screenshot, live_server, make_enterprise, make_user
):
    own = make_enterprise("扬州示例玩具礼品有限公司", "邗江区", is_exporter=True)
    make_user("enterprise_user", "toys-user", enterprise=own)
    login("toys-user")
    go(page, "出口档案")
    assert "尚未填写出口产品" in page.locator("[data-testid=product-table]").inner_text()

    form = page.locator("[data-testid=product-form]")
    form.locator("input[name=hs_code]").fill("9503.00")
    form.locator("input[name=description_zh]").fill("塑料玩具")
    form.locator("[data-testid=product-submit]").click()
    page.wait_for_selector("[data-testid=product-table] >> text=950300")
    # a product named in Chinese: the headings suggested as one types, one ticked and stored
    form = page.locator("[data-testid=product-form]")
    form.locator("input[name=description_zh]").fill("LED路灯")
    form.locator("[data-testid=suggest-button]").click()
    page.wait_for_selector("[data-testid=hs-suggestions] >> text=灯具及照明装置")
    # the as-you-type request (600 ms after the last keystroke) also answers: let it land before
    # ticking, as a person reading the list would (a late answer re-renders the list)
    page.wait_for_timeout(1000)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("[data-testid=hs-suggestions] >> text=灯具及照明装置")
    screenshot("hs-suggestions")
    form.locator("input[name=hs_codes][value='9405']").check()
    form.locator("[data-testid=product-submit]").click()
    page.wait_for_selector("[data-testid=product-table] >> text=LED路灯")
    assert "9405" in page.locator("[data-testid=product-table]").inner_text()
    # a bad code is refused in place, with the reason in Chinese
    form = page.locator("[data-testid=product-form]")
    form.locator("input[name=hs_code]").fill("95x")
    form.locator("input[name=description_zh]").fill("坏编码")
    form.locator("[data-testid=product-submit]").click()
    page.wait_for_selector("text=含非数字字符")

    markets = page.locator("[data-testid=market-form]")
    markets.locator("input[name=code]").fill("USA")
    markets.locator("input[name=share]").fill("60%")
    markets.locator("button").click()
    page.wait_for_selector("[data-testid=market-table] >> text=美国")
    markets = page.locator("[data-testid=market-form]")
    markets.locator("input[name=code]").fill("EU")
    markets.locator("input[name=share]").fill("0.5")
    markets.locator("button").click()
    page.wait_for_selector("text=不能超过 1")
    assert "欧盟" not in page.locator("[data-testid=market-table]").inner_text()
    screenshot("profile")

    page.click("[data-testid=lang-en]")
    page.wait_for_load_state("networkidle")
    assert "Products exported" in page.content()
    assert "United States" in page.locator("[data-testid=market-table]").inner_text()
    assert not page.console_errors
