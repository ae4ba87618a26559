"""Daily background work: when the next run is due (local time, ``TIME_ZONE``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def next_daily_time(now: dt.datetime, hour: int, minute: int) -> dt.datetime:
    """The next ``hour:minute`` local time strictly after ``now`` (today's or tomorrow's)."""
    local = timezone.localtime(now)
    at = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    while at <= local:
        at += dt.timedelta(days=1)
    return at
