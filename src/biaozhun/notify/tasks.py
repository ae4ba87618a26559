"""Background tasks (Django's tasks API; the database backend by default, RQ on Redis with
``biaozhun.notify.rq_backend.RQBackend``). The tasks carry no state: a drain sends whatever is
due in the outbox, so a lost or repeated task loses or repeats nothing."""

from __future__ import annotations

import datetime as dt
import logging
import math
from typing import Any

from django.tasks import task
from django.utils import timezone

from . import conf, outbox

log = logging.getLogger(__name__)
MAX_PARALLEL_DRAINS = 4


@task()
def drain_outbox() -> dict[str, Any]:
    """Send what is due; hand over to a fresh task when the budget is spent; schedule one
    wake-up for the next retry or stale send. A safety wake-up is reserved first: if this
    worker dies mid-drain, another worker picks the stale deliveries up after the timeout."""
    budget = conf.drain_budget_seconds()
    schedule_drain(timezone.now() + dt.timedelta(seconds=budget + conf.stale_seconds() + 1))
    stats = outbox.drain(budget)
    if stats.more:
        drain_outbox.using(priority=50).enqueue()
    elif stats.next_due is not None:
        schedule_drain(stats.next_due)
    log.info(
        "notify drain: sent=%s retry=%s dead=%s reclaimed=%s",
        stats.sent,
        stats.failed,
        stats.dead,
        stats.reclaimed,
    )
    return {
        "sent": stats.sent,
        "failed": stats.failed,
        "dead": stats.dead,
        "reclaimed": stats.reclaimed,
    }


def schedule_drain(due: dt.datetime) -> None:
    due = max(due, timezone.now())
    if outbox.reserve_wakeup("drain", due):
        drain_outbox.using(run_after=due).enqueue()


def kick(outgoing: int, rank: int) -> None:
    """After a commit: enough drain tasks for ``outgoing`` deliveries (a few run in parallel
    on several workers), prioritised by the most urgent message."""
    per_drain = conf.batch_size() * 5
    count = max(1, min(MAX_PARALLEL_DRAINS, math.ceil(outgoing / per_drain)))
    for _ in range(count):
        drain_outbox.using(priority=min(10 * rank, 100)).enqueue()


@task()
def send_digests(period: str) -> dict[str, Any]:
    """The daily or weekly digest: one message per user summing up what was held."""
    # digest publishes through services, which imports this module: a module-level import
    # here would be a cycle
    from .digest import next_digest_time
    from .digest import send_digests as run

    sent = run(period)
    due = next_digest_time(period, timezone.now())
    if outbox.reserve_wakeup(f"digest-{period}", due):
        send_digests.using(run_after=due).enqueue(period)
    return {"digests": sent}
