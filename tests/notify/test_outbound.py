"""Outbound requests to user-given addresses (issue 15 §1): no request to a loopback, private,
link-local, multicast, unspecified or reserved address, at registration and again at each
send (after DNS changes too); https only in production; no redirect followed; a receiver's
reply never shown. The tests reach their local receivers only through the operator's allow
list (NOTIFY_OUTBOUND_ALLOWED_HOSTS)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import translation

from biaozhun.common.errors import DomainError
from biaozhun.notify import outbound, outbox, preferences, services
from biaozhun.notify.models import ChannelEndpoint, Delivery

from .conftest import allow, free_port

pytestmark = pytest.mark.django_db

SECRET = "receiver-secret-0123456789"

HOSTILE = [
    "http://127.0.0.1:8000/hook",
    "http://127.0.0.2/",
    "http://[::1]/hook",
    "http://[::1]:5432/",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://localhost/",
    "http://localhost./",
    "http://LOCALHOST:6379/",
    "http://0.0.0.0:8000/",
    "http://[::]/",
    "http://10.0.0.5/",
    "http://172.16.3.4/",
    "http://192.168.1.1/admin",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[fc00::1]/",
    "http://[ff02::1]/",
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "http://100.64.0.1/",  # shared address space
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://internal.example/hook",  # a name that resolves to 127.0.0.1
    "http://mixed.example/hook",  # one public and one private address
    "https://internal.example/hook",
    "http://user:pw@x.example/hook",
    "ftp://x.example/hook",
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_INFO",
]


def _alert(user: Any, key: str) -> Any:
    return services.publish(
        kind="tbt_alert",
        urgency="red",
        users=[user],
        title_zh="通报",
        title_en="Notification",
        url="/tbt/",
        source=None,
        dedupe_key=key,
    )


@pytest.fixture
def hostile_dns(dns: dict[str, str], monkeypatch: Any) -> None:
    dns["internal.example"] = "127.0.0.1"
    real = outbound.getaddrinfo

    def resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if str(host).lower() == "mixed.example":
            return [
                (2, 1, 6, "", ("93.184.215.14", port)),
                (2, 1, 6, "", ("10.1.2.3", port)),
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(outbound, "getaddrinfo", resolve)


@pytest.mark.parametrize("url", HOSTILE)
def test_registration_refuses_private_and_reserved_targets(
    url: str, make_user: Any, acme: Any, settings: Any, hostile_dns: None
) -> None:
    settings.DEBUG = True  # http allowed: the address is what is refused
    user = make_user("enterprise_user", enterprise=acme, email="u@example.cn")
    with pytest.raises(DomainError) as refused:
        preferences.add_endpoint(user, kind="webhook", target=url, secret=SECRET)
    assert refused.value.code == "bad_endpoint_target"
    assert not ChannelEndpoint.objects.exists()


def test_the_address_forms_are_judged_after_resolution(hostile_dns: None) -> None:
    for url in ("http://0x7f000001/", "http://2130706433/", "http://0177.0.0.1/"):
        with pytest.raises(outbound.RefusedTarget) as refused:
            outbound.check(url)
        assert refused.value.code in {"refused_target", "insecure"}
    assert outbound.public_address("93.184.215.14")
    assert outbound.public_address("2606:4700::1111")
    for private in ("127.0.0.1", "::1", "::ffff:10.0.0.1", "fe80::1%eth0", "0.0.0.0", "::"):
        assert not outbound.public_address(private)


def test_public_https_targets_are_accepted_and_http_only_in_debug(
    make_user: Any, acme: Any, settings: Any
) -> None:
    user = make_user("enterprise_user", enterprise=acme, email="u@example.cn")
    settings.DEBUG = False
    preferences.add_endpoint(user, kind="webhook", target="https://x.example/h", secret=SECRET)
    with pytest.raises(DomainError) as refused:
        preferences.add_endpoint(user, kind="webhook", target="http://x.example/h", secret=SECRET)
    assert refused.value.details["reason"] == "insecure"
    settings.DEBUG = True
    preferences.add_endpoint(user, kind="webhook", target="http://x.example/h", secret=SECRET)
    assert ChannelEndpoint.objects.count() == 2


def test_the_settings_page_and_the_api_refuse_too(
    client: Any, make_user: Any, acme: Any, settings: Any
) -> None:
    settings.DEBUG = False
    user = make_user("enterprise_user", enterprise=acme, email="u@example.cn")
    client.force_login(user)
    page = client.post(
        "/notifications/settings/",
        {
            "form": "endpoint",
            "kind": "webhook",
            "target": "https://127.0.0.1:8000/",
            "secret": SECRET,
            "min_urgency": "info",
        },
    )
    assert page.status_code == 200 and "无法使用该地址" in page.content.decode()
    api = client.post(
        "/api/notify/endpoints",
        json.dumps({"kind": "webhook", "target": "https://[::1]/", "secret": SECRET}),
        content_type="application/json",
    )
    assert api.status_code == 400 and api.json()["code"] == "bad_endpoint_target"
    assert not ChannelEndpoint.objects.exists()


@pytest.mark.parametrize(
    ("kind", "target", "ok"),
    [
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1", True),
        ("wecom", "k1-abc_DEF", True),
        ("wecom", "https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send?key=k", False),
        ("wecom", "http://127.0.0.1:8000/cgi-bin/webhook/send?key=k1", False),
        ("wecom", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1", False),
        ("wecom", "k1/../../admin", False),
        ("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=t", True),
        ("dingtalk", "https://open.feishu.cn/robot/send?access_token=t", False),
        ("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/f00d", True),
        ("feishu", "https://open.larksuite.com/open-apis/bot/v2/hook/f00d", True),
        ("feishu", "https://x.example/open-apis/bot/v2/hook/f00d", False),
    ],
)
def test_robots_only_on_their_official_hosts(
    kind: str, target: str, ok: bool, make_user: Any, acme: Any, settings: Any
) -> None:
    settings.DEBUG = False
    user = make_user("enterprise_user", enterprise=acme, email="u@example.cn")
    if ok:
        preferences.add_endpoint(user, kind=kind, target=target)
        return
    with pytest.raises(DomainError):
        preferences.add_endpoint(user, kind=kind, target=target)
    assert not ChannelEndpoint.objects.exists()


def test_an_operator_may_allow_another_robot_host(make_user: Any, acme: Any, settings: Any) -> None:
    user = make_user("enterprise_user", enterprise=acme, email="u@example.cn")
    target = "https://robots.relay.internal/cgi-bin/webhook/send?key=k1"
    with pytest.raises(DomainError):
        preferences.add_endpoint(user, kind="wecom", target=target)
    allow(settings, "robots.relay.internal")
    preferences.add_endpoint(user, kind="wecom", target=target)


class Hook:
    """A local HTTP receiver answering a fixed status, body and headers; counts its hits."""

    def __init__(self, status: int = 200, body: bytes = b"", headers: Any = None) -> None:
        self.hits: list[str] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                hook.hits.append(self.path)
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_send_time_check_refuses_when_dns_changes_after_registration(
    make_user: Any, acme: Any, settings: Any, dns: dict[str, str]
) -> None:
    """Registered while the name resolved to a public address; at send time it resolves to
    the loopback address where an internal service listens: nothing is sent there."""
    settings.DEBUG = True
    internal = Hook(200, b"internal")
    try:
        user = make_user("enterprise_user", enterprise=acme, email="")
        dns["rebind.example"] = "93.184.215.14"
        url = f"http://rebind.example:{internal.port}/hook"
        preferences.add_endpoint(user, kind="webhook", target=url, secret=SECRET)
        dns["rebind.example"] = "127.0.0.1"
        message = _alert(user, "rebind")
        outbox.drain()
    finally:
        internal.close()
    assert internal.hits == []
    delivery = message.deliveries.get(channel="webhook")
    assert delivery.status == "dead" and delivery.last_error == "refused_target"
    assert "目标地址不允许" in delivery.desk_task.reason_zh


def test_the_request_goes_to_the_address_that_was_checked(
    make_user: Any, acme: Any, settings: Any, monkeypatch: Any
) -> None:
    """A resolver answering a public address first and the loopback address after (DNS
    rebinding within one send): the guard resolves once and connects to what it checked."""
    settings.DEBUG = True
    internal = Hook(200, b"internal")
    calls: list[str] = []

    def rebinding(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(host)
        address = "127.0.0.1" if len(calls) > 1 else "93.184.215.14"
        return [(2, 1, 6, "", (address, port))]

    monkeypatch.setattr(outbound, "getaddrinfo", rebinding)
    monkeypatch.setattr(outbound, "CONNECT_TIMEOUT", 0.5)
    try:
        target = outbound.check(f"http://rebind.example:{internal.port}/hook")
        assert target.addresses == ("93.184.215.14",)
        with pytest.raises(outbound.RefusedTarget):
            outbound.post(target, b"{}", {})
    finally:
        internal.close()
    assert calls == ["rebind.example"] and internal.hits == []


def test_no_redirect_is_followed(make_user: Any, acme: Any, settings: Any) -> None:
    second = Hook(200, b"second")
    first = Hook(302, b"", {"Location": f"http://127.0.0.1:{second.port}/other"})
    allow(settings, f"127.0.0.1:{first.port}", f"127.0.0.1:{second.port}")
    try:
        user = make_user("enterprise_user", enterprise=acme, email="")
        target = f"http://127.0.0.1:{first.port}/hook"
        preferences.add_endpoint(user, kind="webhook", target=target, secret=SECRET)
        message = _alert(user, "redirect")
        outbox.drain()
    finally:
        first.close()
        second.close()
    assert first.hits == ["/hook"] and second.hits == []
    delivery = message.deliveries.get(channel="webhook")
    assert delivery.status == "dead" and delivery.last_error == "HTTP 302 redirect"


def test_a_receivers_reply_is_never_shown(
    client: Any, make_user: Any, acme: Any, settings: Any
) -> None:
    leaky = Hook(500, b"SECRET-INTERNAL-DATA: root:x:0:0")
    closed = free_port()
    allow(settings, f"127.0.0.1:{leaky.port}", f"127.0.0.1:{closed}")
    try:
        user = make_user("enterprise_user", enterprise=acme, email="")
        for port in (leaky.port, closed):
            preferences.add_endpoint(
                user, kind="webhook", target=f"http://127.0.0.1:{port}/h", secret=SECRET
            )
        message = _alert(user, "leak")
        outbox.drain()
    finally:
        leaky.close()
    deliveries = Delivery.objects.filter(channel="webhook").order_by("endpoint_id")
    errors = [d.last_error for d in deliveries]
    assert errors == ["HTTP 500 http_5xx", "refused"]
    client.force_login(user)
    page = client.get(f"/notifications/messages/{message.pk}/log/").content.decode()
    assert "SECRET-INTERNAL-DATA" not in page and "root:x" not in page
    assert "HTTP 500 · 接收方服务器错误" in page and "连接被拒绝" in page
    with translation.override("en"):
        assert outbound.describe(errors[0]) == "HTTP 500 · receiver server error (HTTP 5xx)"
        assert outbound.describe(errors[1]) == "connection refused"
    api = client.get(f"/api/notify/messages/{message.pk}/log").content.decode()
    assert "SECRET-INTERNAL-DATA" not in api
