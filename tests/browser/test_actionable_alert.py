"""In a real Chromium: an exporter's alert reads in Chinese (a generated title and summary,
labelled), says what to do by when and why it is red; the translation desk assigns, writes,
reviews and publishes the Chinese text, and the alert page shows it."""

from datetime import date, timedelta

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH_LABELS = ("What to do", "Why", "working days left", "Generated from", "Translation desk")


@pytest.fixture(autouse=True)
def _fresh_index():
    from biaozhun.alerts.index import reset_index

    reset_index()
    yield
    reset_index()


def test_alert_page_and_translation_desk(
    page, login, screenshot, live_server, make_enterprise, make_user, bureau_user
):
    from biaozhun.alerts.models import Alert
    from biaozhun.core.codes import default_data_dir
    from biaozhun.enterprises.profiles.services import MarketData, ProductData, replace_profile
    from biaozhun.tbt.services import NotificationData, load_members_into_db, record_notification

    load_members_into_db(default_data_dir())
    battery = make_enterprise("扬州示例蓄电池有限公司", "高邮市", is_exporter=True)
    replace_profile(
        bureau_user,
        battery,
        products=[ProductData("8507.60", "锂离子蓄电池")],
        markets=[MarketData("EU", "0.6")],
    )
    make_user("enterprise_user", "battery-user", enterprise=battery)
    make_user("bureau_staff", "translator")
    n = record_notification(
        bureau_user,
        NotificationData(
            symbol="G/TBT/N/EU/1401",
            distributed_on=date.today(),
            title="Regulation on batteries and waste batteries",
            objective="Protection of the environment",
            hs_codes=["850760"],
            comment_deadline=date.today() + timedelta(days=25),
            entry_into_force_text="20 days after publication in the Official Journal",
        ),
    ).notification
    alert = Alert.objects.get(enterprise=battery)

    login("battery-user")
    page.goto(f"{live_server.url}/alerts/inbox/{alert.pk}/")
    title = page.locator("[data-testid=alert-title]").inner_text()
    assert "欧盟TBT通报:涉及蓄电池" in title and "机器生成" in title
    summary = page.locator("[data-testid=alert-summary]").inner_text()
    assert "目的:保护环境" in summary and "系统根据通报要素生成" in summary
    todo = page.locator("[data-testid=what-to-do]").inner_text()
    assert "告知评议中心本企业是否受影响" in todo and "个工作日" in todo
    assert "参加评议" in todo and "一键查新" in todo
    factors = page.locator("[data-testid=risk-factors]").inner_text()
    assert "为什么是" in factors and "距评议截止 25 天" in factors
    force = page.locator("[data-testid=entry-into-force]").inner_text()
    assert "原文:“20 days after publication in the Official Journal”" in force
    assert "平台解读" in force
    body = page.locator("main, .page-body").first.inner_text()
    for english in ENGLISH_LABELS:
        assert english not in body
    screenshot("alert")
    page.context.clear_cookies()

    login("bureau-staff")
    page.goto(f"{live_server.url}/tbt/translations/")
    queue = page.locator("[data-testid=translation-queue]").inner_text()
    assert "G/TBT/N/EU/1401" in queue and "未分配" in queue
    screenshot("desk")
    page.goto(f"{live_server.url}/tbt/{n.pk}/translation/")
    page.select_option("select[name=assignee]", label="translator")
    page.click("[data-testid=assign]")
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()

    login("translator")
    page.goto(f"{live_server.url}/tbt/{n.pk}/translation/")
    page.fill("textarea[name=title_zh]", "欧盟电池与废电池法规")
    page.fill("textarea[name=summary_zh]", "规定电池碳足迹、回收成分、标签和尽职调查要求。")
    page.click("[data-testid=submit]")
    page.wait_for_load_state("networkidle")
    assert "待审核" in page.locator("[data-testid=translation-state]").inner_text()
    page.context.clear_cookies()

    login("bureau-staff")
    page.goto(f"{live_server.url}/tbt/{n.pk}/translation/")
    page.click("[data-testid=approve]")
    page.wait_for_load_state("networkidle")
    page.click("[data-testid=publish]")
    page.wait_for_load_state("networkidle")
    assert "已发布" in page.locator("[data-testid=translation-state]").inner_text()
    screenshot("published")
    page.context.clear_cookies()

    login("battery-user")
    page.goto(f"{live_server.url}/alerts/inbox/{alert.pk}/")
    title = page.locator("[data-testid=alert-title]").inner_text()
    assert "欧盟电池与废电池法规" in title and "机器生成" not in title
    assert "规定电池碳足迹" in page.locator("[data-testid=alert-summary]").inner_text()
    assert page.console_errors == []
