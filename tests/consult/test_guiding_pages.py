"""Pages that guide (issue 16 §3): the briefing opens on the last complete period and says
暂无数据 where a chart has nothing to draw; the tabs and hours of the consult pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from biaozhun.consult.briefings import selectors as briefing

pytestmark = pytest.mark.django_db


def test_the_default_period_is_the_last_complete_one():
    day = date(2026, 12, 2)
    assert briefing.requested_period("", "", day).label == "2026-11"
    assert briefing.requested_period("quarter", "", day).label == "2026Q3"
    assert briefing.requested_period("year", "", day).label == "2025"
    # on the last day of a month, the month is not over yet
    assert briefing.requested_period("month", "", date(2026, 3, 31)).label == "2026-02"
    # a period asked for is the one shown
    assert briefing.requested_period("month", "2026-12", day).label == "2026-12"


def test_the_briefing_opens_on_last_month_with_its_notifications(
    client, bureau_user, record, today
):
    last_month_day = today.replace(day=1) - timedelta(days=1)
    record("G/TBT/N/EU/3001", distributed_on=last_month_day.replace(day=5))
    client.force_login(bureau_user)
    page = client.get(reverse("consult:briefing"))
    assert page.status_code == 200
    assert f"{last_month_day:%Y-%m}" in page.text.split("</h2>")[0]
    total = page.text.split('data-testid="total">')[1].split("<")[0]
    assert total == "1"
    assert 'data-testid="chart-trend"' in page.text  # something to draw


def test_every_empty_chart_says_no_data(client, bureau_user, members):
    client.force_login(bureau_user)
    page = client.get(reverse("consult:briefing") + "?period=month&at=2001-01")
    assert page.status_code == 200
    for chart in ("trend", "members", "heatmap"):
        assert f'data-testid="chart-{chart}-empty"' in page.text
        assert f'id="chart-{chart}"' not in page.text
    assert page.text.count("暂无数据") == 3


def test_the_consult_tabs_show_only_pages_the_role_may_open(client, make_user, expert):
    """Finance (a partner department) and experts see no tab that answers 403."""
    finance = make_user("department_member")
    for user in (finance, expert):
        client.force_login(user)
        page = client.get(reverse("consult:kb"))
        assert page.status_code == 200
        tabs = page.text.split('data-testid="consult-tabs"')[1].split("</ul>")[0]
        for href in [part.split('"')[0] for part in tabs.split('href="')[1:]]:
            assert client.get(href).status_code == 200, (user.role, href)


def test_hours_are_words_not_a_dash_and_h(client, bureau_user):
    client.force_login(bureau_user)
    page = client.get(reverse("consult:enquiries"))
    assert page.status_code == 200
    assert "— h" not in page.text and " h)" not in page.text
    assert "小时" in page.text
