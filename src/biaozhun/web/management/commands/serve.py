"""``biaozhun serve``: the ASGI web server (uvicorn), optionally with the task worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


def _die_with_parent() -> None:
    """Runs in the worker between fork and exec: on Linux, ask the kernel to send it SIGTERM
    when the server dies, even by SIGKILL, so no orphaned worker keeps running."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the finally clause below still stops the worker on a normal exit


class Command(BaseCommand):
    help = "Start the web server (uvicorn on the ASGI app); --with-worker also runs the worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("BIAOZHUN_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("BIAOZHUN_PORT", "8000"))
        )
        parser.add_argument("--with-worker", action="store_true")
        parser.add_argument("--workers", type=int, default=1, help="web processes")

    def handle(self, *args: Any, **options: Any) -> None:
        import uvicorn

        worker = None
        if options["with_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-m", "biaozhun.cli", "worker"],
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
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
            )
        finally:
            if worker is not None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
