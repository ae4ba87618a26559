"""Fixtures of the notify tests: a real SMTP server (aiosmtpd) and a real HTTP receiver that
verifies webhook signatures, both counting what they receive."""

from __future__ import annotations

import email
import email.policy
import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """What the SMTP server received, parsed; ``unique`` dedupes on Message-ID as a real
    mail store would."""

    def __init__(self) -> None:
        self.raw: list[email.message.EmailMessage] = []
        self.lock = threading.Lock()

    def add(self, data: bytes) -> None:
        msg = email.message_from_bytes(data, policy=email.policy.default)
        with self.lock:
            self.raw.append(msg)  # type: ignore[arg-type]

    @property
    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]).strip() for m in self.raw]

    def unique(self) -> set[str]:
        return set(self.message_ids)


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self.controller: Any = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        inbox = self.inbox

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                inbox.add(envelope.original_content or envelope.content)
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    yield server
    server.stop()


class Receiver:
    """An HTTP server that checks X-Biaozhun-Signature with the shared secret."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.received: list[dict[str, Any]] = []
        self.rejected: list[str] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                from biaozhun.notify.channels import verify

                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                ok = verify(
                    receiver.secret,
                    self.headers.get("X-Biaozhun-Timestamp", ""),
                    body,
                    self.headers.get("X-Biaozhun-Signature", ""),
                )
                if not ok:
                    receiver.rejected.append(self.path)
                    self.send_response(401)
                    self.end_headers()
                    return
                receiver.received.append(
                    {
                        "path": self.path,
                        "key": self.headers.get("Idempotency-Key"),
                        "json": json.loads(body),
                        "headers": dict(self.headers),
                    }
                )
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


def allow(settings: Any, *hosts: str) -> None:
    """Put local receivers on the operator's allow list (NOTIFY_OUTBOUND_ALLOWED_HOSTS): the
    only way a test reaches 127.0.0.1, as an operator's internal relay would."""
    current = list(getattr(settings, "NOTIFY_OUTBOUND_ALLOWED_HOSTS", None) or [])
    settings.NOTIFY_OUTBOUND_ALLOWED_HOSTS = [*current, *hosts]


@pytest.fixture
def receiver(settings: Any) -> Iterator[Receiver]:
    r = Receiver("receiver-secret-0123456789")
    allow(settings, f"127.0.0.1:{r.server.server_address[1]}")
    r.thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


@pytest.fixture
def acme(make_enterprise: Callable[..., Any]) -> Any:
    return make_enterprise("扬州示例出口企业", is_exporter=True)


@pytest.fixture
def acme_user(make_user: Callable[..., Any], acme: Any) -> Any:
    return make_user("enterprise_user", enterprise=acme, email="zhang@acme.example.cn")


# public addresses (documentation ranges are not public: these are real, unrelated hosts'
# addresses) for the names the tests register; the machine has no DNS
PUBLIC_NAMES = {
    "x.example": "93.184.215.14",
    "h.example": "93.184.215.14",
    "hooks.a.cn": "140.205.94.189",
    "hooks.example.cn": "140.205.94.189",
}


@pytest.fixture(autouse=True)
def dns(monkeypatch: Any) -> dict[str, str]:
    """The resolver of the outbound guard, answering for :data:`PUBLIC_NAMES` (and any name a
    test adds) and asking the real resolver otherwise (IP literals, ``localhost``)."""
    from biaozhun.notify import outbound

    records = dict(PUBLIC_NAMES)
    real = socket.getaddrinfo

    def resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = str(host).lower().rstrip(".")
        if name in records:
            family = socket.AF_INET6 if ":" in records[name] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (records[name], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(outbound, "getaddrinfo", resolve)
    return records


@pytest.fixture(autouse=True)
def _dummy_tasks(settings: Any) -> None:
    """Tasks enqueued on commit are recorded, not run: tests drain the outbox themselves
    (the worker-process tests use the database backend)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
