"""The test suite's task backend.

The database queue, as in production (``django_tasks_db``: tasks are rows a worker claims),
except that a delivery of an event (:func:`biaozhun.common.events.deliver_event`) due now runs
at once in the thread that committed, the way Django's ``ImmediateBackend`` runs a task: the
same task function a worker runs, with its arguments through JSON as the queue stores them, so
a test sees the subscribers' effects right after the commit. Deferred tasks (an event's retry,
the outbox's wake-ups) and every other task stay in the queue for a worker
(``biaozhun worker --batch``) as in production.
"""

from __future__ import annotations

import json
from typing import Any

from django.tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

#: The event delivery task, named rather than imported: Django builds this backend while
#: ``biaozhun.common.events`` is still defining that task.
DELIVER_EVENT = "biaozhun.common.events.deliver_event"


class EventsNowBackend(DatabaseBackend):
    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.now = ImmediateBackend(alias, params)

    def enqueue(self, task: Any, args: Any, kwargs: Any) -> Any:
        if task.module_path == DELIVER_EVENT and task.run_after is None:
            args, kwargs = json.loads(json.dumps([list(args), kwargs]))
            return self.now.enqueue(task, args, kwargs)
        return super().enqueue(task, args, kwargs)
