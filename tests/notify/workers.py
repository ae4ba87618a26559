"""Start the task worker as a separate process against the test database."""

from __future__ import annotations

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
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
