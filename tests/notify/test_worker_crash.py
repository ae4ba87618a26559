"""Crash safety, counted at the receivers: workers run as separate processes and are killed
with SIGKILL while they fan out the messages (e-mail, signed webhook and a group robot each),
and are started again. None is lost, and every message arrives once per channel: a worker
commits each accepted delivery before it sends the next, and sends only while its lease on
the batch holds, so each kill can leave at most the one delivery that worker was sending in
doubt. That one is resent with the same Message-ID or Idempotency-Key, which the receiver
recognises (the SMTP store and the webhook receiver here dedupe on them, as real receivers
are asked to); a robot cannot recognise a repeat, so a robot delivery in doubt is not resent
but raised to the desk. Every other message reaches the receiver exactly once, counted on
the wire. Several live workers, no kill, a slow receiver: no message twice (issue 15 §9)."""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.db import connection, transaction

from biaozhun.notify import services
from biaozhun.notify.models import ChannelEndpoint, Delivery, DeskTask

from .conftest import Receiver, SmtpServer, free_port
from .workers import kill_worker, start_worker, wait_ready

SLOW = pytest.mark.slow
CRASH = pytest.mark.crash  # runs on PostgreSQL in CI too, slow or not


class RobotReceiver:
    """A WeCom-style robot endpoint: answers ``{"errcode": 0}`` and counts each message it
    receives by (robot key, message title)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                key = self.path.split("key=", 1)[1]
                title = body["text"]["content"].split("\n", 1)[0]
                robot.received.append((key, title))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _fan_out(users: list[Any], N: int) -> None:
    per_tx = 100  # short transactions: SQLite has one writer, the worker needs turns
    for start in range(0, N, per_tx):
        with transaction.atomic():
            for i in range(start, min(start + per_tx, N)):
                services.publish(
                    kind="tbt_alert",
                    urgency=("red", "orange", "yellow", "info")[i % 4],
                    users=[users[i % len(users)]],
                    title_zh=f"通报 {i}",
                    title_en=f"Notification {i}",
                    url="/tbt/",
                    source=None,
                    dedupe_key=f"crash:{i}",
                )


def _wait(predicate: Any, timeout: float, what: str, worker: Any = None) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        if worker is not None and worker.poll() is not None:
            raise AssertionError(f"the worker exited: {worker.stderr.read().decode()[-3000:]}")
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _tasks_settings(settings: Any, backend: str, queue: str) -> None:
    if backend == "rq":
        settings.TASKS = {
            "default": {
                "BACKEND": "biaozhun.notify.rq_backend.RQBackend",
                "OPTIONS": {"URL": "redis://127.0.0.1:6379/0", "QUEUE": queue},
            }
        }
    else:
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.parametrize(
    ("backend", "N"),
    [
        ("database", 1000),
        ("rq", 1000),
        pytest.param("database", 10000, marks=[SLOW, CRASH]),
        pytest.param("rq", 10000, marks=[SLOW, CRASH]),
    ],
)
@pytest.mark.django_db(transaction=True)
def test_sigkill_mid_fan_out_loses_nothing_and_sends_nothing_twice(
    backend: str, N: int, make_user: Any, settings: Any
) -> None:
    queue = f"crash-{uuid.uuid4().hex[:8]}"
    _tasks_settings(settings, backend, queue)
    smtp = SmtpServer(free_port())
    smtp.start()
    receiver = Receiver("crash-test-secret-0123456789")
    receiver.thread.start()
    users = [make_user("bureau_staff", email=f"desk{i}@example.cn") for i in range(20)]
    for user in users:
        ChannelEndpoint.objects.create(
            user=user, kind="webhook", target=receiver.url + "/hook", secret=receiver.secret
        )
    env = {
        "BIAOZHUN_RQ_QUEUE": queue,
        "BIAOZHUN_NOTIFY_OUTBOUND_ALLOWED_HOSTS": f"127.0.0.1:{receiver.server.server_address[1]}",
    }
    worker = start_worker(smtp_port=smtp.port, backend=backend, extra=env)
    try:
        wait_ready(worker, backend, queue)
        _fan_out(users, N)
        _wait(lambda: len(smtp.inbox.raw) >= N // 3, 600, "a third of the mail", worker)
        kill_worker(worker)
        killed_at = len(smtp.inbox.raw)
        assert killed_at < N, "the worker finished before it could be killed"
        worker = start_worker(smtp_port=smtp.port, backend=backend, extra=env)
        _wait(
            lambda: not Delivery.objects.exclude(status="sent").exists(),
            900,
            "every delivery recorded as sent",
            worker,
        )
    finally:
        kill_worker(worker)
        smtp.stop()
        receiver.server.shutdown()
        receiver.server.server_close()
    expected_mail = set(
        f"<{key}@127.0.0.1>"
        for key in Delivery.objects.filter(channel="email").values_list(
            "idempotency_key", flat=True
        )
    )
    mail_ids = smtp.inbox.message_ids
    hook_keys = [r["key"] for r in receiver.received]
    assert len(expected_mail) == N
    assert set(mail_ids) == expected_mail  # none lost
    assert len(set(hook_keys)) == N and receiver.rejected == []
    # one worker sends one delivery at a time: one kill, at most one repeat, with the same id
    repeats = (len(mail_ids) - N) + (len(hook_keys) - N)
    assert repeats <= 1
    print(
        f"\n[{backend}] killed after {killed_at} mails; received {len(mail_ids)} mails "
        f"({len(mail_ids) - N} repeats deduped), {len(hook_keys)} webhooks "
        f"({len(hook_keys) - N} repeats deduped)"
    )


def _mail_ids(smtp: SmtpServer) -> list[str]:
    return smtp.inbox.message_ids


def _expected_mail() -> set[str]:
    keys = Delivery.objects.filter(channel="email").values_list("idempotency_key", flat=True)
    return {f"<{key}@127.0.0.1>" for key in keys}


@pytest.mark.parametrize(
    ("workers", "N", "kills"),
    [
        (3, 600, 3),
        pytest.param(3, 3000, 5, marks=[SLOW, CRASH]),
    ],
)
@pytest.mark.django_db(transaction=True)
def test_several_workers_killed_at_random_lose_nothing_and_repeat_at_most_once_per_kill(
    workers: int, N: int, kills: int, make_user: Any, settings: Any
) -> None:
    """Two or three database-backend workers (``FOR UPDATE SKIP LOCKED`` on PostgreSQL),
    e-mail + signed webhook + WeCom-style robot per message, several SIGKILLs of random
    workers at random moments, the last one of a worker started after an earlier kill."""
    if connection.vendor != "postgresql":
        pytest.skip("several workers claim with SKIP LOCKED: the PostgreSQL path")
    _tasks_settings(settings, "database", "")
    rnd = random.Random(int(time.time()))
    smtp = SmtpServer(free_port())
    smtp.start()
    receiver = Receiver("crash-test-secret-0123456789")
    receiver.thread.start()
    robot = RobotReceiver()
    hook_port = receiver.server.server_address[1]
    users = [make_user("bureau_staff", email=f"desk{i}@example.cn") for i in range(20)]
    for i, user in enumerate(users):
        ChannelEndpoint.objects.create(
            user=user, kind="webhook", target=receiver.url + "/hook", secret=receiver.secret
        )
        ChannelEndpoint.objects.create(
            user=user,
            kind="wecom",
            target=f"http://127.0.0.1:{robot.port}/cgi-bin/webhook/send?key=robot{i}",
        )
    env = {
        "BIAOZHUN_NOTIFY_OUTBOUND_ALLOWED_HOSTS": f"127.0.0.1:{hook_port},127.0.0.1:{robot.port}",
        "BIAOZHUN_NOTIFY_BATCH_SIZE": "50",
    }
    _fan_out(users, N)  # the outbox is full before the workers start: every kill is mid-send
    started_at = time.monotonic()
    pool = [start_worker(smtp_port=smtp.port, extra=env) for _ in range(workers)]
    restarted: set[int] = set()
    killed_at: list[int] = []
    try:
        total = 3 * N
        for k in range(kills):
            # a random moment in the run: after a further slice of the sends
            goal = int(total * (k + rnd.uniform(0.3, 0.8)) / (kills + 1))

            def progress() -> int:
                return len(smtp.inbox.raw) + len(receiver.received) + len(robot.received)

            _wait(lambda goal=goal: progress() >= goal, 600, f"{goal} sends")
            # the last kill takes a worker that was itself started after a kill
            choices = sorted(restarted) if k == kills - 1 and restarted else range(workers)
            victim = rnd.choice(list(choices))
            kill_worker(pool[victim])
            killed_at.append(progress())
            pool[victim] = start_worker(smtp_port=smtp.port, extra=env)
            restarted.add(victim)
        assert killed_at[-1] < total, "the workers finished before the last kill"
        _wait(
            lambda: not Delivery.objects.exclude(status__in=["sent", "dead"]).exists(),
            900,
            "every delivery sent or raised to the desk",
        )
    finally:
        for worker in pool:
            kill_worker(worker)
        smtp.stop()
        receiver.server.shutdown()
        receiver.server.server_close()
        robot.close()
    seconds = time.monotonic() - started_at
    mail_ids = _mail_ids(smtp)
    hook_keys = [r["key"] for r in receiver.received]
    expected_mail = _expected_mail()
    expected_hooks = set(
        Delivery.objects.filter(channel="webhook").values_list("idempotency_key", flat=True)
    )
    # e-mail and webhooks: all arrive (a repeat has the same id, which the receiver dedupes)
    assert len(expected_mail) == N and set(mail_ids) == expected_mail
    assert len(expected_hooks) == N and set(hook_keys) == expected_hooks
    assert receiver.rejected == []
    assert not Delivery.objects.filter(channel__in=["email", "webhook"]).exclude(status="sent")
    # robots: never twice; one in doubt (killed mid-send) goes to the desk, not out again
    robot_counts = Counter(robot.received)
    assert max(robot_counts.values()) == 1
    robots = Delivery.objects.filter(channel="wecom")
    in_doubt = robots.filter(status="dead")
    assert all("outcome unknown" in t.reason_en for t in DeskTask.objects.all())
    assert DeskTask.objects.count() == in_doubt.count()
    assert robots.filter(status="sent").count() + in_doubt.count() == N
    assert len(robot_counts) >= N - in_doubt.count()  # none lost without a desk task
    repeats = (len(mail_ids) - N) + (len(hook_keys) - N)
    assert repeats + in_doubt.count() <= kills  # one send in flight per killed worker
    print(
        f"\n[{workers} workers, {N} messages × 3 channels, {kills} kills at {killed_at}] "
        f"{len(mail_ids)} mails ({len(mail_ids) - N} repeats), {len(hook_keys)} webhooks "
        f"({len(hook_keys) - N} repeats), {len(robot.received)} robot messages "
        f"({in_doubt.count()} in doubt to the desk), lost 0, {seconds:.1f} s"
    )


class SlowSmtp(SmtpServer):
    """An SMTP server taking ``delay`` seconds over each mail."""

    def __init__(self, port: int, delay: float) -> None:
        super().__init__(port)
        self.delay = delay

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        inbox, delay = self.inbox, self.delay

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                await asyncio.sleep(delay)
                inbox.add(envelope.original_content or envelope.content)
                return "250 Message accepted for delivery"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()


@pytest.mark.django_db(transaction=True)
def test_two_live_workers_and_a_slow_receiver_send_nothing_twice(
    make_user: Any, settings: Any
) -> None:
    """The case of issue 15 §9: two live workers, no kill, 20 ms a mail and a 3 s stale
    timeout shorter than a batch takes (200 × 20 ms = 4 s). The lease is renewed while a
    batch is worked through, so no live worker's batch is reclaimed and sent again."""
    _tasks_settings(settings, "database", "")
    N = 1000 if connection.vendor == "postgresql" else 600
    smtp = SlowSmtp(free_port(), 0.02)
    smtp.start()
    users = [make_user("bureau_staff", email=f"desk{i}@example.cn") for i in range(20)]
    env = {"BIAOZHUN_NOTIFY_STALE_SECONDS": "3", "BIAOZHUN_NOTIFY_BATCH_SIZE": "200"}
    pool = [start_worker(smtp_port=smtp.port, extra=env) for _ in range(2)]
    try:
        wait_ready(pool[0], "database", "")
        _fan_out(users, N)
        _wait(
            lambda: not Delivery.objects.exclude(status="sent").exists(),
            600,
            "every delivery sent",
            pool[0],
        )
        time.sleep(1)  # a late duplicate would arrive now
    finally:
        for worker in pool:
            kill_worker(worker)
        smtp.stop()
    ids = _mail_ids(smtp)
    assert set(ids) == _expected_mail() and len(_expected_mail()) == N
    assert len(ids) == N, f"{len(ids) - N} duplicates"
    senders = {
        a for a in Delivery.objects.filter(channel="email").values_list("attempt_id", flat=True)
    }
    print(f"\n[2 live workers, {N} mails at 20 ms] {len(ids)} received, {len(senders)} batches")
