"""Crash safety, counted at the receivers: the worker runs as a separate process, is killed
with SIGKILL while it fans out 10,000 messages (e-mail and signed webhook each), and is
started again. None is lost, and every message arrives once per channel: the worker commits
each accepted delivery before it sends the next, so the kill can leave at most the one
delivery it was sending in doubt. That one is resent with the same Message-ID or
Idempotency-Key, which the receiver recognises (the SMTP store and the webhook receiver here
dedupe on them, as real receivers are asked to); every other message reaches the receiver
exactly once, counted on the wire."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from django.db import transaction

from biaozhun.notify import services
from biaozhun.notify.models import ChannelEndpoint, Delivery

from .conftest import Receiver, SmtpServer, free_port
from .workers import kill_worker, start_worker, wait_ready

SLOW = pytest.mark.slow


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
        pytest.param("database", 10000, marks=SLOW),
        pytest.param("rq", 10000, marks=SLOW),
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
    env = {"BIAOZHUN_RQ_QUEUE": queue}
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
