"""Background tasks of the alerts (Django's tasks API).

The risk level and internal deadline of an open alert change as its dates come closer: a
daily task refreshes them just after midnight (local time), so no page writes on GET. The
chain starts with ``biaozhun setup`` (:meth:`AlertsConfig.schedule_periodic_tasks`) and each
run schedules the next; ``biaozhun alerts refresh-risks`` does the same from cron.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.tasks import task
from django.utils import timezone

from biaozhun.common.schedule import next_daily_time
from biaozhun.notify.outbox import reserve_wakeup

from .desk import refresh_risks_if_stale

#: minutes after local midnight at which the daily refresh runs
REFRESH_MINUTE = 5


def next_refresh_time(now: dt.datetime) -> dt.datetime:
    """The next daily refresh: 00:05 local time tomorrow."""
    return next_daily_time(now, 0, REFRESH_MINUTE)


def schedule_risk_refresh(now: dt.datetime | None = None) -> bool:
    """Queue the next daily refresh unless one is already queued for then (idempotent)."""
    due = next_refresh_time(now or timezone.now())
    if not reserve_wakeup("alerts-refresh-risks", due):
        return False
    refresh_risks_daily.using(run_after=due).enqueue()
    return True


@task()
def refresh_risks_daily() -> dict[str, Any]:
    """Refresh today's risk levels (once a day however often it runs), then queue tomorrow's."""
    changed = refresh_risks_if_stale()
    schedule_risk_refresh()
    return {"changed": changed}
