"""Pages and endpoints: inbox and receipts, settings with validation, the delivery log and the
desk, and scoping: nobody sees another enterprise's messages or log."""

from __future__ import annotations

import json
from typing import Any

import pytest

from biaozhun.notify import outbox, services
from biaozhun.notify.models import ChannelEndpoint, Delivery, DeskTask, Preference

pytestmark = pytest.mark.django_db


def _alert(enterprise: Any, key: str, urgency: str = "orange") -> Any:
    return services.publish(
        kind="tbt_alert",
        urgency=urgency,
        enterprise=enterprise,
        title_zh=f"预警 {key}",
        title_en=f"Alert {key}",
        body_zh="正文",
        body_en="Body",
        url="/tbt/",
        source=None,
        dedupe_key=key,
    )


@pytest.fixture
def two(make_enterprise: Any, make_user: Any) -> dict[str, Any]:
    a = make_enterprise("甲企业")
    b = make_enterprise("乙企业", district="邗江区")
    return {
        "a": a,
        "b": b,
        "ua": make_user("enterprise_user", enterprise=a, email="a@a.cn"),
        "ub": make_user("enterprise_user", enterprise=b, email="b@b.cn"),
    }


def test_inbox_shows_only_my_notifications(client: Any, two: dict[str, Any]) -> None:
    _alert(two["a"], "for-a")
    _alert(two["b"], "for-b")
    client.force_login(two["ua"])
    page = client.get("/notifications/").content.decode()
    assert "预警 for-a" in page and "预警 for-b" not in page
    other = Delivery.objects.get(user=two["ub"], channel="inapp")
    assert client.get(f"/notifications/{other.pk}/").status_code == 404
    api = client.get("/api/notify/inbox").json()
    assert api["count"] == 1 and api["unread"] == 1
    assert api["items"][0]["title_zh"] == "预警 for-a"
    assert client.post(f"/api/notify/inbox/{other.pk}/ack").status_code == 404


def test_opening_and_acknowledging_are_receipts(client: Any, two: dict[str, Any]) -> None:
    _alert(two["a"], "r")
    mine = Delivery.objects.get(user=two["ua"], channel="inapp")
    client.force_login(two["ua"])
    page = client.get(f"/notifications/{mine.pk}/").content.decode()
    assert "预警 r" in page and 'data-testid="ack"' in page
    mine.refresh_from_db()
    assert mine.opened_at is not None and mine.acknowledged_at is None
    response = client.post(f"/notifications/{mine.pk}/ack/")
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.acknowledged_at is not None
    assert client.get("/api/notify/inbox?unread=true").json()["count"] == 0


def test_delivery_log_visible_to_staff_and_own_enterprise_only(
    client: Any, two: dict[str, Any], bureau_user: Any, smtp: Any, district_officer: Any
) -> None:
    message = _alert(two["a"], "logged")
    outbox.drain()
    client.force_login(bureau_user)
    page = client.get(f"/notifications/messages/{message.pk}/log/").content.decode()
    assert "250 accepted" in page and "a@a.cn" in page
    log = client.get(f"/api/notify/messages/{message.pk}/log").json()
    email = next(d for d in log["deliveries"] if d["channel"] == "email")
    assert email["status"] == "sent" and email["log"][0]["ok"] is True
    client.force_login(two["ua"])
    assert client.get(f"/notifications/messages/{message.pk}/log/").status_code == 200
    client.force_login(two["ub"])
    assert client.get(f"/notifications/messages/{message.pk}/log/").status_code == 404
    assert client.get(f"/api/notify/messages/{message.pk}/log").status_code == 404
    client.force_login(district_officer("邗江区"))  # b's district, not a's
    assert client.get(f"/notifications/messages/{message.pk}/log/").status_code == 404
    client.force_login(district_officer("广陵区"))
    assert client.get(f"/notifications/messages/{message.pk}/log/").status_code == 200


def test_settings_page_saves_and_validates(client: Any, two: dict[str, Any]) -> None:
    client.force_login(two["ua"])
    assert client.get("/notifications/settings/").status_code == 200
    response = client.post(
        "/notifications/settings/",
        {
            "form": "preference",
            "mode": "daily",
            "quiet_start": "22:00",
            "quiet_end": "07:00",
            "red_overrides_quiet": "on",
            "channels_red": ["email", "webhook"],
            "channels_orange": ["email"],
        },
    )
    assert response.status_code == 302
    pref = Preference.objects.get(user=two["ua"])
    assert pref.mode == "daily" and str(pref.quiet_start) == "22:00:00"
    assert services.channels_for(pref, "x", "red") == {"inapp", "email", "webhook"}
    assert services.channels_for(pref, "x", "info") == {"inapp"}
    bad = client.post(
        "/notifications/settings/", {"form": "preference", "mode": "daily", "quiet_start": "22:00"}
    )
    assert bad.status_code == 200 and "免打扰时段需同时填写" in bad.content.decode()
    weak = client.post(
        "/notifications/settings/",
        {
            "form": "endpoint",
            "kind": "webhook",
            "target": "https://x.example/h",
            "secret": "short",
            "min_urgency": "info",
        },
    )
    assert "至少 16 个字符" in weak.content.decode()
    ok = client.post(
        "/notifications/settings/",
        {
            "form": "endpoint",
            "kind": "wecom",
            "target": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1",
            "min_urgency": "orange",
            "for_enterprise": "on",
        },
    )
    assert ok.status_code == 302
    endpoint = ChannelEndpoint.objects.get(kind="wecom")
    assert endpoint.enterprise == two["a"] and endpoint.user is None


