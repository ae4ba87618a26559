"""Alerts: risk levels and internal deadlines, the inbox and desk pages, the API, scoping."""

from datetime import date, timedelta

import pytest

from biaozhun.alerts import desk
from biaozhun.alerts.models import Alert
from biaozhun.common.errors import DomainError
from biaozhun.core import alerting
from biaozhun.enterprises.profiles import services as profiles

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)  # a Monday


def test_internal_deadline_skips_weekends_and_holidays(bureau_user):
    desk.update_desk_settings(bureau_user, lead_working_days=10)
    # 2026-10-16 (Fri): 10 working days back crosses 国庆 2026-10-01..07 and the adjusted
    # working Saturday 2026-10-10
    assert desk.internal_deadline_for(date(2026, 10, 16)) == date(2026, 9, 28)
    # a plain fortnight: Fri 2026-03-20 -> Fri 2026-03-06
    assert desk.internal_deadline_for(date(2026, 3, 20)) == date(2026, 3, 6)
    # a deadline on a Sunday counts back from the previous working days
    assert desk.internal_deadline_for(date(2026, 3, 22)) == date(2026, 3, 9)
    # the desk adds a holiday: one day earlier
    desk.update_desk_settings(bureau_user, lead_working_days=10, extra_holidays=["2026-03-10"])
    assert desk.internal_deadline_for(date(2026, 3, 20)) == date(2026, 3, 5)
    desk.update_desk_settings(bureau_user, lead_working_days=0)
    assert desk.internal_deadline_for(date(2026, 3, 22)) == date(2026, 3, 20)
    assert desk.internal_deadline_for(None) is None


@pytest.fixture
def two_alerted(make_profile, bureau_user, django_capture_on_commit_callbacks, enterprise_user):
    from biaozhun.tbt.services import NotificationData, record_notification

    a = make_profile("甲电池", "广陵区", products=[("850760", "锂电池")], markets={"USA": 0.9})
    b = make_profile("乙电池", "宝应县", products=[("8507", "蓄电池")], markets={"USA": 0.2})
    with django_capture_on_commit_callbacks(execute=True):
        n = record_notification(
            bureau_user,
            NotificationData(
                symbol="G/TBT/N/USA/1999",
                distributed_on=date.today(),
                title="Lithium batteries",
                title_zh="锂电池安全要求",
                hs_codes=["850760"],
                comment_deadline=date.today() + timedelta(days=20),
                is_example=True,
            ),
        ).notification
    return a, b, n, enterprise_user(a), enterprise_user(b)


