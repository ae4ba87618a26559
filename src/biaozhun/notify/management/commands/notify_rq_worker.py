"""``biaozhun notify_rq_worker``: an RQ worker (with its scheduler) for the RQ task backend.

It first enqueues one drain of the outbox, so deliveries left by a crashed worker are picked
up even if no new message arrives."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.tasks import task_backends


class Command(BaseCommand):
    help = "运行 RQ 任务进程 / Run an RQ worker for the Redis task backend."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", action="store_true", help="exit when the queue is empty")

    def handle(self, *args: Any, **options: Any) -> None:
        # a heavy or optional dependency: loaded on first use
        from rq import SimpleWorker

        from biaozhun.notify.rq_backend import RQBackend
        from biaozhun.notify.tasks import drain_outbox

        backend = task_backends["default"]
        if not isinstance(backend, RQBackend):
            raise CommandError(
                "TASKS['default'] 不是 RQ 后端。/ TASKS['default'] is not the RQ backend "
                "(biaozhun.notify.rq_backend.RQBackend)."
            )
        queue = backend.queue()
        drain_outbox.enqueue()
        # RQ's scheduler lock lives for the maintenance interval (10 minutes by default), and a
        # worker retries it only that often: after a crashed worker, deferred tasks (retries,
        # wake-ups) would wait up to 10 minutes. 30 s keeps the recovery prompt.
        worker = SimpleWorker([queue], connection=queue.connection, maintenance_interval=30)
        worker.work(burst=options["batch"], with_scheduler=True, logging_level="WARNING")
