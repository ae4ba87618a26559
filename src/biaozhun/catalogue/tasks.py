"""Background work of the catalogue (Django's tasks API): the build of the search vectors and
the daily run that applies dated changes (editions taking effect, replaced, withdrawn; see
:func:`biaozhun.catalogue.transitions.apply_dated_transitions`). The daily chain starts with
``biaozhun setup`` (:meth:`CatalogueConfig.schedule_periodic_tasks`) and each run queues the
next; ``biaozhun catalogue transitions`` does the same from cron."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.tasks import task
from django.utils import timezone

from biaozhun.common.schedule import next_daily_time
from biaozhun.core import embedding
from biaozhun.notify.outbox import reserve_wakeup

from . import vectors
from .transitions import apply_dated_transitions

#: local time of the daily run (after midnight, before the alerts' risk refresh at 00:05)
TRANSITIONS_AT = (0, 2)


def schedule_transitions(now: dt.datetime | None = None) -> bool:
    """Queue the next daily run unless one is already queued for then (idempotent)."""
    due = next_daily_time(now or timezone.now(), *TRANSITIONS_AT)
    if not reserve_wakeup("catalogue-transitions", due):
        return False
    apply_transitions_daily.using(run_after=due).enqueue()
    return True


@task()
def apply_transitions_daily() -> dict[str, Any]:
    """Apply today's dated changes, then queue tomorrow's run."""
    run = apply_dated_transitions()
    schedule_transitions()
    return {"run": run.pk if run else None, "counts": run.counts if run else {}}


@task()
def build_vectors() -> dict[str, Any]:
    """Embed the titles without an up-to-date vector (resumable, incremental; see
    ``catalogue.vectors``). A no-op when another build runs or the model is not installed."""
    if not embedding.available():
        return {"skipped": "model not installed"}
    build = vectors.build_vectors()
    if build is None:
        return {"skipped": "another build is running"}
    return {"build": build.pk, "state": build.state, "embedded": build.embedded}
