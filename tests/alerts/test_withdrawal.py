"""Alerts that no longer apply are withdrawn, not left open: the notification itself withdrawn
(``notification_withdrawn``), or a later document that narrows the family's scope so that it
no longer concerns the enterprise (``out_of_scope``). The WTO rule for the family's codes: a
revision replaces, a corrigendum corrects (replaces) the document it is attached to, an
addendum adds. A withdrawal is recorded (revision, audit), pushed once as an "info" message,
and a later document that brings the enterprise back re-opens the alert."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from biaozhun.alerts import desk, matching, selectors
from biaozhun.alerts.models import Alert
from biaozhun.enterprises.profiles import services as profiles

pytestmark = pytest.mark.django_db

BATTERY = ("850760", "锂离子蓄电池")
CHARGER = ("850440", "充电器")


@pytest.fixture
def two_exporters(make_profile, make_user):
    """A battery maker and a charger maker, both exporting to the EU, each with a user."""
    battery = make_profile("电池厂", products=[BATTERY], markets={"EU": 0.5})
    charger = make_profile("充电器厂", products=[CHARGER], markets={"EU": 0.5})
    make_user("enterprise_user", enterprise=battery, email="b@battery.example")
    make_user("enterprise_user", enterprise=charger, email="c@charger.example")
    return SimpleNamespace(battery=battery, charger=charger)


def alerts_of(notification):
    return {a.enterprise.name_zh: a for a in Alert.objects.filter(notification=notification)}


def withdrawal_messages():
    from biaozhun.notify.models import Message

    return list(Message.objects.filter(kind="tbt_alert", urgency="info").order_by("pk"))


def test_withdrawn_notification_withdraws_its_alerts_and_tells_each_enterprise_once(
    two_exporters, notify, django_capture_on_commit_callbacks
):
    from biaozhun.accounts.models import AuditEvent
    from biaozhun.notify.models import Message

    base = notify("G/TBT/N/EU/9301", hs=["850760", "850440"])
    assert set(alerts_of(base)) == {"电池厂", "充电器厂"}
    pushed_before = Message.objects.count()
    assert pushed_before == 2 and not withdrawal_messages()

    notify("G/TBT/N/EU/9301", hs=["850760", "850440"], status="withdrawn")
    hits = alerts_of(base)
    for alert in hits.values():
        assert alert.withdrawn_at is not None
        assert alert.withdrawn_reason == Alert.Withdrawn.NOTIFICATION_WITHDRAWN
        assert alert.revision == 2
        last = alert.revisions.order_by("number").last()
        assert last.number == 2 and last.changes["withdrawn"] == "notification_withdrawn"
    messages = withdrawal_messages()
    assert {m.enterprise_id for m in messages} == {
        two_exporters.battery.pk,
        two_exporters.charger.pk,
    }
    assert len(messages) == 2
    assert all(
        "通报已撤回" in m.title_zh and "Notification withdrawn" in m.title_en for m in messages
    )
    assert all(m.dedupe_key.endswith("-withdrawn") for m in messages)
    audit = AuditEvent.objects.filter(action="alert.withdraw")
    assert audit.count() == 1
    assert audit.get().changes["reason"] == "notification_withdrawn"

    # matching the same family again changes nothing and pushes nothing
    total = Message.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = matching.match_notification(base.pk, True)
    assert outcome.withdrawn == 0 and outcome.created == outcome.realerted == 0
    assert Message.objects.count() == total
    assert {a.revision for a in alerts_of(base).values()} == {2}
    assert AuditEvent.objects.filter(action="alert.withdraw").count() == 1


def test_corrigendum_narrowing_the_codes_withdraws_only_those_out_of_scope(two_exporters, notify):
    base = notify("G/TBT/N/EU/9302", hs=["850760", "850440"])
    notify("G/TBT/N/EU/9302/Corr.1", hs=["850760"])
    hits = alerts_of(base)
    assert hits["电池厂"].withdrawn_at is None
    assert hits["充电器厂"].withdrawn_at is not None
    assert hits["充电器厂"].withdrawn_reason == Alert.Withdrawn.OUT_OF_SCOPE
    last = hits["充电器厂"].revisions.order_by("number").last()
    assert last.source_symbol == "G/TBT/N/EU/9302/Corr.1"
    assert last.changes["diff"]["hs_codes"] == [["850440", "850760"], ["850760"]]
    messages = withdrawal_messages()
    assert [m.enterprise_id for m in messages] == [two_exporters.charger.pk]
    assert "不再适用" in messages[0].title_zh and "No longer applies" in messages[0].title_en


def test_addendum_with_extra_codes_keeps_the_union(two_exporters, notify):
    base = notify("G/TBT/N/EU/9303", hs=["850760"])
    assert set(alerts_of(base)) == {"电池厂"}
    notify("G/TBT/N/EU/9303/Add.1", hs=["850440"])
    _, state = matching.notification_state(base)
    assert set(state.hs_codes) == {"850760", "850440"}
    hits = alerts_of(base)
    assert set(hits) == {"电池厂", "充电器厂"}
    assert all(a.withdrawn_at is None for a in hits.values())
    assert not withdrawal_messages()


def test_revision_replaces_the_codes(two_exporters, notify):
    base = notify("G/TBT/N/EU/9304", hs=["850760"])
    notify("G/TBT/N/EU/9304/Add.1", hs=["850760"])
    notify("G/TBT/N/EU/9304/Rev.1", hs=["850440"])
    _, state = matching.notification_state(base)
    assert state.hs_codes == ("850440",)
    hits = alerts_of(base)
    assert hits["电池厂"].withdrawn_reason == Alert.Withdrawn.OUT_OF_SCOPE
    assert hits["充电器厂"].withdrawn_at is None and hits["充电器厂"].revision == 1


def test_back_in_scope_re_opens_the_alert(two_exporters, notify):
    from biaozhun.notify.models import Message

    base = notify("G/TBT/N/EU/9305", hs=["850760", "850440"])
    notify("G/TBT/N/EU/9305/Corr.1", hs=["850760"])
    charger = alerts_of(base)["充电器厂"]
    assert charger.withdrawn_at is not None and charger.revision == 2
    # a second corrigendum to the notification gives back both codes
    notify("G/TBT/N/EU/9305/Corr.2", hs=["850760", "850440"])
    charger.refresh_from_db()
    assert charger.withdrawn_at is None and charger.withdrawn_reason == ""
    assert charger.revision == 3 and charger.read_at is None
    reopened = Message.objects.get(dedupe_key=f"alert-{charger.pk}-r3")
    assert "(更新)" in reopened.title_zh and reopened.enterprise == two_exporters.charger
    assert charger.revisions.order_by("number").last().changes.get("withdrawn") is None


def test_withdrawn_then_reinstated_notification_re_opens(two_exporters, notify):
    base = notify("G/TBT/N/EU/9306", hs=["850760"])
    notify("G/TBT/N/EU/9306", hs=["850760"], status="withdrawn")
    assert alerts_of(base)["电池厂"].withdrawn_at is not None
    notify("G/TBT/N/EU/9306", hs=["850760"], status="notified")
    alert = alerts_of(base)["电池厂"]
    assert alert.withdrawn_at is None and alert.revision == 3


def test_a_withdrawal_is_pushed_once(two_exporters, notify):
    base = notify("G/TBT/N/EU/9307", hs=["850760", "850440"])
    notify("G/TBT/N/EU/9307/Corr.1", hs=["850760"])
    notify("G/TBT/N/EU/9307/Corr.1", hs=["850760"], title="Corrected again")
    charger = alerts_of(base)["充电器厂"]
    assert [m.dedupe_key for m in withdrawal_messages()] == [f"alert-{charger.pk}-r2-withdrawn"]


def test_a_profile_change_match_does_not_withdraw_other_enterprises(
    two_exporters, notify, make_profile
):
    base = notify("G/TBT/N/EU/9308", hs=["850760", "850440"])
    # a new exporter is matched against the open notifications with a one-profile index
    make_profile("新电池厂", products=[BATTERY], markets={"EU": 0.3})
    matching.match_enterprise(two_exporters.battery.pk)
    hits = alerts_of(base)
    assert all(a.withdrawn_at is None for a in hits.values())


def test_withdrawn_alerts_are_not_open(
    two_exporters, notify, enterprise_user, bureau_user, make_user
):
    from biaozhun.alerts.apps import AlertsConfig

    base = notify("G/TBT/N/EU/9309", hs=["850760", "850440"], days=10)
    notify("G/TBT/N/EU/9309/Corr.1", hs=["850760"], days=10)
    user = enterprise_user(two_exporters.charger)
    assert selectors.visible_alerts(user).count() == 1
    assert selectors.open_alerts(user).count() == 0
    assert selectors.search_alerts(user, withdrawn=False).count() == 0
    assert selectors.search_alerts(user, withdrawn=True).count() == 1
    assert selectors.search_alerts(user, withdrawn=True, reason="out_of_scope").count() == 1
    assert (
        selectors.search_alerts(user, withdrawn=True, reason="notification_withdrawn").count() == 0
    )
    charger_alert = alerts_of(base)["充电器厂"]
    assert charger_alert.risk == "red"  # the level it had; it no longer counts as red
    config = AlertsConfig.create("biaozhun.alerts")
    card = config.dashboard_cards(user)[0]
    assert card["value"] == 0
    desk_card = config.dashboard_cards(bureau_user)[0]
    assert desk_card["value"] == 1  # the battery maker's red alert only
    row = selectors.desk_rows(bureau_user).get(pk=base.pk)
    assert (row.n_enterprises, row.n_red, row.n_red_unread) == (1, 1, 1)
    assert Alert.objects.open().count() == 1 and Alert.objects.withdrawn().count() == 1


def test_refresh_risks_leaves_withdrawn_alerts(two_exporters, notify):
    base = notify("G/TBT/N/EU/9310", hs=["850760"], days=10)
    notify("G/TBT/N/EU/9310", hs=["850760"], days=10, status="withdrawn")
    alert = alerts_of(base)["电池厂"]
    Alert.objects.filter(pk=alert.pk).update(risk="yellow")
    desk.refresh_risks(date.today())
    alert.refresh_from_db()
    assert alert.risk == "yellow"


def test_inbox_badge_filter_and_detail(client, two_exporters, notify, enterprise_user):
    base = notify("G/TBT/N/EU/9311", hs=["850760", "850440"])
    notify("G/TBT/N/EU/9312", hs=["850440"])
    notify("G/TBT/N/EU/9311/Corr.1", hs=["850760"])
    withdrawn = alerts_of(base)["充电器厂"]
    client.force_login(enterprise_user(two_exporters.charger))
    page = client.get("/alerts/inbox/").content.decode()
    assert 'data-testid="withdrawn-badge"' in page and "不再适用" in page
    assert "G/TBT/N/EU/9311" in page and "G/TBT/N/EU/9312" in page
    only = client.get("/alerts/inbox/?state=withdrawn").content.decode()
    assert "G/TBT/N/EU/9311" in only and "G/TBT/N/EU/9312" not in only
    still = client.get("/alerts/inbox/?state=open").content.decode()
    assert "G/TBT/N/EU/9311" not in still and "G/TBT/N/EU/9312" in still
    detail = client.get(f"/alerts/inbox/{withdrawn.pk}/").content.decode()
    assert 'data-testid="alert-withdrawn"' in detail
    assert "不再涉及" in detail and "G/TBT/N/EU/9311/Corr.1" in detail
    assert 'data-testid="family-scope"' in detail  # the codes after the corrigendum
    assert 'data-testid="acknowledge"' not in detail
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/alerts/inbox/").content.decode()
    assert "no longer applies" in page
    detail = client.get(f"/alerts/inbox/{withdrawn.pk}/").content.decode()
    assert "no longer concerns" in detail and "Withdrawn at" in detail


def test_withdrawn_notification_badge(client, two_exporters, notify, enterprise_user):
    notify("G/TBT/N/EU/9313", hs=["850760"])
    notify("G/TBT/N/EU/9313", hs=["850760"], status="withdrawn")
    client.force_login(enterprise_user(two_exporters.battery))
    page = client.get("/alerts/inbox/?state=notification_withdrawn").content.decode()
    assert 'data-withdrawn="notification_withdrawn"' in page and "已撤回" in page


def test_api_exposes_withdrawal_and_keeps_scope(client, two_exporters, notify, enterprise_user):
    base = notify("G/TBT/N/EU/9314", hs=["850760", "850440"])
    notify("G/TBT/N/EU/9314/Corr.1", hs=["850760"])
    battery_alert = alerts_of(base)["电池厂"]
    charger_alert = alerts_of(base)["充电器厂"]
    client.force_login(enterprise_user(two_exporters.charger))
    body = client.get("/api/alerts/").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["withdrawn_reason"] == "out_of_scope" and item["withdrawn_at"]
    assert client.get("/api/alerts/?withdrawn=false").json()["count"] == 0
    assert client.get("/api/alerts/?withdrawn=true").json()["count"] == 1
    detail = client.get(f"/api/alerts/{charger_alert.pk}").json()
    assert detail["revisions"][-1]["changes"]["withdrawn"] == "out_of_scope"
    # another enterprise's alert stays invisible
    assert client.get(f"/api/alerts/{battery_alert.pk}").status_code == 404
    assert client.get(f"/alerts/inbox/{battery_alert.pk}/").status_code == 404


# real commits: a profile edit matches its enterprise once per transaction, after commit
@pytest.mark.django_db(transaction=True)
def test_a_profile_change_withdraws_the_alerts_it_no_longer_matches_and_restores_them(
    two_exporters, notify, bureau_user, django_capture_on_commit_callbacks
):
    from biaozhun.enterprises.models import ExportProduct

    battery = two_exporters.battery
    base = notify("G/TBT/N/EU/9401", hs=["850760"])
    today = timezone.localdate()
    past = notify(
        "G/TBT/N/EU/9402",
        hs=["850760"],
        days=-30,
        distributed_on=today - timedelta(days=400),
        entry_into_force=today - timedelta(days=10),
    )
    assert set(alerts_of(base)) == set(alerts_of(past)) == {"电池厂"}
    product = ExportProduct.objects.get(profile__enterprise=battery, hs_code="850760")

    with django_capture_on_commit_callbacks(execute=True):
        profiles.remove_product(bureau_user, battery, product.pk)
    alert = alerts_of(base)["电池厂"]
    assert alert.withdrawn_reason == Alert.Withdrawn.OUT_OF_SCOPE and alert.revision == 2
    assert alerts_of(past)["电池厂"].withdrawn_at is None  # no longer open: history, left alone
    messages = withdrawal_messages()
    assert [m.enterprise_id for m in messages] == [battery.pk]
    assert "不再适用" in messages[0].title_zh

    with django_capture_on_commit_callbacks(execute=True):  # another edit: nothing more
        profiles.add_product(bureau_user, battery, profiles.ProductData("950300", "玩具"))
    assert alerts_of(base)["电池厂"].revision == 2 and len(withdrawal_messages()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        profiles.add_product(bureau_user, battery, profiles.ProductData("850760", "锂电池"))
    alert = alerts_of(base)["电池厂"]
    assert alert.withdrawn_at is None and alert.withdrawn_reason == "" and alert.revision == 3
    assert alert in selectors.open_alerts(bureau_user)
