"""Settings of the notify app, each read with a default (none is required in settings.py).

Environment variables of the same name prefixed ``BIAOZHUN_`` override the defaults, so a
worker started as a separate process (tests, benchmarks) can be tuned without a settings file.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings


def _number(name: str, default: float) -> float:
    value = getattr(settings, name, None)
    if value is not None:
        return float(value)
    return float(os.environ.get(f"BIAOZHUN_{name}", default))


def max_attempts() -> int:
    """Attempts before a delivery becomes a dead letter and a desk task."""
    return int(_number("NOTIFY_MAX_ATTEMPTS", 8))


def retry_base_seconds() -> float:
    """First retry delay; doubles with every attempt (with jitter), capped at 6 hours."""
    return _number("NOTIFY_RETRY_BASE_SECONDS", 30)


def stale_seconds() -> float:
    """A delivery "sending" for longer than this was left by a crashed worker."""
    return _number("NOTIFY_STALE_SECONDS", 120)


def batch_size() -> int:
    return int(_number("NOTIFY_BATCH_SIZE", 200))


def drain_budget_seconds() -> float:
    """How long one drain task runs before it hands over to a fresh task."""
    return _number("NOTIFY_DRAIN_BUDGET_SECONDS", 60)


def sse_poll_seconds() -> float:
    return _number("NOTIFY_SSE_POLL_SECONDS", 0.5)


def sse_max_seconds() -> float:
    """An SSE stream closes after this long; the browser reconnects with Last-Event-ID."""
    return _number("NOTIFY_SSE_MAX_SECONDS", 300)


def sse_redis() -> bool:
    """Wake SSE streams through Redis pub/sub (several web processes) instead of polling only."""
    value = getattr(settings, "NOTIFY_SSE_REDIS", None)
    if value is None:
        value = os.environ.get("BIAOZHUN_NOTIFY_SSE_REDIS", "") in {"1", "true", "yes"}
    return bool(value)


def redis_url() -> str:
    return str(getattr(settings, "REDIS_URL", "redis://127.0.0.1:6379/0"))


def site_url() -> str:
    return str(getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def mailer_alias() -> str:
    return str(getattr(settings, "NOTIFY_MAILER", "default"))


def mail_server() -> tuple[str, int]:
    """The host and port the mailer sends to (where ``biaozhun mailsink`` listens)."""
    mailer: dict[str, Any] = settings.MAILERS.get(mailer_alias(), {})
    options = mailer.get("OPTIONS", {})
    return str(options.get("host", "127.0.0.1")), int(options.get("port", 1025))
