"""In a real Chromium: the TBT briefing page draws its three ECharts charts (trend lines, bars by
member, heat map industry × market) from the data, with no console error (CSP included)."""

from datetime import timedelta

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_index():
    from biaozhun.alerts.index import reset_index

    reset_index()
    yield
    reset_index()


def test_briefing_page_draws_its_charts(page, login, screenshot, live_server, bureau_user):
    from django.utils import timezone

    from biaozhun.core.codes import default_data_dir
    from biaozhun.tbt.services import (
        NotificationData,
        correct_classification,
        load_members_into_db,
        record_notification,
    )

    load_members_into_db(default_data_dir())
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    rows = [
        ("G/TBT/N/EU/9001", 0, ["new-energy"]),
        ("G/TBT/N/EU/9002", 20, ["new-energy", "machinery"]),
        ("G/TBT/N/USA/9003", 40, ["textiles-unused"]),
        ("G/TBT/N/JPN/9004", 60, ["machinery"]),
    ]
    for symbol, offset, industries in rows:
        n = record_notification(
            None,
            NotificationData(
                symbol=symbol,
                distributed_on=min(today, start + timedelta(days=offset)),
                title=f"Measure {symbol}",
                comment_deadline=today + timedelta(days=30 + offset),
            ),
        ).notification
        codes = [i for i in industries if i != "textiles-unused"]
        if codes:
            correct_classification(bureau_user, n, "industries", codes)

    login("bureau-staff")
    page.goto(f"{live_server.url}/consult/briefing/?kind=all&period=year&at={today.year}")
    assert page.get_by_test_id("total").inner_text().strip() == "4"
    for chart in ("chart-trend", "chart-members", "chart-heatmap"):
        page.wait_for_selector(f"[data-testid={chart}] canvas")
        box = page.locator(f"[data-testid={chart}] canvas").first.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100
    assert page.console_errors == []  # type: ignore[attr-defined]
    screenshot("briefing")


def test_comment_from_draft_to_sent_submission(
    page, login, screenshot, live_server, bureau_user, make_enterprise, make_user
):
    """An enterprise writes and submits a comment in the browser; the desk merges it and
    records that the submission was sent."""
    from django.utils import timezone

    from biaozhun.core.codes import default_data_dir
    from biaozhun.tbt.services import NotificationData, load_members_into_db, record_notification

    load_members_into_db(default_data_dir())
    n = record_notification(
        None,
        NotificationData(
            symbol="G/TBT/N/EU/9100",
            distributed_on=timezone.localdate() - timedelta(days=3),
            title="Draft regulation on toy safety",
            comment_deadline=timezone.localdate() + timedelta(days=45),
        ),
    ).notification
    enterprise = make_enterprise("扬州示例玩具有限公司", "江都区")
    make_user("enterprise_user", "toy-user", enterprise=enterprise)

    login("toy-user")
    page.goto(f"{live_server.url}/consult/comments/")
    page.get_by_role("link", name="写评议意见").first.click()
    page.fill("#id_concern", "小零件试验的拉力值高于 EN 71-1,建议保持一致。")
    page.fill("#id_technical_points_en", "Keep the EN 71-1 torque and tension values.")
    page.fill("#id_export_value_usd", "85")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_test_id("submit-comment").click()
    assert "已提交" in page.get_by_test_id("comment-state").inner_text()
    screenshot("comment")

    page.context.clear_cookies()
    login("bureau-staff")
    page.goto(f"{live_server.url}/consult/notifications/{n.pk}/")
    page.fill("#id_summary_zh", "建议与 EN 71-1 保持一致。")
    page.get_by_test_id("merge").click()
    page.select_option("#id_state", "sent")
    page.get_by_test_id("transition-form").get_by_role("button").click()
    assert "已报送" in page.get_by_test_id("submission-state").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("export-docx").click()
    assert download.value.suggested_filename == "comments-G-TBT-N-EU-9100.docx"
    assert page.console_errors == []  # type: ignore[attr-defined]
    screenshot("submission")
