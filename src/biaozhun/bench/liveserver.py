"""An in-process ASGI server (uvicorn in a thread) for the live-feed benchmark and tests:
server-sent events need ASGI; the WSGI test server would buffer the stream."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


class ThreadedUvicorn:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port or _free_port()
        self.server: Any = None
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> ThreadedUvicorn:
        # a heavy or optional dependency: loaded on first use
        import uvicorn

        from biaozhun.asgi import application

        config = uvicorn.Config(
            application,
            host=self.host,
            port=self.port,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
            self.server.force_exit = True
        if self.thread is not None:
            self.thread.join(10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def session_cookie(user: User) -> dict[str, str]:
    """A signed-in session for ``user`` (as the test client's force_login makes it)."""
    # a benchmark's dependencies load only when it runs
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


class SseReader:
    """A minimal text/event-stream client over ``requests`` (in a thread): collects events."""

    def __init__(self, url: str, cookies: dict[str, str], last_event_id: str | None = None):
        self.url = url
        self.cookies = cookies
        self.headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            self.headers["Last-Event-ID"] = last_event_id
        self.events: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        self.response: Any = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.stopped = False

    def start(self) -> SseReader:
        self.thread.start()
        return self

    def _run(self) -> None:
        # a heavy or optional dependency: loaded on first use
        import requests

        try:
            self._read()
        except requests.RequestException:
            if not self.stopped:
                raise

    def _read(self) -> None:
        # a heavy or optional dependency: loaded on first use
        import json

        import requests

        with requests.get(
            self.url, headers=self.headers, cookies=self.cookies, stream=True, timeout=30
        ) as response:
            self.response = response
            response.encoding = "utf-8"
            event: dict[str, Any] = {}
            for raw in response.iter_lines(decode_unicode=True):
                if self.stopped:
                    break
                if raw is None:
                    continue
                line = str(raw).rstrip("\r")
                if not line:
                    if event:
                        if "data" in event:
                            with contextlib.suppress(ValueError):
                                event["json"] = json.loads(event["data"])
                        event["received"] = time.perf_counter()
                        with self.arrived:
                            self.events.append(event)
                            self.arrived.notify_all()
                    event = {}
                    continue
                if line.startswith(":"):
                    continue
                name, _, value = line.partition(":")
                event[name] = value[1:] if value.startswith(" ") else value

    def wait_for(self, predicate: Any, timeout: float = 10) -> dict[str, Any] | None:
        end = time.monotonic() + timeout
        with self.arrived:
            while True:
                for event in self.events:
                    if predicate(event):
                        return event
                remaining = end - time.monotonic()
                if remaining <= 0:
                    return None
                self.arrived.wait(remaining)

    def stop(self) -> None:
        self.stopped = True
        if self.response is not None:
            with contextlib.suppress(Exception):
                self.response.raw._fp.fp.raw._sock.shutdown(socket.SHUT_RDWR)
