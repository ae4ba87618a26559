"""``biaozhun serve``: the ASGI web server (uvicorn), optionally with the task worker and,
for development and demos, the local mail sink (``biaozhun mailsink``)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


def _die_with_parent() -> None:
    """Runs in the worker between fork and exec: on Linux, ask the kernel to send it SIGTERM
    when the server dies, even by SIGKILL, so no orphaned worker keeps running."""
    # a heavy or optional dependency: loaded on first use
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the finally clause below still stops the worker on a normal exit


def proxy_options() -> dict[str, Any]:
    """Forwarded headers are believed only from ``TRUSTED_PROXIES`` (uvicorn would otherwise
    believe X-Forwarded-For from any loopback client, and so would the login throttle)."""
    trusted = list(settings.TRUSTED_PROXIES)
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": trusted or []}


class Command(BaseCommand):
    help = "Start the web server (uvicorn on the ASGI app); --with-worker also runs the worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("BIAOZHUN_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("BIAOZHUN_PORT", "8000"))
        )
        parser.add_argument("--with-worker", action="store_true")
        parser.add_argument(
            "--with-mailsink",
            action="store_true",
            help="development: keep outgoing mail as files under var/mail (biaozhun mailsink)",
        )
        parser.add_argument("--workers", type=int, default=1, help="web processes")

    def _start(self, command: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "biaozhun.cli", command],
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )

    def _mailsink(self) -> subprocess.Popen[bytes] | None:
        """The mail sink, on the mailer's port, unless a mail server already listens there."""
        # loaded when the command runs, so `biaozhun --help` stays fast
        from biaozhun.notify.conf import mail_server

        host, port = mail_server()
        if host not in {"127.0.0.1", "localhost"}:
            self.stdout.write(f"mail goes to {host}:{port}; no mail sink started")
            return None
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                self.stdout.write(f"a mail server already listens on {port}; no mail sink")
                return None
        return self._start("mailsink")

    def handle(self, *args: Any, **options: Any) -> None:
        # a heavy or optional dependency: loaded on first use
        import uvicorn

        children = []
        if options["with_mailsink"] and (sink := self._mailsink()) is not None:
            children.append(sink)
        if options["with_worker"]:
            children.append(self._start("worker"))
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(
            f"biaozhun at {url} (database: {settings.DATABASES['default']['ENGINE']})"
        )
        try:
            uvicorn.run(
                "biaozhun.asgi:application",
                host=options["host"],
                port=options["port"],
                workers=options["workers"],
                log_level="info",
                timeout_graceful_shutdown=3,
                **proxy_options(),
            )
        finally:
            for child in children:
                child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
