"""The home page of each role leads with what is urgent (red alerts unread, deadlines this
week, applications waiting, tasks late), then a chart or two, then the tiles."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    from biaozhun.alerts.index import reset_index

    reset_index()
    yield
    reset_index()


@pytest.fixture
def alerted(bureau_user, make_enterprise, enterprise_user, django_capture_on_commit_callbacks):
    """An exporter of lithium batteries to the USA with one red alert, unread, due in 5 days."""
    from biaozhun.enterprises.profiles.services import MarketData, ProductData, replace_profile
    from biaozhun.tbt.services import NotificationData, record_notification

    enterprise = make_enterprise("甲电池", "广陵区", is_exporter=True)
    replace_profile(
        bureau_user,
        enterprise,
        products=[ProductData("850760", "锂电池")],
        markets=[MarketData("USA", 0.9)],
        all_markets=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        record_notification(
            bureau_user,
            NotificationData(
                symbol="G/TBT/N/USA/1999",
                distributed_on=date.today(),
                title="Lithium batteries",
                title_zh="锂电池安全要求",
                hs_codes=["850760"],
                comment_deadline=date.today() + timedelta(days=5),
                is_example=True,
            ),
        )
    return enterprise_user(enterprise)


def _charts(html: str) -> list[dict]:
    found = re.search(r'<script id="home-charts-data" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1)) if found else []


def test_enterprise_home_leads_with_its_red_alert_then_charts_then_tiles(client, alerted):
    from biaozhun.alerts.models import Alert

    assert Alert.objects.get().risk == "red"
    client.force_login(alerted)
    html = client.get("/").content.decode()
    urgent, charts = html.index('data-testid="urgent"'), html.index('data-testid="home-charts"')
    assert urgent < charts < html.index('class="card card-link"')
    block = html[urgent:charts]
    assert 'data-urgent="alerts-red-unread"' in block and "未读红色预警" in block
    assert 'data-urgent="alerts-due-week"' in block  # the comment deadline in 5 days
    data = _charts(html)
    assert 1 <= len(data) <= 2
    donut = next(c for c in data if c["key"] == "alerts-by-risk")
    assert donut["items"] == [
        {
            "name": "红色",
            "value": 1,
            "color": "#d63939",
            "url": "/alerts/inbox/?risk=red&state=open",
        }
    ]
    # once read, the red alert is no longer urgent and its card goes back among the tiles
    Alert.objects.update(read_at=timezone.now())
    html = client.get("/").content.decode()
    assert 'data-urgent="alerts-red-unread"' not in html
    assert 'data-testid="card-alerts-red-unread"' in html[html.index('data-testid="home-charts"') :]


def test_bureau_home_shows_late_tasks_and_waiting_registrations_first(
    client, bureau_user, make_enterprise
):
    from biaozhun.accounts.models import Organisation
    from biaozhun.programme import services
    from biaozhun.programme.reference import load_yangzhou_programme

    load_yangzhou_programme(io.StringIO())
    services.create_task(
        bureau_user,
        title="检查示范区",
        organisation=Organisation.objects.get(code="agriculture"),
        deadline=date.today() - timedelta(days=3),
    )
    pending = make_enterprise("待审企业")
    pending.status = "pending"  # a registration waiting for review (test setup)
    pending.save(update_fields=["status"])
    client.force_login(bureau_user)
    html = client.get("/").content.decode()
    block = html[html.index('data-testid="urgent"') : html.index('data-testid="home-charts"')]
    assert 'data-urgent="late-tasks"' in block and 'data-urgent="pending"' in block
    keys = [c["key"] for c in _charts(html)]
    assert keys == ["alerts-by-risk", "programme-status"]  # two charts, by priority
    status = _charts(html)[1]
    assert sum(item["value"] for item in status["items"]) == 12
    # the tiles hold the rest (not the urgent ones again)
    tiles = html[html.index('data-testid="home-charts"') :]
    assert (
        'data-testid="card-late-tasks"' not in tiles and 'data-testid="card-enterprises"' in tiles
    )


def test_nothing_urgent_is_said_and_empty_charts_say_no_data(client, make_user, yangzhou):
    client.force_login(make_user("expert"))
    html = client.get("/").content.decode()
    assert 'data-testid="nothing-urgent"' in html and "目前没有紧急事项" in html
    data = _charts(html)
    assert [c["key"] for c in data] == ["consult-enquiries", "tbt-per-month"]
    assert all(c["empty"] for c in data)
    assert "暂无数据" in html


def test_tbt_chart_counts_the_last_twelve_months(client, bureau_user, make_user, yangzhou):
    from biaozhun.tbt.services import NotificationData, record_notification

    for symbol, days in (("G/TBT/N/EU/1", 0), ("G/TBT/N/EU/2", 0), ("G/TBT/N/EU/3", 400)):
        record_notification(
            bureau_user,
            NotificationData(
                symbol=symbol,
                distributed_on=date.today() - timedelta(days=days),
                title="Toys",
                is_example=True,
            ),
        )
    client.force_login(make_user("expert"))
    data = _charts(client.get("/").content.decode())
    bars = next(c for c in data if c["key"] == "tbt-per-month")
    assert len(bars["categories"]) == 12 and bars["series"][0]["values"][-1] == 2
    assert sum(bars["series"][0]["values"]) == 2 and not bars["empty"]


def test_the_deadline_window_of_the_alert_list_never_overflows(client, alerted):
    """(Found by the hostile API walk while adding the urgent card: a window of 2³¹-1 days
    overflowed the date arithmetic.)"""
    client.force_login(alerted)
    answer = client.get("/api/alerts/", {"deadline_within": "2147483647"})
    assert answer.status_code == 200 and len(answer.json()["items"]) == 1
