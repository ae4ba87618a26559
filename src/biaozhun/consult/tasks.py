"""Periodic work of the station (Django's tasks API), self-rescheduling like notify's digests:
each run enqueues the next one (one pending wake-up per name, see ``notify.outbox``).

* :func:`send_reminders` every morning (08:00 local): deadline reminders of comments;
* :func:`send_monthly_briefings` on the 1st of each month (08:30): last month's briefings to
  their subscribers.

``biaozhun consult reminders --schedule`` / ``biaozhun consult briefings --schedule`` start the
chains; both are idempotent (dedupe keys), so an extra run sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.tasks import task
from django.utils import timezone

from biaozhun.notify.outbox import reserve_wakeup

from .briefings.services import publish_monthly_briefings
from .reminders.services import send_deadline_reminders


def next_morning(now: dt.datetime, hour: int = 8) -> dt.datetime:
    local = timezone.localtime(now)
    due = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if due <= local:
        due += dt.timedelta(days=1)
    return due


def next_month_start(now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    return local.replace(year=year, month=month, day=1, hour=8, minute=30, second=0, microsecond=0)


def schedule(name: str, due: dt.datetime) -> bool:
    if not reserve_wakeup(name, due):
        return False
    if name == "consult-reminders":
        send_reminders.using(run_after=due).enqueue()
    else:
        send_monthly_briefings.using(run_after=due).enqueue()
    return True


@task()
def send_reminders() -> dict[str, Any]:
    count = send_deadline_reminders()
    schedule("consult-reminders", next_morning(timezone.now()))
    return {"reminders": count}


@task()
def send_monthly_briefings() -> dict[str, Any]:
    count = publish_monthly_briefings()
    schedule("consult-briefings", next_month_start(timezone.now()))
    return {"briefings": count}