def test_inbox_shows_only_own_alerts(client, two_alerted):
    a, b, _n, ua, ub = two_alerted
    alert_a = Alert.objects.get(enterprise=a)
    alert_b = Alert.objects.get(enterprise=b)
    assert alert_a.risk == "red"
    client.force_login(ua)
    assert client.get("/alerts/").url == "/alerts/inbox/"
    page = client.get("/alerts/inbox/").content.decode()
    assert "G/TBT/N/USA/1999" in page and "锂电池安全要求" in page
    assert client.get(f"/alerts/inbox/{alert_b.pk}/").status_code == 404
    assert client.get(f"/api/alerts/{alert_b.pk}").status_code == 404
    assert client.post(f"/api/alerts/{alert_b.pk}/ack").status_code == 404
    listing = client.get("/api/alerts/").json()
    assert [item["id"] for item in listing["items"]] == [alert_a.pk]
    assert client.get("/alerts/desk/").status_code == 403
    assert client.get("/api/alerts/desk").status_code == 403
    # htmx filter returns the table only
    part = client.get("/alerts/inbox/?risk=yellow", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in part and "G/TBT/N/USA/1999" not in part
    # the other enterprise sees only its own
    client.force_login(ub)
    assert client.get(f"/alerts/inbox/{alert_a.pk}/").status_code == 404
    assert [i["id"] for i in client.get("/api/alerts/").json()["items"]] == [alert_b.pk]


def test_read_ack_feedback_through_page_and_api(client, two_alerted):
    a, _, _, ua, _ = two_alerted
    alert = Alert.objects.get(enterprise=a)
    client.force_login(ua)
    assert client.get("/api/alerts/?unread=true").json()["count"] == 1
    page = client.get(f"/alerts/inbox/{alert.pk}/").content.decode()
    assert "hs_prefix" not in page and "850760" in page
    alert.refresh_from_db()
    assert alert.read_at is not None
    assert client.get("/api/alerts/?unread=true").json()["count"] == 0
    r = client.post(f"/alerts/inbox/{alert.pk}/acknowledge/")
    assert r.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None and alert.acknowledged_by == ua
    r = client.post(
        f"/api/alerts/{alert.pk}/feedback",
        {"feedback": "maybe"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["code"] == "bad_feedback"
    r = client.post(
        f"/api/alerts/{alert.pk}/feedback",
        {"feedback": "not_relevant", "note": "我们不生产该型号"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["feedback"] == "not_relevant"
    r = client.post(f"/alerts/inbox/{alert.pk}/feedback/", {"relevant": "relevant", "note": ""})
    alert.refresh_from_db()
    assert alert.feedback == "relevant"


def test_api_shape(client, two_alerted):
    _a, _, _n, ua, _ = two_alerted
    client.force_login(ua)
    body = client.get("/api/alerts/").json()
    assert set(body) == {"items", "count"} and body["count"] == 1
    item = body["items"][0]
    assert item["notification"]["symbol"] == "G/TBT/N/USA/1999"
    assert item["risk"] == "red" and 0 < item["score"] <= 1
    assert item["internal_deadline"] and item["comment_deadline"]
    assert {"code", "detail"} <= set(item["reasons"][0])
    detail = client.get(f"/api/alerts/{item['id']}").json()
    assert detail["revisions"][0]["number"] == 1
    assert client.post(f"/api/alerts/{item['id']}/read").json()["read_at"]
    assert client.get("/api/alerts/999999").json()["code"] == "not_found"


def test_desk_sees_counts_and_who_has_not_read(client, two_alerted, bureau_user, district_officer):
    a, _b, n, _ua, _ = two_alerted
    client.force_login(bureau_user)
    page = client.get("/alerts/desk/").content.decode()
    assert "G/TBT/N/USA/1999" in page
    body = client.get("/api/alerts/desk").json()
    row = body["items"][0]
    assert row["enterprises"] == 2 and row["red"] >= 1 and row["red_unread"] >= 1
    detail = client.get(f"/alerts/desk/{n.pk}/").content.decode()
    assert "甲电池" in detail and "乙电池" in detail
    # staff opening an alert does not mark it read
    alert_a = Alert.objects.get(enterprise=a)
    assert client.get(f"/alerts/inbox/{alert_a.pk}/").status_code == 200
    alert_a.refresh_from_db()
    assert alert_a.read_at is None
    assert client.post(f"/api/alerts/{alert_a.pk}/ack").status_code == 403
    # the district officer sees only its district's enterprises
    client.force_login(district_officer("宝应县"))
    detail = client.get(f"/alerts/desk/{n.pk}/").content.decode()
    assert "乙电池" in detail and "甲电池" not in detail
    assert client.get("/api/alerts/desk").json()["items"][0]["enterprises"] == 1


def test_dashboard_cards(client, two_alerted, bureau_user):
    _a, _, _, ua, _ = two_alerted
    client.force_login(ua)
    page = client.get("/").content.decode()
    assert 'data-testid="card-alerts-red-unread"' in page
    client.force_login(bureau_user)
    page = client.get("/").content.decode()
    assert 'data-testid="card-alerts-red-unread-desk"' in page


def test_refresh_risks_as_deadlines_approach(two_alerted):
    _a, b, _, _, _ = two_alerted
    alert_b = Alert.objects.get(enterprise=b)
    Alert.objects.filter(pk=alert_b.pk).update(risk="yellow")
    assert desk.refresh_risks() >= 1
    alert_b.refresh_from_db()
    assert alert_b.risk == alerting.risk_level(
        alert_b.score, alert_b.comment_deadline, alert_b.entry_into_force, date.today()
    )


def test_desk_lists_all_notifications_and_filters(client, two_alerted, bureau_user):
    from biaozhun.tbt.services import NotificationData, record_notification

    record_notification(
        bureau_user,
        NotificationData(
            symbol="G/TBT/N/JPN/1998",
            distributed_on=date.today(),
            title="Cosmetics",
            hs_codes=["3304"],
            is_example=True,
        ),
    )
    client.force_login(bureau_user)
    page = client.get("/alerts/desk/").content.decode()
    assert "G/TBT/N/JPN/1998" in page and "G/TBT/N/USA/1999" in page
    page = client.get("/alerts/desk/?hit=1").content.decode()
    assert "G/TBT/N/JPN/1998" not in page and "G/TBT/N/USA/1999" in page
    page = client.get("/alerts/desk/?member=JPN").content.decode()
    assert "G/TBT/N/JPN/1998" in page and "G/TBT/N/USA/1999" not in page
    page = client.get("/alerts/desk/?hs=8507").content.decode()
    assert "G/TBT/N/JPN/1998" not in page and "G/TBT/N/USA/1999" in page
    page = client.get("/alerts/desk/?red_unread=1").content.decode()
    assert "G/TBT/N/USA/1999" in page and "G/TBT/N/JPN/1998" not in page
    assert client.get("/api/alerts/desk?hit=true").json()["count"] == 1
    assert client.get("/api/alerts/desk").json()["count"] == 2


def test_pages_do_not_write_and_the_daily_task_refreshes_risks(client, two_alerted, bureau_user):
    from datetime import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from biaozhun.alerts import tasks
    from biaozhun.alerts.models import DeskSettings

    a, _, _, ua, _ = two_alerted
    Alert.objects.filter(enterprise=a).update(risk="yellow")
    DeskSettings.objects.update(risks_refreshed_on=None)
    client.force_login(ua)
    assert client.get("/alerts/inbox/").status_code == 200
    client.force_login(bureau_user)
    assert client.get("/alerts/desk/").status_code == 200
    # reading the pages writes nothing
    assert Alert.objects.get(enterprise=a).risk == "yellow"
    assert DeskSettings.objects.get().risks_refreshed_on is None
    # the periodic task does, once a day, and queues its next run for the coming 00:05 local
    # time (tomorrow's, or today's when the test runs between midnight and 00:05 in Shanghai)
    before = timezone.now()
    assert tasks.refresh_risks_daily.call() == {"changed": 1}
    after = timezone.now()
    assert Alert.objects.get(enterprise=a).risk == "red"
    assert DeskSettings.objects.get().risks_refreshed_on in {
        timezone.localdate(before),
        timezone.localdate(after),
    }
    queued = DBTaskResult.objects.filter(task_path="biaozhun.alerts.tasks.refresh_risks_daily")
    assert queued.count() == 1
    due = timezone.localtime(queued.get().run_after)
    assert (due.hour, due.minute, due.second) == (0, 5, 0)
    assert before < due <= after + timedelta(days=1)
    Alert.objects.filter(enterprise=a).update(risk="yellow")
    assert tasks.refresh_risks_daily.call() == {"changed": None}  # already refreshed today
    assert Alert.objects.get(enterprise=a).risk == "yellow"
    assert queued.count() == 1  # one wake-up per due time
    assert (
        tasks.next_refresh_time(
            datetime(2026, 3, 2, 0, 1, tzinfo=timezone.get_current_timezone())
        ).day
        == 2
    )


def test_alert_recipients(two_alerted, make_user):
    from biaozhun.alerts.selectors import alert_recipients
    from biaozhun.enterprises.services import add_contact

    a, _, _, ua, _ = two_alerted
    contact = add_contact(ua, a, name="李工", email="li@example.org")
    users, contacts = alert_recipients(a)
    assert users == [ua] and contacts == [contact]
    profiles.update_profile_settings(ua, a, all_markets=False, alert_contact_ids=[contact.pk])
    assert alert_recipients(a) == ([], [contact])


def test_admin_is_read_only(client, two_alerted):
    from biaozhun.accounts.models import User
    from biaozhun.enterprises.models import ExportProfile

    admin_user = User.objects.create_superuser(
        "alerts-admin", password="pass-word-123", role="bureau_admin"
    )
    client.force_login(admin_user)
    a, *_ = two_alerted
    alert = Alert.objects.get(enterprise=a)
    assert client.get("/admin/alerts/alert/").status_code == 200
    assert client.get(f"/admin/alerts/alert/{alert.pk}/change/").status_code == 200
    profile = ExportProfile.objects.get(enterprise=a)
    assert client.get(f"/admin/enterprises/exportprofile/{profile.pk}/change/").status_code == 200
    assert client.get("/admin/enterprises/exportprofile/add/").status_code == 403


def test_inbox_and_desk_query_counts_do_not_grow_with_alerts(
    client,
    make_profile,
    bureau_user,
    enterprise_user,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    from biaozhun.tbt.services import NotificationData, record_notification

    enterprise = make_profile("多通报企业", products=[("8507", "电池")], markets={"USA": 0.5})
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(12):
            record_notification(
                bureau_user,
                NotificationData(
                    symbol=f"G/TBT/N/USA/{3000 + i}",
                    distributed_on=date.today(),
                    title=f"Batteries {i}",
                    hs_codes=["850760"],
                    comment_deadline=date.today() + timedelta(days=10 + i),
                    is_example=True,
                ),
            )
    assert Alert.objects.filter(enterprise=enterprise).count() == 12
    client.force_login(enterprise_user(enterprise))
    client.get("/alerts/inbox/")  # warm: session, daily risk refresh
    with django_assert_max_num_queries(12):
        assert client.get("/alerts/inbox/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/alerts/").json()["count"] == 12
    client.force_login(bureau_user)
    client.get("/alerts/desk/")
    with django_assert_max_num_queries(14):
        assert client.get("/alerts/desk/").status_code == 200


def test_desk_settings(client, bureau_user, make_enterprise, enterprise_user):
    """(Moved from the profile tests.)"""
    user = enterprise_user(make_enterprise("扬州甲电池有限公司", "广陵区", is_exporter=True))
    with pytest.raises(DomainError):
        desk.update_desk_settings(user, lead_working_days=5)
    with pytest.raises(DomainError) as exc:
        desk.update_desk_settings(bureau_user, lead_working_days=5, extra_holidays=["2027-13-01"])
    assert exc.value.code == "bad_date"
    row = desk.update_desk_settings(
        bureau_user, lead_working_days=7, extra_holidays=["2027-01-01", "2027-01-01"]
    )
    assert row.lead_working_days == 7 and row.extra_holidays == ["2027-01-01"]
    client.force_login(bureau_user)
    r = client.post("/alerts/settings/", {"lead_working_days": "12", "extra_holidays": ""})
    assert r.status_code == 302 and desk.desk_settings().lead_working_days == 12
    client.force_login(user)
    assert client.get("/alerts/settings/").status_code == 403


def test_a_deadline_horizon_past_the_calendar_lists_every_future_deadline(client, two_alerted):
    """`deadline_within=2147483646` (found by the API fuzzer) overflowed the date: a 500."""
    _, _, _, ua, _ = two_alerted
    client.force_login(ua)
    week = client.get("/api/alerts/?deadline_within=60")
    huge = client.get("/api/alerts/?deadline_within=2147483646")
    assert week.status_code == huge.status_code == 200
    assert huge.json()["count"] >= week.json()["count"] == 1
    assert client.get("/alerts/inbox/?deadline=2147483646").status_code == 200
