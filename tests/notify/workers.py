"""Start the task worker as a separate process against the test database."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The URL of the database the test runs on (pytest-django's test database)."""
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    user = s.get("USER") or ""
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def start_worker(
    *, smtp_port: int, backend: str = "database", extra: dict[str, str] | None = None
) -> subprocess.Popen[Any]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url(),
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_HOST": "127.0.0.1",
            "BIAOZHUN_TASK_BACKEND": "database",
            "BIAOZHUN_NOTIFY_STALE_SECONDS": "3",
            "BIAOZHUN_NOTIFY_DRAIN_BUDGET_SECONDS": "8",
            "BIAOZHUN_NOTIFY_RETRY_BASE_SECONDS": "1",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            # no autoreloader: with it the worker is a child of the reloader process
            "DEBUG": "false",
        }
    )
    env.update(extra or {})
    if backend == "rq":
        env["DJANGO_SETTINGS_MODULE"] = "biaozhun.notify.settings_rq"
        command = [sys.executable, "-m", "biaozhun.cli", "worker"]
    else:
        env["DJANGO_SETTINGS_MODULE"] = "biaozhun.settings"
        command = [sys.executable, "-m", "biaozhun.cli", "worker"]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill takes RQ's scheduler too
    )


def kill_worker(worker: subprocess.Popen[Any]) -> None:
    """SIGKILL the worker and everything it started (RQ forks a scheduler process)."""
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(10)


def wait_ready(
    worker: subprocess.Popen[Any], backend: str, queue: str, timeout: float = 120
) -> None:
    """Until the worker has passed its start-up checks and runs tasks (while it starts, a
    writer holding SQLite's lock can make its connection checks fail)."""
    import time

    from biaozhun.notify.tasks import drain_outbox

    end = time.monotonic() + timeout
    if backend == "rq":
        import redis
        from rq import Queue, Worker

        q = Queue(queue, connection=redis.Redis.from_url("redis://127.0.0.1:6379/0"))
        while not Worker.all(queue=q):
            _check(worker, end)
        return
    result = drain_outbox.enqueue()
    while True:
        result.refresh()
        if result.status == "SUCCESSFUL":
            return
        _check(worker, end)


def _check(worker: subprocess.Popen[Any], end: float) -> None:
    import time

    if worker.poll() is not None:
        err = worker.stderr.read().decode()[-3000:] if worker.stderr else ""
        raise AssertionError(f"the worker exited: {err}")
    if time.monotonic() > end:
        raise AssertionError("the worker did not start in time")
    time.sleep(0.2)
