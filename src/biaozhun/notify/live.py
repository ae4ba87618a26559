"""Waking live feeds. The SSE view polls the database (the source of truth); with
``NOTIFY_SSE_REDIS`` on, a commit also publishes the user ids on Redis so streams in any web
process wake at once instead of at their next poll."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from . import conf

log = logging.getLogger(__name__)
CHANNEL = "biaozhun:notify:feed"


def announce(user_ids: Iterable[int]) -> None:
    if not conf.sse_redis():
        return
    try:
        # a heavy or optional dependency: loaded on first use
        import redis

        client = redis.Redis.from_url(conf.redis_url(), socket_timeout=1)
        client.publish(CHANNEL, ",".join(str(u) for u in sorted(set(user_ids))))
    except Exception as exc:
        log.warning("notify: Redis announce failed (%s); feeds fall back to polling", exc)
