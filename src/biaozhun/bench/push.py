"""``biaozhun bench push``: instant push.

* ``sse_p95_ms`` (and p50/p99/max): from a notification's transaction committing to the
  affected user's live feed (a real SSE client on a real uvicorn server) receiving it, on the
  embedded default (the stream polls the database every ``NOTIFY_SSE_POLL_SECONDS``), and
  ``sse_redis_*`` with the Redis pub/sub wake-up.
* ``email_<backend>_s``: 10,000 e-mails (``BIAOZHUN_BENCH_PUSH_MESSAGES``) published in
  transactions of 100 and handed by a separate worker process to a local aiosmtpd server,
  from the first commit to the last mail received, with the database task backend and with the
  RQ backend on Redis side by side (``BIAOZHUN_BENCH_PUSH_BACKENDS``, default both).

It writes bench users ``bench-push-*`` and messages ``bench-push:*`` into the configured
database and deletes the messages afterwards.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from typing import TYPE_CHECKING, Any

from biaozhun.bench import benchmark, percentiles

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


def _users(count: int) -> list[Any]:
    # a benchmark's dependencies load only when it runs
    from biaozhun.accounts.models import User

    users = []
    for i in range(count):
        user, _ = User.objects.get_or_create(
            username=f"bench-push-{i}",
            defaults={"role": "bureau_staff", "email": f"bench{i}@bench.example.cn"},
        )
        users.append(user)
    return users


def _cleanup() -> None:
    # a benchmark's dependencies load only when it runs
    from biaozhun.notify.models import Message

    Message.objects.filter(dedupe_key__startswith="bench-push:").delete()


def _publish(user: User, key: str, urgency: str = "red") -> None:
    # a benchmark's dependencies load only when it runs
    from biaozhun.notify import services

    services.publish(
        kind="bench",
        urgency=urgency,
        users=[user],
        title_zh=f"压测通知 {key}",
        title_en=f"Bench notification {key}",
        url="/notifications/",
        source=None,
        dedupe_key=f"bench-push:{key}",
    )


def _sse_latency(samples: int, redis: bool) -> dict[str, float]:
    # a benchmark's dependencies load only when it runs
    from django.db import transaction
    from django.test.utils import override_settings

    from biaozhun.bench.liveserver import SseReader, ThreadedUvicorn, session_cookie

    [user] = _users(1)
    run = uuid.uuid4().hex[:8]
    with override_settings(NOTIFY_SSE_REDIS=redis, TASKS=_dummy_tasks()):
        server = ThreadedUvicorn().start()
        reader = SseReader(server.url + "/notifications/stream/", session_cookie(user)).start()
        try:
            if reader.wait_for(lambda e: e.get("event") == "hello", 20) is None:
                raise RuntimeError("the live feed did not answer")
            time.sleep(0.3)
            latencies = []
            for i in range(samples):
                time.sleep(random.uniform(0.05, 0.3))  # not in step with the poll
                key = f"sse-{run}-{i}"
                with transaction.atomic():
                    _publish(user, key)
                committed = time.perf_counter()
                title = f"压测通知 {key}"
                event = reader.wait_for(lambda e, t=title: e.get("json", {}).get("title_zh") == t)
                if event is None:
                    raise RuntimeError(f"event {key} never arrived")
                latencies.append((event["received"] - committed) * 1000)
        finally:
            reader.stop()
            server.stop()
    return percentiles(latencies)


def _dummy_tasks() -> dict[str, Any]:
    return {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _backend_tasks(backend: str, queue: str) -> dict[str, Any]:
    # a benchmark's dependencies load only when it runs
    from django.conf import settings

    if backend == "rq":
        return {
            "default": {
                "BACKEND": "biaozhun.notify.rq_backend.RQBackend",
                "OPTIONS": {"URL": settings.REDIS_URL, "QUEUE": queue},
            }
        }
    return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _start_worker(
    backend: str, smtp_port: int, queue: str, extra: dict[str, str] | None = None
) -> subprocess.Popen[Any]:
    """A ``biaozhun worker`` in its own process group; ``extra``: more environment."""
    env = dict(os.environ)
    env.update(
        {
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "BIAOZHUN_TASK_BACKEND": "database",
            "BIAOZHUN_RQ_QUEUE": queue,
            "LOG_LEVEL": "WARNING",
            "DEBUG": "false",  # no autoreloader between us and the worker
            "DJANGO_SETTINGS_MODULE": "biaozhun.notify.settings_rq"
            if backend == "rq"
            else os.environ.get("DJANGO_SETTINGS_MODULE", "biaozhun.settings"),
        }
    )
    env.update(extra or {})
    return subprocess.Popen(
        [sys.executable, "-m", "biaozhun.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(f"{tempfile.gettempdir()}/biaozhun-bench-worker-{queue}.log", "ab"),
        start_new_session=True,  # its own process group (RQ forks a scheduler)
    )


def _wait_ready(procs: list[subprocess.Popen[Any]], backend: str, queue: str) -> None:
    """Until every worker has passed its start-up checks (a writer holding SQLite's lock while
    a worker starts can fail them)."""
    # a benchmark's dependencies load only when it runs
    from biaozhun.notify.tasks import drain_outbox

    deadline = time.monotonic() + 180
    while True:
        if any(proc.poll() is not None for proc in procs):
            raise RuntimeError(f"{backend}: a worker exited at start")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{backend}: the workers did not start")
        if backend == "rq":
            # a heavy or optional dependency: loaded on first use
            from rq import Worker

            from biaozhun.notify.rq_backend import RQBackend

            rq_queue = RQBackend("bench", {"OPTIONS": {"QUEUE": queue}}).queue()
            if len(Worker.all(queue=rq_queue)) >= len(procs):
                return
        else:
            result = drain_outbox.enqueue()
            time.sleep(1)
            result.refresh()
            if result.status == "SUCCESSFUL":
                if len(procs) == 1:
                    return
                time.sleep(3)  # the others started at the same time
                return
        time.sleep(0.5)


class _Smtp:
    """A local aiosmtpd server that timestamps each mail it receives."""

    def __init__(self) -> None:
        # a heavy or optional dependency: loaded on first use
        from aiosmtpd.controller import Controller

        from biaozhun.bench.liveserver import _free_port

        self.received: list[float] = []
        received = self.received

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                received.append(time.perf_counter())
                return "250 OK"

        self.port = _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def stop_processes(procs: list[subprocess.Popen[Any]]) -> None:
    """SIGTERM each process group (RQ forks a scheduler, uvicorn its workers), then SIGKILL
    what is still there after 15 s (the push, storm and load benchmarks' workers and servers)."""
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def _wait_received(smtp: _Smtp, count: int, procs: list[subprocess.Popen[Any]], what: str) -> None:
    deadline = time.monotonic() + 600
    while len(smtp.received) < count and time.monotonic() < deadline:
        if all(proc.poll() is not None for proc in procs):
            raise RuntimeError(f"{what}: the workers exited (see {tempfile.gettempdir()})")
        time.sleep(0.1)
    if len(smtp.received) < count:
        raise RuntimeError(f"{what}: only {len(smtp.received)} of {count} mails arrived")


def _publish_many(count: int, run: str) -> None:
    # a benchmark's dependencies load only when it runs
    from django.db import transaction

    users = _users(50)
    for start in range(0, count, 100):  # SQLite has one writer: short transactions
        with transaction.atomic():
            for i in range(start, min(start + 100, count)):
                _publish(users[i % len(users)], f"mail-{run}-{i}", "orange")


def _email_throughput(backend: str, count: int, workers: int) -> dict[str, float]:
    """End to end: workers running while 10,000 messages are published (the sending overlaps
    the publishing); then handover only: 10,000 published first, then the workers start."""
    # a benchmark's dependencies load only when it runs
    from django.test.utils import override_settings

    figures: dict[str, float] = {}
    smtp = _Smtp()
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    procs = [_start_worker(backend, smtp.port, queue) for _ in range(workers)]
    try:
        with override_settings(TASKS=_backend_tasks(backend, queue)):
            _wait_ready(procs, backend, queue)
            started = time.perf_counter()
            _publish_many(count, uuid.uuid4().hex[:8])
            published = time.perf_counter()
            _wait_received(smtp, count, procs, backend)
        done = time.perf_counter()
    finally:
        stop_processes(procs)
        smtp.stop()
    figures[f"email_{backend}_publish_s"] = round(published - started, 2)
    figures[f"email_{backend}_end_to_end_s"] = round(done - started, 2)
    _cleanup()

    smtp = _Smtp()
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    with override_settings(TASKS=_dummy_tasks()):
        _publish_many(count, uuid.uuid4().hex[:8])  # waiting in the outbox, no worker yet
    started = time.perf_counter()
    procs = [_start_worker(backend, smtp.port, queue) for _ in range(workers)]
    try:
        with override_settings(TASKS=_backend_tasks(backend, queue)):
            _wait_ready(procs, backend, queue)  # (the database worker's first drain)
            _wait_received(smtp, count, procs, backend)
        done = time.perf_counter()
    finally:
        stop_processes(procs)
        smtp.stop()
    first, last = smtp.received[0], smtp.received[count - 1]
    figures[f"email_{backend}_handover_s"] = round(done - started, 2)
    figures[f"email_{backend}_first_to_last_s"] = round(last - first, 2)
    figures[f"email_{backend}_per_second"] = round(count / max(last - first, 1e-9), 1)
    _cleanup()
    return figures


@benchmark("push")
def push() -> dict[str, Any]:
    # a benchmark's dependencies load only when it runs
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    count = int(os.environ.get("BIAOZHUN_BENCH_PUSH_MESSAGES", "10000"))
    samples = int(os.environ.get("BIAOZHUN_BENCH_PUSH_SSE_SAMPLES", "40"))
    workers = int(os.environ.get("BIAOZHUN_BENCH_PUSH_WORKERS", "1"))
    backends = os.environ.get("BIAOZHUN_BENCH_PUSH_BACKENDS", "database,rq").split(",")
    figures: dict[str, Any] = {"messages": count, "workers": workers}
    try:
        for key, value in _sse_latency(samples, redis=False).items():
            figures[f"sse_{key}"] = value
        for key, value in _sse_latency(samples, redis=True).items():
            figures[f"sse_redis_{key}"] = value
        for backend in backends:
            figures.update(_email_throughput(backend.strip(), count, workers))
    finally:
        _cleanup()
    return figures
