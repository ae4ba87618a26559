"""In a real Chromium: an enterprise applies for the standard-drafting award, sees the
pre-computed decision with what is missing, corrects it, sees the amount, and submits."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enterprise_applies_and_sees_the_precomputed_decision(
    page, login, screenshot, live_server, make_enterprise, make_user, bureau_user
):
    from biaozhun.incentives.models import Application, Policy
    from biaozhun.incentives.policies import add_policy_version, load_default_policies

    load_default_policies()
    city = Policy.objects.get(payer_code="city:321000")
    # the office has continued the 2011 policy for applications from 2016 on
    add_policy_version(
        bureau_user,
        city.body | {"version": "2016.1", "valid_from": "2016-01-01", "valid_to": None},
    )
    own = make_enterprise("扬州示例光电科技有限公司", "邗江区", is_exporter=True)
    make_user("enterprise_user", "guangdian-inc", enterprise=own)

    login("guangdian-inc")
    page.goto(f"{live_server.url}/incentives/")
    assert "我的激励申请" in page.locator("h2.page-title").inner_text()
    page.click("text=申请标准研制资助")
    page.wait_for_load_state("networkidle")
    page.fill("#id_designation", "GB/T 99999-2025")
    page.select_option("#id_level", "national")
    page.fill("#id_title", "LED 道路照明灯具(示例)")
    page.check("#id_approved")
    page.check("#id_published")
    page.fill("#id_publish_date", "2025-11-12")
    page.fill("#id_rank", "3")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    decision = page.locator("[data-testid=decision]").inner_text()
    assert "不符合条件" in decision
    missing = page.locator("[data-testid=missing]").inner_text()
    assert "尚不满足的条件" in missing and "drafting.rank" in missing
    assert "drafting.proposer" in missing
    screenshot("missing")

    page.click("[data-testid=edit-application]")
    page.wait_for_load_state("networkidle")
    page.fill("#id_rank", "1")
    page.check("#id_proposer")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "符合条件" in page.locator("[data-testid=decision]").inner_text()
    assert "200,000" in page.locator("[data-testid=amount]").inner_text()
    assert page.locator("[data-testid=missing]").count() == 0
    screenshot("eligible")

    page.click("[data-testid=submit-application]")
    page.wait_for_load_state("networkidle")
    assert "已提交" in page.locator("[data-testid=state]").inner_text()
    history = page.locator("[data-testid=history]").inner_text()
    assert "提交申请" in history and "修改申请" in history
    application = Application.objects.get()
    assert application.state == "submitted" and application.policy.version == "2016.1"

    page.click("[data-testid=lang-en]")
    page.wait_for_load_state("networkidle")
    assert "Pre-computed decision" in page.content()
    assert not page.console_errors
