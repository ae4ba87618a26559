"""Watch lists: one click from a check, hand edits, alerts the same day a watched standard
changes, marking read, the dashboard card."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.common.events import SUBSCRIPTIONS, CatalogueChanged
from biaozhun.validity.models import WatchAlert, WatchedStandard
from biaozhun.validity.services import (
    add_watched,
    mark_alert_read,
    notify_watchers,
    on_catalogue_changes,
    run_check,
    watch_from_check,
)

from .conftest import FIXTURE_LINES, make_standard

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(make_enterprise):
    return make_enterprise("扬州关注测试有限公司", "邗江区")


@pytest.fixture
def firm_user(firm, enterprise_user):
    return enterprise_user(firm)


def _changes(*changes):
    """Run the subscribers of CatalogueChanged as the task queue does after an import."""
    for path in SUBSCRIPTIONS[CatalogueChanged]:
        import_string(path)(CatalogueChanged([change.pk for change in changes]))


def test_handler_is_subscribed():
    handlers = [import_string(path) for path in SUBSCRIPTIONS[CatalogueChanged]]
    assert handlers[0] == on_catalogue_changes  # the register links its designations second


def test_one_click_from_a_check_adds_current_replaced_and_upcoming(catalogue, firm, firm_user):
    check = run_check(
        firm_user, list(enumerate(FIXTURE_LINES, 1)), source_name="x", source_kind="text"
    )
    assert check.enterprise == firm and check.district == firm.district
    added, skipped = watch_from_check(firm_user, check)
    designations = set(
        WatchedStandard.objects.filter(enterprise=firm).values_list("designation", flat=True)
    )
    assert designations == {
        "GB/T 19001-2016",
        "GB/T 19001-2008",
        "GB 9999-2025",
        "GB/T 1.1",
        "ISO 9001:2015/Amd 1:2024",
        "GB/T 19001-2000",
    }
    assert (added, skipped) == (6, 0)
    undated = WatchedStandard.objects.get(designation="GB/T 1.1")
    assert undated.standard == catalogue["GB/T 1.1-2020"] and undated.key == "GB/T 1.1"
    amended = WatchedStandard.objects.get(designation="ISO 9001:2015/Amd 1:2024")
    assert amended.standard == catalogue["ISO 9001:2015"]
    assert watch_from_check(firm_user, check) == (0, 6)
    assert WatchedStandard.objects.get(designation="GB/T 19001-2008").entered == "gbt 19001—2008"


def test_one_click_needs_an_enterprise(catalogue, bureau_user):
    check = run_check(bureau_user, [(1, "GB/T 19001-2016")], source_name="x", source_kind="text")
    with pytest.raises(DomainError) as exc:
        watch_from_check(bureau_user, check)
    assert exc.value.code == "no_enterprise"


def test_hand_edits_validate(catalogue, firm, firm_user, make_enterprise, enterprise_user):
    item = add_watched(firm_user, firm, "gb/t19001-2016", "主要产品")
    assert item.designation == "GB/T 19001-2016" and item.standard == catalogue["GB/T 19001-2016"]
    assert item.entered == "gb/t19001-2016"
    with pytest.raises(Conflict):
        add_watched(firm_user, firm, "GB/T 19001—2016")
    with pytest.raises(DomainError) as exc:
        add_watched(firm_user, firm, "不是标准号")
    assert exc.value.code.startswith("designation_") and exc.value.message_en
    unknown = add_watched(firm_user, firm, "GB/T 40000-2021")
    assert unknown.standard is None
    other = enterprise_user(make_enterprise("别的企业", "广陵区"))
    with pytest.raises(PermissionDenied):
        add_watched(other, firm, "GB 2762-2022")


def test_catalogue_change_alerts_the_watching_enterprise_the_same_day(
    catalogue, firm, firm_user, record_change, make_enterprise, enterprise_user
):
    add_watched(firm_user, firm, "GB/T 19001-2016")
    bystander = make_enterprise("不关注的企业", "广陵区")
    add_watched(enterprise_user(bystander), bystander, "GB 2762-2022")
    old = catalogue["GB/T 19001-2016"]
    new = make_standard("GB/T 19001-2026", "upcoming")
    old.status, old.replaced_by = "replaced", new
    old.save()
    replaced = record_change(old, "replaced", old_status="current", new_status="replaced")
    edition = record_change(new, "new")
    _changes(replaced, edition)
    alerts = list(WatchAlert.objects.order_by("pk"))
    assert [(a.enterprise, a.change) for a in alerts] == [(firm, replaced), (firm, edition)]
    assert "GB/T 19001-2016 已被代替,由 GB/T 19001-2026 代替" in alerts[0].message_zh
    assert "replaced by GB/T 19001-2026" in alerts[0].message_en
    assert "有新版本:GB/T 19001-2026" in alerts[1].message_zh
    assert timezone.localdate(alerts[0].created_at) == replaced.detected_on
    # handed to the notification outbox too (in-app feed and the enterprise's channels)
    from biaozhun.notify.models import Message

    pushed = Message.objects.filter(kind="watch", enterprise=firm).order_by("pk")
    assert [m.title_zh for m in pushed] == [a.message_zh for a in alerts]
    assert pushed[0].urgency == "orange" and pushed[0].url == "/validity/watch/alerts/?unread=1"
    # the same changes again (a re-run) do not alert twice
    assert notify_watchers([replaced.pk, edition.pk]) == 0


def test_withdrawal_and_linking_of_a_designation_not_yet_listed(
    catalogue, firm, firm_user, record_change
):
    waiting = add_watched(firm_user, firm, "GB/T 40000-2021")
    listed = make_standard("GB/T 40000-2021", "current")
    _changes(record_change(listed, "new"))
    waiting.refresh_from_db()
    assert waiting.standard == listed
    assert "已收录" in WatchAlert.objects.get().message_zh
    listed.status = "withdrawn"
    listed.save()
    _changes(record_change(listed, "withdrawn", old_status="current"))
    latest = WatchAlert.objects.order_by("-pk").first()
    assert "已废止,无替代标准" in latest.message_zh and "without successor" in latest.message_en


def test_alert_pages_mark_read_and_dashboard_card(
    client, catalogue, firm, firm_user, record_change, bureau_user
):
    add_watched(firm_user, firm, "GB 2762-2022")
    standard = catalogue["GB 2762-2022"]
    standard.status = "withdrawn"
    standard.save()
    _changes(record_change(standard, "status_changed", old_status="current"))
    alert = WatchAlert.objects.get()
    assert "状态由“现行”变为“废止”" in alert.message_zh
    client.force_login(firm_user)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="card-watch-alerts"' in home
    page = client.get(reverse("validity:alerts") + "?unread=1").content.decode()
    assert alert.message_zh in page
    response = client.post(
        reverse("validity:alert_read", args=[alert.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == reverse("validity:alerts")
    alert.refresh_from_db()
    assert alert.read_at is not None
    assert (
        alert.message_zh
        not in client.get(reverse("validity:alerts") + "?unread=1").content.decode()
    )
    # the bureau sees the alert but cannot mark it read for the enterprise
    with pytest.raises(PermissionDenied):
        mark_alert_read(bureau_user, alert)


def test_watchlist_pages_add_and_remove(client, catalogue, firm, firm_user):
    client.force_login(firm_user)
    response = client.get(reverse("validity:watchlist"))
    assert response.status_code == 302
    assert response.url == reverse("validity:watchlist_detail", args=[firm.pk])
    client.post(
        reverse("validity:watch_add", args=[firm.pk]),
        {"designation": "GB/T 19001-2008", "note": "老产品"},
    )
    item = WatchedStandard.objects.get()
    page = client.get(response.url).content.decode()
    assert "GB/T 19001-2008" in page and "GB/T 19001-2016" in page and "老产品" in page
    bad = client.post(
        reverse("validity:watch_add", args=[firm.pk]), {"designation": "xyz"}, follow=True
    )
    assert "无法识别" in bad.content.decode()
    client.post(reverse("validity:watch_remove", args=[item.pk]))
    assert not WatchedStandard.objects.exists()


def test_report_page_button_adds_to_the_watch_list(client, catalogue, firm, firm_user):
    check = run_check(firm_user, [(1, "GB 2762-2017")], source_name="x", source_kind="text")
    client.force_login(firm_user)
    assert (
        'data-testid="watch-all"'
        in client.get(reverse("validity:report", args=[check.pk])).content.decode()
    )
    response = client.post(reverse("validity:watch_from_check", args=[check.pk]), follow=True)
    assert "已加入关注列表 1 项" in response.content.decode()
    assert WatchedStandard.objects.get().designation == "GB 2762-2017"


def test_watch_api(client, catalogue, firm, firm_user):
    client.force_login(firm_user)
    created = client.post(
        "/api/validity/watch", {"designation": "GB 2762-2017"}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "replaced" and body["replaced_by"] == "GB 2762-2022"
    again = client.post(
        "/api/validity/watch", {"designation": "GB 2762-2017"}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["code"] == "already_watched"
    assert len(client.get("/api/validity/watch").json()) == 1
    assert client.delete(f"/api/validity/watch/{body['id']}").status_code == 204
    alerts = client.get("/api/validity/alerts").json()
    assert alerts == {"items": [], "count": 0, "unread": 0}


def test_many_changes_are_handled_in_chunks(catalogue, firm, firm_user, record_change, monkeypatch):
    import biaozhun.validity.services as services

    monkeypatch.setattr(services, "NOTIFY_CHUNK", 2)
    add_watched(firm_user, firm, "GB 2762-2022")
    add_watched(firm_user, firm, "GB/T 1.1-2020")
    changes = [
        record_change(catalogue["GB 2762-2022"], "updated"),
        record_change(catalogue["GB/T 19001-2016"], "updated"),  # nobody watches it
        record_change(catalogue["GB/T 1.1-2020"], "updated"),
    ]
    assert notify_watchers([c.pk for c in changes]) == 2
    assert WatchAlert.objects.count() == 2


def test_no_watch_list_means_no_work(catalogue, record_change, django_assert_num_queries):
    change = record_change(catalogue["GB 2762-2022"], "updated")
    with django_assert_num_queries(1):
        assert notify_watchers([change.pk]) == 0


def test_catalogue_import_alerts_through_the_listener(
    firm, firm_user, django_capture_on_commit_callbacks
):
    """End to end: the catalogue's own import service records the changes and, once its
    transaction commits, our listener turns them into alerts."""
    import datetime

    from biaozhun.catalogue.services import StandardRecord, import_records
    from biaozhun.common.importing import ImportReport
    from biaozhun.core.designation import parse

    def record(text, status, **fields):
        return StandardRecord(designation=parse(text), status=status, source="template", **fields)

    with django_capture_on_commit_callbacks(execute=True):
        import_records("template", [record("DB3210/T 30-2014", "current")], ImportReport())
    add_watched(firm_user, firm, "DB3210/T 30-2014")
    with django_capture_on_commit_callbacks(execute=True):
        result = import_records(
            "template",
            [
                record("DB3210/T 30-2014", "replaced", replaced_by="DB3210/T 30-2025"),
                record("DB3210/T 30-2025", "current", implemented_on=datetime.date(2025, 6, 1)),
            ],
            ImportReport(),
        )
    assert result.change_ids
    messages = sorted(
        WatchAlert.objects.filter(enterprise=firm).values_list("message_zh", flat=True)
    )
    assert any("已被代替,由 DB3210/T 30-2025 代替" in m for m in messages), messages
    assert any("有新版本:DB3210/T 30-2025" in m for m in messages), messages


def test_demo_data_is_idempotent(catalogue, make_enterprise, make_user):
    import io

    from biaozhun.validity.demo import load_demo_validity
    from biaozhun.validity.models import ValidityCheck

    firm = make_enterprise("扬州示例光电科技有限公司")
    make_user("enterprise_user", "guangdian", enterprise=firm)
    out = io.StringIO()
    load_demo_validity(out)
    load_demo_validity(out)
    check = ValidityCheck.objects.get()
    assert check.enterprise == firm and check.counts["current"] >= 1
    assert check.counts["invalid"] == 1 and check.counts["ambiguous"] == 1
    assert WatchedStandard.objects.filter(enterprise=firm).count() >= 2
    assert "查新" in out.getvalue()


def test_watch_from_the_standard_page_and_who_uses_it(
    client, catalogue, firm, firm_user, bureau_user, make_enterprise, enterprise_user
):
    from biaozhun.validity.selectors import enterprises_watching

    standard = catalogue["GB 2762-2022"]
    client.force_login(firm_user)
    response = client.post(reverse("validity:watch_standard", args=[standard.pk]))
    assert response.status_code == 302 and response.url == f"/standards/{standard.pk}/"
    assert WatchedStandard.objects.get(enterprise=firm).standard == standard
    other = make_enterprise("另一家", "广陵区")
    add_watched(enterprise_user(other), other, "GB 2762-2017")  # another edition, same key
    assert set(enterprises_watching(bureau_user, standard)) == {firm, other}
    assert list(enterprises_watching(firm_user, standard)) == [firm]
    client.force_login(bureau_user)
    assert client.post(reverse("validity:watch_standard", args=[standard.pk])).status_code == 404


def test_check_the_whole_watch_list(client, catalogue, firm, firm_user, make_enterprise):
    from biaozhun.validity.models import ValidityCheck

    add_watched(firm_user, firm, "GB 2762-2017")
    add_watched(firm_user, firm, "GB/T 1.1")
    client.force_login(firm_user)
    response = client.post(reverse("validity:watchlist_check", args=[firm.pk]))
    check = ValidityCheck.objects.get()
    assert response.url == reverse("validity:report", args=[check.pk])
    assert check.enterprise == firm and check.counts["replaced"] == 1
    assert check.counts["current"] == 1 and "关注列表" in check.source_name
    other = make_enterprise("别人家", "广陵区")
    assert client.post(reverse("validity:watchlist_check", args=[other.pk])).status_code == 404


def test_amendments_and_old_editions_do_not_pose_as_news(catalogue, firm, firm_user, record_change):
    add_watched(firm_user, firm, "GB/T 19001-2016")
    old = catalogue["GB/T 19001-2008"]
    old.status = "withdrawn"
    old.save()
    amendment = make_standard("GB/T 19001-2016/XG1-2024", "current")
    _changes(
        record_change(old, "status_changed", old_status="replaced"),  # older edition: no alert
        record_change(amendment, "new"),
    )
    alert = WatchAlert.objects.get()
    assert "修改单、修正案或草案:GB/T 19001-2016/XG1-2024" in alert.message_zh
    assert "An amendment, corrigendum or draft" in alert.message_en


def test_watch_from_check_api_validates_outcomes(client, catalogue, firm, firm_user):
    check = run_check(firm_user, [(1, "GB 1234-2008")], source_name="x", source_kind="text")
    client.force_login(firm_user)
    url = f"/api/validity/checks/{check.pk}/watch"
    bad = client.post(url, {"outcomes": ["gone"]}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_outcomes"
    good = client.post(url, {"outcomes": ["withdrawn"]}, content_type="application/json")
    assert good.json() == {"added": 1, "skipped": 0}
