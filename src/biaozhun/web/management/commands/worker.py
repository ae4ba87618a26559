"""``biaozhun worker``: run background tasks with the configured backend."""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connections

logger = logging.getLogger(__name__)


def lower_priority(nice: int) -> int:
    """Give this process (and the processes it forks: RQ's scheduler, db_worker's) the CPU
    priority ``nice`` (``WORKER_NICE``): the kernel then prefers the web processes when both
    want a core. Never raises the priority; returns the process's nice value after."""
    if not hasattr(os, "nice"):
        return 0  # not Unix: the platform's default priority
    current = os.nice(0)
    if nice > current:
        return os.nice(nice - current)
    return current


class Command(BaseCommand):
    help = "Run the background task worker for the configured task backend."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--queue-name", default="*")
        parser.add_argument("--batch", action="store_true", help="exit when the queue is empty")

    def handle(self, *args: Any, **options: Any) -> None:
        lower_priority(settings.WORKER_NICE)
        backend = settings.TASK_BACKEND
        if backend == "database":
            # No autoreloader: a signal to the worker must reach the process doing the work.
            extra = ["--batch"] if options["batch"] else ["--no-reload"]
            while True:
                try:
                    call_command("db_worker", f"--queue-name={options['queue_name']}", *extra)
                    return
                except OperationalError as exc:
                    # SQLite answers "database is locked" when a writer holds the lock past
                    # busy_timeout while the worker claims a task (before it runs anything):
                    # wait and claim again rather than die.
                    if "locked" not in str(exc) or options["batch"]:
                        raise
                    logger.warning("database busy (%s); claiming again in 1 s", exc)
                    connections.close_all()
                    time.sleep(1)
        runner = getattr(settings, "BIAOZHUN_WORKER_COMMAND", None)
        if runner:
            call_command(runner, batch=options["batch"])
            return
        raise CommandError(f"The {backend!r} task backend runs tasks without a worker.")
