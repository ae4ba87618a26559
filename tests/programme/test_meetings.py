"""County and district organisation: each county's and district's leading group, and the
groups' meetings whose decisions create programme tasks linked back to them."""

from datetime import date

import pytest
from django.urls import reverse

from biaozhun.accounts.models import Organisation
from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.programme import meetings, services
from biaozhun.programme.models import GroupMeeting, GroupMember, MeetingDecision, Task
from biaozhun.programme.selectors import visible_group_members, visible_meetings

pytestmark = pytest.mark.django_db


@pytest.fixture
def agriculture(yangzhou):
    return Organisation.objects.get(code="agriculture")


def test_city_meeting_decision_creates_linked_tasks(bureau_user, agriculture, district, client):
    meeting = meetings.record_meeting(
        bureau_user,
        district=None,
        title="领导小组第一次会议",
        held_on=date(2012, 3, 20),
        chair="副市长",
    )
    decision = meetings.add_decision(
        bureau_user,
        meeting,
        text="争取电子书工作组落户",
        tasks=[
            {"title": "编制申报材料", "organisation": agriculture, "deadline": date(2012, 9, 30)},
            {"title": "宝应县落实", "district": district("宝应县"), "deadline": date(2012, 9, 30)},
        ],
    )
    assert decision.number == 1
    assert sorted(decision.tasks.values_list("title", flat=True)) == ["宝应县落实", "编制申报材料"]
    task = Task.objects.get(title="编制申报材料")
    client.force_login(bureau_user)
    page = client.get(reverse("programme:task_detail", args=[task.pk]))
    assert 'data-testid="task-decision"' in page.text and "领导小组第一次会议" in page.text
    detail = client.get(reverse("programme:meeting_detail", args=[meeting.pk]))
    assert "编制申报材料" in detail.text and "宝应县落实" in detail.text
    second = meetings.add_decision(bureau_user, meeting, text="第二项")
    assert second.number == 2


def test_a_refused_task_stores_nothing(bureau_user):
    meeting = meetings.record_meeting(
        bureau_user, district=None, title="会议", held_on=date(2012, 3, 20), chair="甲"
    )
    with pytest.raises(DomainError) as caught:
        meetings.add_decision(
            bureau_user,
            meeting,
            text="决定",
            tasks=[{"title": "无人负责", "deadline": date(2012, 9, 30)}],
        )
    assert caught.value.code == "assignee_required" and caught.value.details["task"] == 1
    with pytest.raises(DomainError) as early:
        meetings.add_decision(
            bureau_user,
            meeting,
            text="决定",
            tasks=[
                {"title": "x", "district": None, "organisation": None, "deadline": date(2011, 1, 1)}
            ],
        )
    assert early.value.message_zh and early.value.message_en
    assert not MeetingDecision.objects.exists() and not Task.objects.exists()


def test_a_district_group_assigns_in_its_own_district_only(district_officer, district):
    officer = district_officer("宝应县")
    with pytest.raises(PermissionDenied):
        meetings.record_meeting(
            officer, district=None, title="x", held_on=date(2013, 1, 1), chair="x"
        )
    with pytest.raises(PermissionDenied):
        meetings.record_meeting(
            officer, district=district("高邮市"), title="x", held_on=date(2013, 1, 1), chair="x"
        )
    meeting = meetings.record_meeting(
        officer,
        district=district("宝应县"),
        title="宝应县领导小组会议",
        held_on=date(2013, 2, 26),
        chair="副县长",
    )
    decision = meetings.add_decision(
        officer,
        meeting,
        text="申报示范区",
        tasks=[{"title": "材料", "deadline": date(2013, 5, 31)}],
    )
    assert decision.tasks.get().district == district("宝应县")
    with pytest.raises(DomainError) as caught:
        meetings.add_decision(
            officer,
            meeting,
            text="越界",
            tasks=[{"title": "x", "district": district("高邮市"), "deadline": date(2013, 5, 31)}],
        )
    assert caught.value.code == "other_district"
    assert MeetingDecision.objects.count() == 1
    # another district's officer neither sees nor writes it
    other = district_officer("高邮市")
    assert meeting not in visible_meetings(other)
    with pytest.raises(PermissionDenied):
        meetings.add_decision(other, meeting, text="x")


