"""Outage and retry driven by a real worker process: nothing forces a due time by hand, so
the worker's own wake-up after each backoff (a deferred drain task at the next due time) is
what brings the retries (issue 15 §9)."""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest
from django.db import transaction

from biaozhun.notify import services
from biaozhun.notify.models import Delivery, DeskTask

from .conftest import SmtpServer, free_port
from .workers import kill_worker, start_worker

pytestmark = pytest.mark.django_db(transaction=True)

RANK = {"red": 4, "orange": 3, "yellow": 2, "info": 1}


@pytest.fixture(autouse=True)
def _database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _publish(user: Any, urgencies: list[str], prefix: str) -> None:
    with transaction.atomic():
        for i, urgency in enumerate(urgencies):
            services.publish(
                kind="tbt_alert",
                urgency=urgency,
                users=[user],
                title_zh=f"通报 {prefix}{i}",
                title_en=f"Notification {prefix}{i}",
                url="/tbt/",
                source=None,
                dedupe_key=f"{prefix}{i}",
            )


def _wait(predicate: Any, timeout: float, what: str, worker: Any) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        if worker.poll() is not None:
            raise AssertionError(f"the worker exited: {worker.stderr.read().decode()[-3000:]}")
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_smtp_outage_then_recovery_the_worker_wakes_up_and_delivers_in_urgency_order(
    make_user: Any,
) -> None:
    port = free_port()  # nothing listens here yet: the mail server is down
    user = make_user("bureau_staff", email="desk@example.cn")
    order = ["info", "red", "yellow", "orange", "info", "red", "yellow", "orange"]
    _publish(user, order, "o")
    mail = Delivery.objects.filter(channel="email")
    worker = start_worker(smtp_port=port, extra={"BIAOZHUN_NOTIFY_RETRY_BASE_SECONDS": "1"})
    server = SmtpServer(port)
    try:
        _wait(
            lambda: all(d.log.filter(ok=False).count() >= 2 for d in mail.all()),
            180,
            "two failed rounds",
            worker,
        )
        server.start()  # the mail server comes back; the next wake-up delivers
        _wait(lambda: not mail.exclude(status="sent").exists(), 180, "every mail sent", worker)
    finally:
        kill_worker(worker)
        server.stop()
    received = [str(m["X-Biaozhun-Urgency"]).strip() for m in server.inbox.raw]
    assert len(received) == len(order)
    assert [RANK[u] for u in received] == sorted((RANK[u] for u in order), reverse=True)
    for delivery in mail.all():
        log = list(delivery.log.order_by("number"))
        assert [a.ok for a in log][-1] is True and not any(a.ok for a in log[:-1])
        assert len(log) >= 3 and delivery.attempts == len(log)
        # each wait at least half the doubled base (jitter): 0.5 s, 1 s, 2 s, ...
        for n, (before, after) in enumerate(itertools.pairwise(log), start=1):
            gap = (after.started_at - before.started_at).total_seconds()
            assert gap >= 0.5 * 2 ** (n - 1) - 0.05, (n, gap)


def test_a_worker_turns_repeated_failure_into_a_dead_letter_for_the_desk(
    make_user: Any,
) -> None:
    user = make_user("bureau_staff", email="desk@example.cn")
    _publish(user, ["red"], "d")
    delivery = Delivery.objects.get(channel="email")
    worker = start_worker(
        smtp_port=free_port(),
        extra={"BIAOZHUN_NOTIFY_RETRY_BASE_SECONDS": "1", "BIAOZHUN_NOTIFY_MAX_ATTEMPTS": "3"},
    )
    try:
        _wait(
            lambda: Delivery.objects.filter(pk=delivery.pk, status="dead").exists(),
            120,
            "the dead letter",
            worker,
        )
    finally:
        kill_worker(worker)
    delivery.refresh_from_db()
    assert delivery.attempts == 3
    assert list(delivery.log.values_list("number", "ok")) == [(1, False), (2, False), (3, False)]
    task = DeskTask.objects.get(delivery=delivery)
    assert "3" in task.reason_zh and "SMTP unavailable" in task.reason_en
