"""Channels against real receivers: an aiosmtpd SMTP server and an HTTP server that verifies
the webhook signature; robots through apprise against a local HTTP endpoint."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from biaozhun.notify import channels, outbox, services
from biaozhun.notify.models import ChannelEndpoint, Delivery

pytestmark = pytest.mark.django_db


def _alert(enterprise: Any = None, users: Any = None, key: str = "a1", urgency: str = "red") -> Any:
    return services.publish(
        kind="tbt_alert",
        urgency=urgency,
        enterprise=enterprise,
        users=users,
        title_zh="美国通报:锂电池安全要求",
        title_en="US notification: lithium battery safety",
        body_zh="影响产品 HS 8507。",
        body_en="Affects HS 8507.",
        url="/tbt/7/",
        source=None,
        dedupe_key=key,
    )


def test_email_reaches_a_real_smtp_server(smtp: Any, acme: Any, acme_user: Any) -> None:
    message = _alert(acme)
    stats = outbox.drain()
    assert stats.sent == 1, message.deliveries.get(channel="email").last_error
    assert len(smtp.inbox.raw) == 1
    mail = smtp.inbox.raw[0]
    assert str(mail["Subject"]).startswith("【红色预警】美国通报:锂电池安全要求")
    assert mail["To"] == "zhang@acme.example.cn"
    delivery = message.deliveries.get(channel="email")
    assert mail["Message-ID"].strip() == f"<{delivery.idempotency_key}@127.0.0.1>"
    assert mail["X-Biaozhun-Idempotency-Key"].strip() == delivery.idempotency_key
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "影响产品 HS 8507" in text and "Affects HS 8507" in text
    assert "<h2" in html and "美国通报" in html
    token = text.split("/notifications/c/")[1].split("/")[0]
    assert channels.read_click_token(token) == delivery.pk  # the tracked link is signed
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 1
    log = list(delivery.log.all())
    assert len(log) == 1 and log[0].ok and log[0].response.startswith("250")


def test_tracked_link_records_the_click_and_redirects(
    client: Any, smtp: Any, acme: Any, acme_user: Any
) -> None:
    message = _alert(acme)
    outbox.drain()
    email_delivery = message.deliveries.get(channel="email")
    link = channels.tracked_link(email_delivery)
    response = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 302 and response["Location"] == "/tbt/7/"
    email_delivery.refresh_from_db()
    inapp = message.deliveries.get(channel="inapp")
    assert email_delivery.clicked_at is not None
    assert inapp.clicked_at is not None and inapp.opened_at is not None
    assert client.get("/notifications/c/forged-token/").status_code == 404


def test_signed_webhook_verified_by_a_real_receiver(
    receiver: Any, acme: Any, acme_user: Any
) -> None:
    ChannelEndpoint.objects.create(
        enterprise=acme, kind="webhook", target=receiver.url + "/hook", secret=receiver.secret
    )
    message = _alert(acme)
    outbox.drain()
    assert receiver.rejected == []
    assert len(receiver.received) == 1
    got = receiver.received[0]
    delivery = message.deliveries.get(channel="webhook")
    assert got["key"] == delivery.idempotency_key
    assert got["json"]["title_zh"] == "美国通报:锂电池安全要求"
    assert got["json"]["url"] == "http://127.0.0.1:8000/tbt/7/"
    delivery.refresh_from_db()
    assert delivery.status == "sent"


def test_a_receiver_with_another_secret_rejects_and_we_retry(receiver: Any, acme: Any) -> None:
    ChannelEndpoint.objects.create(
        enterprise=acme, kind="webhook", target=receiver.url, secret="not-the-receivers-secret"
    )
    message = _alert(acme)
    outbox.drain()
    assert receiver.received == [] and len(receiver.rejected) == 1
    delivery = message.deliveries.get(channel="webhook")
    # 401 is final: a wrong secret does not fix itself; the desk gets a task
    assert delivery.status == "dead"
    assert delivery.desk_task.reason_en.startswith("Failed after 1 attempts: HTTP 401")


def test_verify_rejects_replays_and_tampering() -> None:
    body = json.dumps({"a": 1}).encode()
    now = int(time.time())
    sig = channels.sign("s3cret-s3cret-s3cret", str(now), body)
    assert channels.verify("s3cret-s3cret-s3cret", str(now), body, sig)
    assert not channels.verify("s3cret-s3cret-s3cret", str(now), body + b" ", sig)
    assert not channels.verify("other-secret-000000", str(now), body, sig)
    old = str(now - 301)
    old_sig = channels.sign("s3cret-s3cret-s3cret", old, body)
    assert not channels.verify("s3cret-s3cret-s3cret", old, body, old_sig)
    assert channels.verify("s3cret-s3cret-s3cret", old, body, old_sig, now=now - 200)
    assert not channels.verify("s3cret-s3cret-s3cret", "yesterday", body, sig)


@pytest.mark.parametrize(
    ("kind", "target", "secret", "expected"),
    [
        (
            "wecom",
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123",
            "",
            "wecombot://abc-123",
        ),
        ("wecom", "abc-123", "", "wecombot://abc-123"),
        (
            "dingtalk",
            "https://oapi.dingtalk.com/robot/send?access_token=tok",
            "SECabc",
            "dingtalk://SECabc@tok",
        ),
        ("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/f00d", "", "feishu://f00d"),
    ],
)
def test_robot_addresses(kind: str, target: str, secret: str, expected: str) -> None:
    assert channels.apprise_url(kind, target, secret) == expected


def test_robots_post_through_apprise(receiver: Any, acme: Any, monkeypatch: Any) -> None:
    """apprise's WeCom / DingTalk / Feishu plugins, pointed at a local receiver."""
    import http.server

    from apprise.plugins.dingtalk import NotifyDingTalk
    from apprise.plugins.feishu import NotifyFeishu
    from apprise.plugins.wecombot import NotifyWeComBot

    hits: list[tuple[str, dict[str, Any]]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            hits.append((self.path, json.loads(body)))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"errcode": 0, "code": 0, "StatusCode": 0}')

        def log_message(self, *args: Any) -> None:
            pass

    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setattr(NotifyWeComBot, "notify_url", base + "/wecom?key={key}")
    monkeypatch.setattr(NotifyDingTalk, "notify_url", base + "/dingtalk?access_token={token}")
    monkeypatch.setattr(NotifyFeishu, "notify_url", base + "/feishu/{token}")
    try:
        ChannelEndpoint.objects.create(enterprise=acme, kind="wecom", target="wk")
        ChannelEndpoint.objects.create(enterprise=acme, kind="dingtalk", target="dt", secret="SECx")
        ChannelEndpoint.objects.create(enterprise=acme, kind="feishu", target="fs")
        message = _alert(acme)
        outbox.drain()
    finally:
        server.shutdown()
        server.server_close()
    paths = sorted(path.split("?")[0] for path, _ in hits)
    assert paths == ["/dingtalk", "/feishu/fs", "/wecom"]
    ding = next(p for p, _ in hits if p.startswith("/dingtalk"))
    assert "sign=" in ding and "timestamp=" in ding  # signed with the robot's secret
    assert all("锂电池" in json.dumps(body, ensure_ascii=False) for _, body in hits)
    assert set(message.deliveries.values_list("status", flat=True)) == {"sent"}


def test_smtp_refusing_a_recipient_is_a_dead_letter(smtp: Any, make_user: Any) -> None:
    user = make_user("bureau_staff", email="bad@@example")
    message = _alert(users=[user])
    outbox.drain()
    delivery: Delivery = message.deliveries.get(channel="email")
    assert delivery.status in {"dead", "retry"}
    assert delivery.log.count() == 1