def test_future_meetings_are_refused(bureau_user):
    with pytest.raises(DomainError) as caught:
        meetings.record_meeting(
            bureau_user, district=None, title="x", held_on=date(2099, 1, 1), chair="x"
        )
    assert caught.value.code == "future_date"
    assert not GroupMeeting.objects.exists()


def test_district_group_members_and_page(district_officer, district, client, bureau_user):
    officer = district_officer("宝应县")
    services.add_group_member(
        officer, district=district("宝应县"), unit="宝应县质监局", name="王", position="leader"
    )
    with pytest.raises(PermissionDenied):
        services.add_group_member(
            officer, district=district("高邮市"), unit="高邮市质监局", name="李", position="leader"
        )
    with pytest.raises(DomainError) as caught:
        services.add_group_member(
            officer, district=district("宝应县"), name="无单位", position="member"
        )
    assert caught.value.details["field"] == "unit"
    assert GroupMember.objects.count() == 1
    assert [m.name for m in visible_group_members(district_officer("高邮市"))] == []
    client.force_login(officer)
    page = client.get(reverse("programme:groups"))
    assert page.status_code == 200 and "宝应县质监局" in page.text
    client.force_login(bureau_user)
    filtered = client.get(reverse("programme:groups"), {"district": district("高邮市").code})
    assert "宝应县质监局" not in filtered.text
    # the city's task page lists the city's group only
    tasks = client.get(reverse("programme:tasks"))
    assert "宝应县质监局" not in tasks.text


def test_meetings_api_and_bad_input(client, bureau_user, agriculture, district):
    client.force_login(bureau_user)
    created = client.post(
        "/api/programme/meetings",
        {"title": "会议", "held_on": "2012-03-20", "chair": "副市长"},
        content_type="application/json",
    )
    assert created.status_code == 201
    meeting_id = created.json()["id"]
    decided = client.post(
        f"/api/programme/meetings/{meeting_id}/decisions",
        {
            "text": "决定",
            "tasks": [{"title": "任务", "organisation": agriculture.pk, "deadline": "2012-12-31"}],
        },
        content_type="application/json",
    )
    assert decided.status_code == 201
    assert len(decided.json()["decisions"][0]["tasks"]) == 1
    for payload in (
        {"text": "x", "tasks": [{"title": "t", "organisation": 999999, "deadline": "2012-12-31"}]},
        {"text": "x", "tasks": [{"title": "t", "district": "nowhere", "deadline": "2012-12-31"}]},
        {"text": "x", "tasks": [{"title": "t", "deadline": "not a date"}]},
        {"text": "x\x00", "tasks": []},
        {
            "text": "x",
            "tasks": [{"title": "t", "district": "321002", "deadline": "2012-12-31"}] * 21,
        },
    ):
        answer = client.post(
            f"/api/programme/meetings/{meeting_id}/decisions",
            payload,
            content_type="application/json",
        )
        assert answer.status_code in (400, 422), (payload, answer.content)
        assert answer.json()["message_zh"] and answer.json()["message_en"]
    assert MeetingDecision.objects.count() == 1 and Task.objects.count() == 1
    assert client.get("/api/programme/meetings", {"year": "20x"}).status_code == 400
    assert client.get("/api/programme/meetings", {"district": "city"}).json()[0]["id"] == meeting_id
    assert client.get("/api/programme/meetings/999999").status_code == 404


def test_meeting_pages(client, bureau_user, district_officer, district):
    client.force_login(bureau_user)
    answer = client.post(
        reverse("programme:meetings"),
        {"title": "页面登记的会议", "held_on": "2013-01-05", "chair": "甲"},
        follow=True,
    )
    assert answer.status_code == 200 and "会议已登记" in answer.text
    meeting = GroupMeeting.objects.get()
    decided = client.post(
        reverse("programme:meeting_detail", args=[meeting.pk]),
        {
            "text": "议定一",
            "task1_title": "任务一",
            "task1_district": district("广陵区").pk,
            "task1_deadline": "2013-06-30",
        },
        follow=True,
    )
    assert decided.status_code == 200 and "任务一" in decided.text
    assert client.get(reverse("programme:meetings"), {"year": "abc"}).status_code == 400
    officer = district_officer("宝应县")
    client.force_login(officer)
    assert client.get(reverse("programme:meeting_detail", args=[meeting.pk])).status_code == 200
    refused = client.post(reverse("programme:meeting_detail", args=[meeting.pk]), {"text": "越权"})
    assert refused.status_code == 404
    assert MeetingDecision.objects.count() == 1
