"""Matching through the service: a notification recorded through tbt's service alerts the
enterprises whose profiles it concerns (HS prefix rules, markets, the EU group, shares), once;
an addendum that changes dates or scope re-alerts them once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from biaozhun.alerts import actions, matching
from biaozhun.alerts.models import Alert, AlertRevision
from biaozhun.common.events import Delivery, ExportProfileChanged
from biaozhun.enterprises.profiles import services as profiles

pytestmark = pytest.mark.django_db


def alerted(notification):
    return {a.enterprise.name_zh: a for a in Alert.objects.filter(notification=notification)}


def test_matching_is_subscribed_to_recorded_notifications():
    from django.utils.module_loading import import_string

    from biaozhun.common.events import SUBSCRIPTIONS, NotificationRecorded

    handlers = [import_string(path) for path in SUBSCRIPTIONS[NotificationRecorded]]
    assert handlers == [matching.on_notification_recorded]


def test_hs_prefix_rules(make_profile, notify):
    make_profile("锂电池厂", products=[("850760", "锂离子蓄电池")], markets={"USA": 0.5})
    make_profile("电池大类厂", products=[("8507", "蓄电池")], markets={"USA": 0.5})
    make_profile("电气章厂", products=[("85", "电气设备")], markets={"USA": 0.5})
    make_profile("税则行厂", products=[("8507600010", "出口税则行")], markets={"USA": 0.5})
    make_profile("服装厂", products=[("6109", "针织T恤")], markets={"USA": 0.5})
    n = notify("G/TBT/N/USA/2001", hs=["850760"])
    hits = alerted(n)
    assert set(hits) == {"锂电池厂", "电池大类厂", "电气章厂", "税则行厂"}
    # inside the notified code scores more than a product declared more broadly
    assert hits["锂电池厂"].score > hits["电池大类厂"].score > hits["电气章厂"].score
    assert hits["税则行厂"].score == hits["锂电池厂"].score
    assert {r["code"] for r in hits["锂电池厂"].reasons} >= {"hs_prefix", "market"}
    assert {r["code"] for r in hits["电气章厂"].reasons} >= {"hs_broader"}
    # a chapter notification covers every product inside it
    n2 = notify("G/TBT/N/USA/2002", hs=["85"])
    assert set(alerted(n2)) == {"锂电池厂", "电池大类厂", "电气章厂", "税则行厂"}


def test_markets_and_the_eu_group(make_profile, notify):
    make_profile("出口欧盟", products=[("6109", "T恤")], markets={"EU": 0.8})
    make_profile("出口德国", products=[("6109", "T恤")], markets={"DEU": 0.3})
    make_profile("出口美国", products=[("6109", "T恤")], markets={"USA": 1})
    make_profile("全部市场", products=[("6109", "T恤")], all_markets=True)
    eu = notify("G/TBT/N/EU/3001", hs=["610910"])
    assert set(alerted(eu)) == {"出口欧盟", "出口德国", "全部市场"}
    fra = notify("G/TBT/N/FRA/3002", hs=["610910"])
    assert set(alerted(fra)) == {"出口欧盟", "全部市场"}
    usa = notify("G/TBT/N/USA/3003", hs=["610910"])
    assert set(alerted(usa)) == {"出口美国", "全部市场"}
    jpn = notify("G/TBT/N/JPN/3004", hs=["610910"])
    assert set(alerted(jpn)) == {"全部市场"}


def test_share_of_exports_weighs_the_score(make_profile, notify):
    make_profile("大头", products=[("9503", "玩具")], markets={"USA": 0.9})
    make_profile("小头", products=[("9503", "玩具")], markets={"USA": 0.1})
    make_profile("未知", products=[("9503", "玩具")], markets={"USA": None})
    hits = alerted(notify("G/TBT/N/USA/4001", hs=["9503"]))
    assert hits["大头"].score > hits["未知"].score > hits["小头"].score


def test_ics_and_keywords(make_profile, notify):
    make_profile("灯具厂", products=[("9405", "灯具", "29.140.40")], markets={"KOR": 0.4})
    make_profile(
        "插座厂", products=[("8536", "插头插座", "", "电动自行车,充电器")], markets={"KOR": 0.4}
    )
    by_ics = notify("G/TBT/N/KOR/5001", ics=["29.140"])
    assert set(alerted(by_ics)) == {"灯具厂"}
    by_text = notify(
        "G/TBT/N/KOR/5002", title="电动自行车充电器安全要求", title_zh="电动自行车充电器安全要求"
    )
    hits = alerted(by_text)
    assert set(hits) == {"插座厂"} and hits["插座厂"].reasons[0]["code"] == "keywords"


def test_not_approved_and_unprofiled_are_not_alerted(make_profile, make_enterprise, notify):
    from biaozhun.enterprises.models import Enterprise

    pending = make_profile("待审企业", products=[("6109", "T恤")], markets={"USA": 0.5})
    Enterprise.objects.filter(pk=pending.pk).update(status="pending")
    make_enterprise("没有档案", is_exporter=True)
    assert alerted(notify("G/TBT/N/USA/6001", hs=["6109"])) == {}


def test_addendum_changing_dates_realerts_once(make_profile, notify, enterprise_user):
    enterprise = make_profile("锂电池厂", products=[("850760", "锂电池")], markets={"EU": 0.5})
    base = notify("G/TBT/N/EU/7001", hs=["850760"], days=60)
    alert = Alert.objects.get()
    assert alert.revision == 1 and alert.notification == base
    user = enterprise_user(enterprise)
    actions.acknowledge_alert(user, alert)
    # re-recording the same notification unchanged: nothing new
    notify("G/TBT/N/EU/7001", hs=["850760"], days=60)
    assert Alert.objects.get().revision == 1
    # an addendum that moves the comment deadline re-opens the same alert
    add = notify("G/TBT/N/EU/7001/Add.1", hs=[], days=90, distributed_on=timezone.localdate())
    alert = Alert.objects.get()
    assert Alert.objects.count() == 1
    assert alert.revision == 2 and alert.read_at is None and alert.acknowledged_at is None
    assert alert.comment_deadline == timezone.localdate() + timedelta(days=90)
    rev = AlertRevision.objects.get(alert=alert, number=2)
    assert rev.source_symbol == add.symbol and "comment_deadline" in rev.changes["diff"]
    # the listener called again for the same addendum (re-import): still revision 2
    matching.match_notification(add.pk, True)
    notify("G/TBT/N/EU/7001/Add.1", hs=[], days=90, title="Technical regulation")
    assert Alert.objects.get().revision == 2
    assert AlertRevision.objects.filter(alert=alert).count() == 2
    # an addendum that changes nothing we watch (no dates, no codes) does not re-alert
    notify("G/TBT/N/EU/7001/Add.2", hs=[], days=None, force_days=None)
    assert Alert.objects.get().revision == 2


def test_addendum_widening_scope_alerts_new_enterprises(make_profile, notify):
    make_profile("电池厂", products=[("850760", "锂电池")], markets={"EU": 0.5})
    make_profile("充电器厂", products=[("850440", "充电器")], markets={"EU": 0.5})
    base = notify("G/TBT/N/EU/7101", hs=["850760"])
    assert set(alerted(base)) == {"电池厂"}
    notify("G/TBT/N/EU/7101/Add.1", hs=["850440"])
    hits = alerted(base)
    assert set(hits) == {"电池厂", "充电器厂"}
    assert hits["电池厂"].revision == 2 and hits["充电器厂"].revision == 1


def test_profile_change_updates_the_index(
    make_profile, notify, bureau_user, django_capture_on_commit_callbacks
):
    enterprise = make_profile("后来出口", products=[("6109", "T恤")], markets={"JPN": 0.5})
    assert alerted(notify("G/TBT/N/USA/8001", hs=["6109"])) == {}
    with django_capture_on_commit_callbacks(execute=True):
        profiles.set_market(bureau_user, enterprise, profiles.MarketData("USA", "0.3"))
    assert set(alerted(notify("G/TBT/N/USA/8002", hs=["6109"]))) == {"后来出口"}


def test_each_alert_and_its_reopening_is_pushed_once(make_profile, notify):
    from biaozhun.notify.models import Message

    make_profile("电池厂", products=[("8507", "电池")], markets={"USA": 0.5})
    notify("G/TBT/N/USA/9001", hs=["8507"])
    notify("G/TBT/N/USA/9001/Add.1", days=20)
    notify("G/TBT/N/USA/9001/Add.1", days=20)  # the same state again: nothing new
    alert = Alert.objects.get()
    pushed = list(Message.objects.order_by("pk").values_list("dedupe_key", "title_en"))
    assert [key for key, _ in pushed] == [f"alert-{alert.pk}-r1", f"alert-{alert.pk}-r2"]
    assert "(updated)" not in pushed[0][1] and "(updated)" in pushed[1][1]


def test_revision_page_and_english(client, make_profile, notify, enterprise_user):
    enterprise = make_profile("锂电池厂", products=[("850760", "锂电池")], markets={"EU": 0.5})
    notify("G/TBT/N/EU/7201", hs=["850760"], days=60)
    notify("G/TBT/N/EU/7201/Add.1", days=90)
    alert = Alert.objects.get()
    client.force_login(enterprise_user(enterprise))
    page = client.get(f"/alerts/inbox/{alert.pk}/").content.decode()
    assert "更新记录" in page and "G/TBT/N/EU/7201/Add.1" in page and "评议截止:" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/alerts/inbox/{alert.pk}/").content.decode()
    assert "Revisions" in page and "final date for comments:" in page
    assert "Why it matched" in page and "HS code covers your product" in page
    inbox = client.get("/alerts/inbox/").content.decode()
    assert "Internal deadline" in inbox and "updated" in inbox


def _profile_events(callbacks):
    """The enterprise ids of the ExportProfileChanged deliveries queued on commit."""
    return [
        c.payload["enterprise_id"]
        for c in callbacks
        if isinstance(c, Delivery) and c.name == ExportProfileChanged.name
    ]


def test_a_new_profile_is_matched_against_open_notifications(
    make_enterprise, notify, bureau_user, django_capture_on_commit_callbacks
):
    open_n = notify("G/TBT/N/USA/8101", hs=["9503"], days=30)
    notify(
        "G/TBT/N/USA/8102",
        hs=["9503"],
        days=-400,
        force_days=-300,
        distributed_on=timezone.localdate() - timedelta(days=500),
    )
    later = make_enterprise("后来建档", is_exporter=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        profiles.add_product(bureau_user, later, profiles.ProductData("950300", "玩具"))
        profiles.set_market(bureau_user, later, profiles.MarketData("USA", "0.5"))
    # one refresh for the enterprise in the transaction (plus the alert announcement)
    assert _profile_events(callbacks) == [later.pk]
    alerts = Alert.objects.filter(enterprise=later)
    assert [a.notification for a in alerts] == [open_n]
    # editing the profile again does not duplicate or re-open the alert
    with django_capture_on_commit_callbacks(execute=True):
        profiles.add_product(bureau_user, later, profiles.ProductData("950490", "游戏机"))
    assert alerts.count() == 1 and alerts.get().revision == 1


def test_an_import_matches_each_enterprise_once(
    make_enterprise, notify, bureau_user, django_capture_on_commit_callbacks
):
    import io

    from biaozhun.enterprises.profiles.importers import import_profiles

    notify("G/TBT/N/EU/8201", hs=["6109"], days=30)
    a = make_enterprise("甲服装", is_exporter=True)
    rows = [
        "信用代码,HS编码,产品描述,出口市场,出口占比",
        f"{a.credit_code},6109.10,T恤,EU,0.5",
        f"{a.credit_code},6110,毛衣,USA,0.2",
        f"{a.credit_code},99,坏,,",
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = import_profiles(bureau_user, io.BytesIO("\n".join(rows).encode()), "p.csv")
    assert report.created == 2 and [e.line for e in report.errors] == [4]
    assert _profile_events(callbacks) == [a.pk]
    assert Alert.objects.filter(enterprise=a, notification__symbol="G/TBT/N/EU/8201").exists()


def test_withdrawn_notifications_do_not_alert(make_profile, notify):
    make_profile("玩具厂", products=[("9503", "玩具")], markets={"USA": 0.5})
    n = notify("G/TBT/N/USA/8301", hs=["9503"], status="withdrawn")
    assert alerted(n) == {}
    n = notify("G/TBT/N/USA/8301", hs=["9503"], status="notified")
    assert set(alerted(n)) == {"玩具厂"}