def test_endpoint_api_never_returns_secrets_and_is_scoped(client: Any, two: dict[str, Any]) -> None:
    client.force_login(two["ua"])
    created = client.post(
        "/api/notify/endpoints",
        json.dumps({"kind": "webhook", "target": "https://hooks.a.cn/x", "secret": "s" * 20}),
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["has_secret"] is True and "secret" not in body
    bad = client.post(
        "/api/notify/endpoints",
        json.dumps({"kind": "sms", "target": "x"}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "bad_endpoint_kind"
    client.force_login(two["ub"])
    assert client.get("/api/notify/endpoints").json() == []
    assert client.delete(f"/api/notify/endpoints/{body['id']}").status_code == 404
    client.force_login(two["ua"])
    assert client.delete(f"/api/notify/endpoints/{body['id']}").status_code == 204


def test_preference_api_validates(client: Any, two: dict[str, Any]) -> None:
    client.force_login(two["ua"])
    put = client.put(
        "/api/notify/preference",
        json.dumps({"mode": "weekly", "rules": [{"urgency": "red", "channels": ["email"]}]}),
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["mode"] == "weekly"
    bad = client.put(
        "/api/notify/preference",
        json.dumps({"rules": [{"urgency": "red", "channels": ["pigeon"]}]}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "bad_rules"
    assert bad.json()["message_zh"] and bad.json()["message_en"]


def test_desk_lists_dead_letters_and_bureau_resolves(
    client: Any, two: dict[str, Any], bureau_user: Any, district_officer: Any
) -> None:
    message = _alert(two["a"], "dead")
    delivery = message.deliveries.get(channel="email")
    Delivery.objects.filter(pk=delivery.pk).update(status="dead")
    task = DeskTask.objects.create(delivery=delivery, reason_zh="发送失败", reason_en="failed")
    client.force_login(two["ua"])
    assert client.get("/notifications/desk/").status_code == 403
    client.force_login(district_officer("邗江区"))
    assert "发送失败" not in client.get("/notifications/desk/").content.decode()
    assert client.post(f"/notifications/desk/{task.pk}/", {"action": "retry"}).status_code == 403
    client.force_login(bureau_user)
    assert "发送失败" in client.get("/notifications/desk/").content.decode()
    assert len(client.get("/api/notify/desk").json()) == 1
    client.post(f"/notifications/desk/{task.pk}/", {"action": "dismiss"})
    task.refresh_from_db()
    assert task.resolution == "dismissed" and task.resolved_by == bureau_user


def test_pages_switch_to_english(client: Any, two: dict[str, Any]) -> None:
    _alert(two["a"], "en")
    client.force_login(two["ua"])
    client.cookies["django_language"] = "en"
    page = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Alert en" in page and "Notifications" in page


def test_anonymous_users_are_sent_to_login(client: Any) -> None:
    assert client.get("/notifications/").status_code == 302
    assert client.get("/api/notify/inbox").status_code == 401


def test_stream_under_wsgi_answers_what_is_new_and_closes(client: Any, two: dict[str, Any]) -> None:
    first = _alert(two["a"], "w1")
    _alert(two["a"], "w2")
    mine = Delivery.objects.get(user=two["ua"], message=first, channel="inapp")
    client.force_login(two["ua"])
    response = client.get("/notifications/stream/", HTTP_LAST_EVENT_ID=str(mine.pk))
    assert response["Content-Type"].startswith("text/event-stream")
    body = b"".join(list(response)).decode()  # as the WSGI handler consumes it
    assert "event: hello" in body and f"id: {mine.pk}\n" in body
    assert "预警 w2" in body and "预警 w1" not in body  # only what came after the last id


def test_admin_pages_load_and_hide_secrets(client: Any, two: dict[str, Any]) -> None:
    from biaozhun.accounts.models import User

    _alert(two["a"], "adm")
    ChannelEndpoint.objects.create(
        enterprise=two["a"], kind="webhook", target="https://h.example/x", secret="top-secret-value"
    )
    admin = User.objects.create_superuser(
        "notify-admin", "root@example.cn", "pass-word-123", role="bureau_admin"
    )
    client.force_login(admin)
    for url in ("message", "delivery", "desktask", "preference", "channelendpoint"):
        assert client.get(f"/admin/notify/{url}/").status_code == 200
    endpoint = ChannelEndpoint.objects.get()
    page = client.get(f"/admin/notify/channelendpoint/{endpoint.pk}/change/").content.decode()
    assert "top-secret-value" not in page
    message = Delivery.objects.filter(channel="email").first().message
    assert client.get(f"/admin/notify/message/{message.pk}/change/").status_code == 200
