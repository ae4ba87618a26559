"""A Django tasks backend that enqueues to RQ on Redis, for several workers on several hosts.

Select it with settings only::

    TASKS = {"default": {"BACKEND": "biaozhun.notify.rq_backend.RQBackend",
                         "QUEUES": ["default"],
                         "OPTIONS": {"URL": REDIS_URL, "QUEUE": "biaozhun"}}}
    BIAOZHUN_WORKER_COMMAND = "notify_rq_worker"   # what `biaozhun worker` runs

The tasks are the same functions as with the database backend; RQ only carries the call
(``run_task(task_path, args, kwargs)``). Deferred tasks (``run_after``) go to RQ's scheduler
(the worker runs it); priority ≥ 30 (red and orange alerts) goes to the front of the queue.
"""

from __future__ import annotations

from typing import Any

from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import Task, TaskResult, TaskResultStatus
from django.utils import timezone
from django.utils.json import normalize_json
from django.utils.module_loading import import_string

FRONT_PRIORITY = 30


def run_task(task_path: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """What an RQ worker executes: look the task up and call it."""
    task = import_string(task_path)
    return normalize_json(task.call(*args, **kwargs))


class RQBackend(BaseTaskBackend):
    supports_defer = True
    supports_priority = True
    supports_async_task = False
    supports_get_result = False

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        # the task backend is built from settings: app modules load on first use
        from biaozhun.notify import conf

        self.url = self.options.get("URL") or conf.redis_url()
        self.queue_name = self.options.get("QUEUE", "biaozhun")

    def queue(self) -> Any:
        # a heavy or optional dependency: loaded on first use
        import redis
        from rq import Queue

        return Queue(self.queue_name, connection=redis.Redis.from_url(self.url))

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any, Any]:
        self.validate_task(task)
        queue = self.queue()
        call_args = (task.module_path, normalize_json(list(args)), normalize_json(dict(kwargs)))
        if task.run_after is not None and task.run_after > timezone.now():
            job = queue.enqueue_at(task.run_after, run_task, *call_args)
        else:
            job = queue.enqueue_call(
                run_task,
                args=call_args,
                at_front=task.priority >= FRONT_PRIORITY,
                result_ttl=600,
                failure_ttl=7 * 86400,
            )
        return TaskResult(
            task=task,
            id=job.id,
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
