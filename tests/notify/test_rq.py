"""The Redis path: the same outbox through the RQ task backend (Redis on 127.0.0.1:6379).
Publishing enqueues on commit (nothing on rollback); an RQ worker delivers to a real SMTP
server; during an SMTP outage the retry is scheduled in RQ, and after it every mail arrives
in urgency order."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from biaozhun.notify import services
from biaozhun.notify.models import Delivery

from .conftest import SmtpServer, free_port

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rq_queue(settings: Any) -> Iterator[Any]:
    import redis
    from rq import Queue

    name = f"test-{uuid.uuid4().hex[:8]}"
    settings.TASKS = {
        "default": {
            "BACKEND": "biaozhun.notify.rq_backend.RQBackend",
            "OPTIONS": {"URL": "redis://127.0.0.1:6379/0", "QUEUE": name},
        }
    }
    connection = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    queue = Queue(name, connection=connection)
    yield queue
    queue.empty()
    for registry in (queue.scheduled_job_registry, queue.finished_job_registry):
        for job_id in registry.get_job_ids():
            registry.remove(job_id, delete_job=True)


def _work(queue: Any) -> None:
    from rq import SimpleWorker

    SimpleWorker([queue], connection=queue.connection).work(burst=True, logging_level="WARNING")


def _alert(user: Any, key: str, urgency: str = "red") -> Any:
    return services.publish(
        kind="tbt_alert",
        urgency=urgency,
        users=[user],
        title_zh=f"通报 {key}",
        title_en=f"Notification {key}",
        url="/tbt/",
        source=None,
        dedupe_key=key,
    )


def test_commit_enqueues_to_redis_and_an_rq_worker_delivers(
    rq_queue: Any, smtp: SmtpServer, make_user: Any
) -> None:
    user = make_user("bureau_staff", email="desk@example.cn")
    with transaction.atomic():
        _alert(user, "r1")
        _alert(user, "r2", "yellow")
        assert rq_queue.count == 0  # nothing before the commit
    assert rq_queue.count == 1  # one drain for the transaction
    job = rq_queue.jobs[0]
    assert job.args[0] == "biaozhun.notify.tasks.drain_outbox"
    _work(rq_queue)
    assert len(smtp.inbox.unique()) == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_rolled_back_transaction_enqueues_nothing_in_redis(
    rq_queue: Any, smtp: SmtpServer, make_user: Any
) -> None:
    user = make_user("bureau_staff", email="desk@example.cn")
    with pytest.raises(RuntimeError), transaction.atomic():
        _alert(user, "gone")
        raise RuntimeError
    assert rq_queue.count == 0
    _work(rq_queue)
    assert smtp.inbox.raw == []
    assert not Delivery.objects.exists()


def test_outage_retry_is_scheduled_in_rq_and_recovers_in_urgency_order(
    rq_queue: Any, make_user: Any, settings: Any
) -> None:
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    user = make_user("bureau_staff", email="desk@example.cn")
    order = ["info", "red", "yellow", "orange"]
    with transaction.atomic():
        for i, urgency in enumerate(order):
            _alert(user, f"o{i}", urgency)
    _work(rq_queue)  # SMTP is down: every attempt fails and is logged
    assert set(Delivery.objects.filter(channel="email").values_list("status", flat=True)) == {
        "retry"
    }
    assert rq_queue.scheduled_job_registry.count >= 1  # the wake-up for the retry waits in RQ
    server = SmtpServer(port)
    server.start()
    try:
        Delivery.objects.filter(status="retry").update(next_attempt_at=timezone.now())
        from biaozhun.notify.tasks import drain_outbox

        drain_outbox.enqueue()
        _work(rq_queue)
    finally:
        server.stop()
    got = [str(m["X-Biaozhun-Urgency"]).strip() for m in server.inbox.raw]
    assert got == ["red", "orange", "yellow", "info"]
    for delivery in Delivery.objects.filter(channel="email"):
        assert list(delivery.log.values_list("ok", flat=True)) == [False, True]
