"""The desk's summary agrees with its table, in words (issue 16 §3: it said "retry: 2" while
the table said nothing failed), and the settings page uses the platform's styled controls."""

from __future__ import annotations

from typing import Any

import pytest

from biaozhun.notify.models import Delivery, DeskTask

from .test_pages import _alert, two  # noqa: F401  (the two enterprises and their users)

pytestmark = pytest.mark.django_db


def _badges(html: str) -> dict[str, str]:
    block = html.split('data-testid="outbox-counts"')[1].split('data-testid="desk-list"')[0]
    out = {}
    for part in block.split('data-status="')[1:]:
        status, rest = part.split('"', 1)
        out[status] = rest.split(">", 1)[1].split("</span>")[0].strip()
    return out


def test_the_summary_counts_what_the_table_lists(
    client: Any,
    two: dict[str, Any],  # noqa: F811
    bureau_user: Any,
    district_officer: Any,
) -> None:
    retrying = _alert(two["a"], "retrying").deliveries.get(channel="email")
    Delivery.objects.filter(pk=retrying.pk).update(status="retry")
    dead = _alert(two["a"], "dead").deliveries.get(channel="email")
    Delivery.objects.filter(pk=dead.pk).update(status="dead")
    task = DeskTask.objects.create(delivery=dead, reason_zh="发送失败", reason_en="failed")
    other = _alert(two["b"], "other-dead").deliveries.get(channel="email")
    Delivery.objects.filter(pk=other.pk).update(status="dead")
    DeskTask.objects.create(delivery=other, reason_zh="发送失败", reason_en="failed")

    client.force_login(bureau_user)
    page = client.get("/notifications/desk/").content.decode()
    badges = _badges(page)
    assert badges["retry"] == "等待重试 1" and badges["dead"] == "投递失败待处理 2"
    assert page.count('data-testid="desk-row"') == 2
    assert "retry:" not in page and "sent:" not in page and "pending:" not in page
    # a district officer counts only what its own table lists
    client.force_login(district_officer("邗江区"))
    page = client.get("/notifications/desk/").content.decode()
    assert _badges(page)["dead"] == "投递失败待处理 1" and page.count('data-testid="desk-row"') == 1
    # once handled, a failure leaves the count and the table together
    client.force_login(bureau_user)
    client.post(f"/notifications/desk/{task.pk}/", {"action": "dismiss"})
    page = client.get("/notifications/desk/").content.decode()
    assert _badges(page)["dead"] == "投递失败待处理 1" and page.count('data-testid="desk-row"') == 1
    handled = client.get("/notifications/desk/?all=1").content.decode()
    assert "已忽略" in handled and "dismissed" not in handled


def test_settings_use_styled_selects_and_a_channel_grid(
    client: Any,
    two: dict[str, Any],  # noqa: F811
) -> None:
    client.force_login(two["ua"])
    page = client.get("/notifications/settings/").content.decode()
    assert '<select name="mode" class="form-select"' in page
    assert '<select name="kind" class="form-select"' in page
    assert 'name="quiet_start" class="form-control"' in page
    grid = page.split('data-testid="channel-grid"')[1].split("</table>")[0]
    assert grid.count("<tr>") >= 4 and 'class="form-check-input' in grid
    assert "<th" in grid and "电子邮件" in grid
