"""In a real Chromium: sign in as a demo enterprise user, see the dashboard in Chinese, open the
enterprise's own page."""

import pytest

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
    nav = page.locator("[data-testid=main-nav]").inner_text()
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
