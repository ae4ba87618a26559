"""Pages that guide (issue 16 §3): a task page shows no error before anything is typed, the
leadership group is listed by rank, and dates are Asia/Shanghai's."""

from datetime import date

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _task(bureau_user):
    from biaozhun.accounts.models import District
    from biaozhun.programme import services

    return services.create_task(
        bureau_user,
        title="高邮培训",
        district=District.objects.get(code="321084"),
        deadline=date(2030, 1, 1),
    )


def test_a_task_page_shows_no_error_before_anything_is_typed(
    client, bureau_user, district_officer, yangzhou
):
    task = _task(bureau_user)
    url = reverse("programme:task_detail", args=[task.pk])
    for user in (bureau_user, district_officer("高邮市")):
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200
        assert "这个字段是必填项" not in page.text and "is-invalid" not in page.text
    # a report sent empty is still refused with the message
    refused = client.post(url, {"note": ""})
    assert refused.status_code == 200 and "这个字段是必填项" in refused.text


def test_the_leadership_group_lists_the_leader_before_the_deputies(client, bureau_user, yangzhou):
    from biaozhun.accounts.models import Organisation
    from biaozhun.programme import services

    agriculture = Organisation.objects.get(code="agriculture")
    for name, position in [("赵联络", "liaison"), ("钱副组长", "deputy"), ("孙成员", "member"),
                           ("李组长", "leader")]:  # fmt: skip
        services.add_group_member(
            bureau_user, organisation=agriculture, name=name, position=position
        )
    client.force_login(bureau_user)
    page = client.get(reverse("programme:tasks")).text
    group = page.split('data-testid="group-members"')[1].split("</ul>")[0]
    order = [group.index(n) for n in ("李组长", "钱副组长", "孙成员", "赵联络")]
    assert order == sorted(order)


def test_the_task_page_dates_are_shanghai_dates(client, bureau_user, yangzhou, monkeypatch):
    """At 23:30 UTC it is already the next day in Yangzhou: the page's "today" is that day."""
    import datetime as dt

    from django.utils import timezone

    task = _task(bureau_user)
    client.force_login(bureau_user)
    late_evening_utc = dt.datetime(2026, 4, 9, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late_evening_utc)
    page = client.get(reverse("programme:task_detail", args=[task.pk]))
    assert page.context["today"] == date(2026, 4, 10)
