"""In a real Chromium: sign in as a demo enterprise user, see the dashboard in Chinese, open the
enterprise's own page."""

import pytest

from tests.browser.nav import go, nav_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enterprise_user_signs_in_and_opens_own_page(
    page, login, screenshot, live_server, make_enterprise, make_user
):
    own = make_enterprise("扬州示例光电科技有限公司", "邗江区", is_exporter=True)
    make_enterprise("别家企业", "广陵区")
    make_user("enterprise_user", "guangdian-test", enterprise=own)

    login("guangdian-test")
    assert page.locator("h2.page-title").inner_text() == "工作台"
    assert "扬州示例光电科技有限公司" in page.locator("[data-testid=own-enterprise]").inner_text()
    assert "别家企业" not in page.content()
    nav = nav_text(page)
    assert "本企业" in nav and "企业名录" not in nav
    screenshot("dashboard")

    page.click("text=查看企业信息")
    page.wait_for_load_state("networkidle")
    detail = page.locator("[data-testid=enterprise-detail]").inner_text()
    assert own.credit_code in detail and "邗江区" in detail
    screenshot("enterprise")

    page.click("[data-testid=lang-en]")
    page.wait_for_load_state("networkidle")
    assert "Credit code" in page.locator("[data-testid=enterprise-detail]").inner_text()
    assert not page.console_errors


def test_wrong_password_is_refused_in_chinese(page, login, make_user):
    make_user("bureau_staff", "someone")
    login("someone", "wrong-password")
    assert "用户名或密码不正确" in page.locator("[data-testid=login-error]").inner_text()


def test_bureau_navigation_is_one_row_of_menus(page, login, screenshot, make_user):
    """Bureau staff see some 20 pages: grouped into menus, the bar keeps to one row, and a
    page is reached by opening its menu."""
    make_user("bureau_staff", "desk-clerk")
    login("desk-clerk")
    nav = page.locator("[data-testid=main-nav]")
    tops = nav.locator(":scope > li")
    assert tops.count() <= 10
    rows = {round(tops.nth(i).bounding_box()["y"]) for i in range(tops.count())}
    assert len(rows) == 1, rows
    assert "激励审核" in nav_text(page) and not nav.get_by_text("激励审核").is_visible()
    go(page, "激励预算")
    assert page.url.endswith("/incentives/budgets/")
    group = nav.locator("[data-nav-group=incentives]")
    assert "active" in (group.get_attribute("class") or "")
    assert group.locator("[aria-current=page]").inner_text().strip() == "激励预算"
    go(page, "重点工作台账")
    assert "/programme/" in page.url
    screenshot("bureau-nav")
    assert not page.console_errors
