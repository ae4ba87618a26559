"""Channels against real receivers: an aiosmtpd SMTP server and an HTTP server that verifies
the webhook signature; robots in their official formats against a local HTTP endpoint."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from biaozhun.notify import channels, outbox, preferences, services
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
    ("kind", "target", "expected"),
    [
        (
            "wecom",
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123",
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123",
        ),
        ("wecom", "abc-123", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123"),
        ("dingtalk", "tok", "https://oapi.dingtalk.com/robot/send?access_token=tok"),
        ("feishu", "f00d", "https://open.feishu.cn/open-apis/bot/v2/hook/f00d"),
    ],
)
def test_robot_addresses(kind: str, target: str, expected: str) -> None:
    assert channels.robot_url(kind, target) == expected


def test_robot_signatures_follow_the_official_algorithms() -> None:
    import base64
    import hashlib
    import hmac
    from urllib.parse import parse_qs, unquote, urlsplit

    url, body = channels.robot_request(
        "dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=t", "SECx", "hi"
    )
    query = parse_qs(urlsplit(url).query)
    stamp = query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(b"SECx", f"{stamp}\nSECx".encode(), hashlib.sha256).digest()
    ).decode()
    assert unquote(urlsplit(url).query.split("sign=")[1]) == expected
    assert body == {"msgtype": "text", "text": {"content": "hi"}}
    _, feishu = channels.robot_request("feishu", "https://open.feishu.cn/x", "s", "hi")
    key = f"{feishu['timestamp']}\ns".encode()
    assert feishu["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert feishu["content"] == {"text": "hi"}


def test_robots_post_the_official_format_to_an_allowed_host(
    acme: Any, acme_user: Any, settings: Any
) -> None:
    """WeCom / DingTalk / Feishu robots at a local receiver the operator allows (as an
    internal relay would be): official paths, bodies and signatures."""
    import http.server
    import threading

    from .conftest import allow

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

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    allow(settings, f"127.0.0.1:{server.server_address[1]}")
    try:
        for kind, target, secret in [
            ("wecom", "/cgi-bin/webhook/send?key=wk", ""),
            ("dingtalk", "/robot/send?access_token=dt", "SECx"),
            ("feishu", "/open-apis/bot/v2/hook/fs", "fsecret"),
        ]:
            preferences.add_endpoint(
                acme_user,
                kind=kind,
                target=base + target,
                secret=secret,
                for_enterprise=True,
            )
        message = _alert(acme)
        outbox.drain()
    finally:
        server.shutdown()
        server.server_close()
    paths = sorted(path.split("?")[0] for path, _ in hits)
    assert paths == ["/cgi-bin/webhook/send", "/open-apis/bot/v2/hook/fs", "/robot/send"]
    ding = next(p for p, _ in hits if p.startswith("/robot"))
    assert "sign=" in ding and "timestamp=" in ding  # signed with the robot's secret
    feishu = next(b for p, b in hits if p.startswith("/open-apis"))
    assert feishu["msg_type"] == "text" and "sign" in feishu
    assert all("锂电池" in json.dumps(body, ensure_ascii=False) for _, body in hits)
    robots = message.deliveries.filter(channel__in=["wecom", "dingtalk", "feishu"])
    assert set(robots.values_list("status", flat=True)) == {"sent"}


def test_smtp_refusing_a_recipient_is_a_dead_letter(smtp: Any, make_user: Any) -> None:
    user = make_user("bureau_staff", email="bad@@example")
    message = _alert(users=[user])
    outbox.drain()
    delivery: Delivery = message.deliveries.get(channel="email")
    assert delivery.status in {"dead", "retry"}
    assert delivery.log.count() == 1
