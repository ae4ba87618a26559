"""The alert storm benchmark (``biaozhun bench storm``) on a small storm, not timed: the
synthetic notification, imported by the TBT importer, alerts every synthetic enterprise once;
through RQ workers on the real Redis, a real ``biaozhun serve`` and a real SMTP server, every
alert, in-app delivery, live-feed event and mail arrives exactly once; the bench rows are
deleted afterwards."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from .workers import database_url

pytestmark = pytest.mark.django_db(transaction=True)

SIZE = 30


@pytest.fixture
def population(yangzhou: Any) -> Any:
    from biaozhun.bench.storm import cleanup, prepare_population

    made = prepare_population(SIZE)
    yield made
    cleanup()


def test_the_synthetic_notification_alerts_every_synthetic_enterprise_once(
    population: Any, settings: Any
) -> None:
    """The importer's path with the test suite's backend (the matcher runs on commit)."""
    settings.TASKS = {"default": {"BACKEND": "tests.tasks_backend.EventsNowBackend"}}
    from biaozhun.alerts.index import reset_index
    from biaozhun.alerts.models import Alert
    from biaozhun.bench.storm import TITLE_MARK, notification_json
    from biaozhun.notify.models import Channel, Delivery
    from biaozhun.tbt.importers import import_file
    from biaozhun.tbt.models import Notification

    reset_index()
    report = import_file(None, "eping-json", notification_json("G/TBT/N/USA/99001"), "s.json")
    assert report.created == 1, report.as_dict()
    n = Notification.objects.get(symbol="G/TBT/N/USA/99001")
    assert n.title.startswith(TITLE_MARK) and n.is_example
    per_enterprise = Counter(
        Alert.objects.filter(notification=n).values_list("enterprise_id", flat=True)
    )
    assert set(per_enterprise) == set(population.enterprise_ids)
    assert set(per_enterprise.values()) == {1}
    mails = Delivery.objects.filter(channel=Channel.EMAIL, message__kind="tbt_alert")
    assert sorted(mails.values_list("address", flat=True)) == sorted(a for _, a in population.users)
    assert Delivery.objects.filter(
        channel=Channel.INAPP, user_id__in=[u for u, _ in population.users]
    ).count() == len(population.users)


@pytest.mark.redis
@pytest.mark.parametrize("workers", [1, 2])
def test_a_small_storm_arrives_exactly_once(
    population: Any, workers: int, monkeypatch: Any
) -> None:
    from biaozhun.alerts.models import Alert
    from biaozhun.bench.storm import cleanup, run_storm
    from biaozhun.enterprises.models import Enterprise
    from biaozhun.notify.models import Channel, Delivery, Message
    from biaozhun.tbt.models import Notification

    monkeypatch.setenv("DATABASE_URL", database_url())  # the workers and the web server
    seen: list[str] = []

    def during(base_url: str) -> dict[str, Any]:
        import requests

        seen.append(base_url)
        return {"login_status": requests.get(base_url + "/accounts/login/", timeout=30).status_code}

    figures = run_storm(population, workers, sse_clients=8, during=during, timeout=300, stall=60)

    assert figures["alerts"] == SIZE and figures["emails"] == SIZE
    assert figures["sse_clients"] == 8 and figures["sse_received"] == 8
    assert figures["email_deliveries"] == {"sent": SIZE}
    assert set(figures["duplicates"].values()) == {0}
    assert set(figures["missing"].values()) == {0}
    assert figures["pages_login_status"] == 200 and len(seen) == 1
    for key in ("alerts_first_s", "inapp_last_s", "sse_last_s", "email_first_s", "email_last_s"):
        assert figures[key] is not None and figures[key] >= 0
    assert figures["email_first_s"] <= figures["email_last_s"]
    n = Notification.objects.get(symbol=figures["symbol"])
    assert Alert.objects.filter(notification=n).count() == SIZE
    assert (
        Delivery.objects.filter(channel=Channel.EMAIL, message__kind="tbt_alert")
        .exclude(status="sent")
        .count()
        == 0
    )
    # the workers were stopped (RQ unregisters a worker when it exits)
    import redis
    from rq import Queue, Worker

    queue = Queue(figures["queue"], connection=redis.Redis.from_url("redis://127.0.0.1:6379/0"))
    assert Worker.all(queue=queue) == []

    cleanup()
    assert not Notification.objects.filter(pk=n.pk).exists()
    assert not Enterprise.objects.filter(pk__in=population.enterprise_ids).exists()
    assert not Message.objects.filter(kind="tbt_alert").exists()
