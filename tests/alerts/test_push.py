"""The one event path and the alerts' pushes.

A notification recorded through tbt's service publishes ``NotificationRecorded`` inside its
transaction; after commit the task queue runs the alerts matcher, which writes each alert and
its push message (notify's outbox) in one transaction. A rolled-back transaction publishes
nothing; a failing handler is retried by the queue; an alert never commits without its push.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from biaozhun.alerts import matching
from biaozhun.alerts.models import Alert
from biaozhun.common import events
from biaozhun.notify.models import Message
from biaozhun.tbt.models import Notification
from biaozhun.tbt.services import NotificationData, record_notification

pytestmark = pytest.mark.django_db

DELIVER = "biaozhun.common.events.deliver_event"


def _data(symbol: str = "G/TBT/N/EU/1099") -> NotificationData:
    return NotificationData(
        symbol=symbol,
        distributed_on=date.today(),
        title="Regulation on batteries and waste batteries (example)",
        title_zh="电池与废电池法规(示例)",
        products_text="Lithium-ion accumulators",
        hs_codes=["850760"],
        comment_deadline=date.today() + timedelta(days=25),
        entry_into_force=date.today() + timedelta(days=200),
        is_example=True,
    )


@pytest.fixture
def battery(make_profile: Any) -> Any:
    return make_profile(
        "扬州示例蓄电池有限公司", products=[("8507.60", "锂离子蓄电池")], markets={"EU": "0.6"}
    )


def test_tbt_alert_is_pushed_to_the_affected_enterprise_only(
    battery: Any,
    make_profile: Any,
    make_user: Any,
    bureau_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    textiles = make_profile(
        "扬州示例纺织服饰有限公司", products=[("6109.10", "棉制针织T恤")], markets={"EU": "0.7"}
    )
    user = make_user("enterprise_user", enterprise=battery, email="b@battery.cn")
    make_user("enterprise_user", enterprise=textiles, email="t@textiles.cn")
    with django_capture_on_commit_callbacks(execute=True):
        n = record_notification(bureau_user, _data()).notification
    message = Message.objects.get()
    assert message.enterprise == battery and message.kind == "tbt_alert"
    assert "G/TBT/N/EU/1099" in message.title_zh and "电池与废电池法规" in message.title_zh
    assert message.url.startswith("/alerts/inbox/")
    assert message.source_type == "alerts.alert"
    assert {(d.user_id, d.channel) for d in message.deliveries.all()} == {
        (user.pk, "inapp"),
        (user.pk, "email"),
    }
    matching.match_notification(n.pk)  # matching again publishes nothing new
    assert Message.objects.count() == 1


def test_the_alert_and_its_push_are_written_in_one_transaction(
    battery: Any, bureau_user: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):  # recorded, not yet matched
        n = record_notification(bureau_user, _data()).notification
    assert not Alert.objects.exists()
    # the push is there before the transaction ends: no after-commit step writes it
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        matching.match_notification(n.pk)
        alert = Alert.objects.get()
        assert Message.objects.filter(source_id=str(alert.pk), enterprise=battery).exists()
        transaction.set_rollback(True)

    # a push that cannot be written takes the alert down with it
    def broken(messages: Any) -> None:
        list(messages)
        raise RuntimeError("outbox down")

    monkeypatch.setattr(matching, "publish_messages", broken)
    with pytest.raises(RuntimeError):
        matching.match_notification(n.pk)
    assert not Alert.objects.exists() and not Message.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_publishes_nothing(battery: Any, bureau_user: Any) -> None:
    enqueued: list[Any] = []

    def seen(sender: Any, task_result: Any, **kwargs: Any) -> None:
        if task_result.task.module_path == DELIVER:
            enqueued.append(task_result.args)

    task_enqueued.connect(seen)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            record_notification(bureau_user, _data())
            assert enqueued == []  # nothing is queued before the commit
            raise RuntimeError("the request fails after the write")
        assert enqueued == []
        assert not Notification.objects.exists()
        assert not Alert.objects.exists() and not Message.objects.exists()
        # the same write committed: one delivery queued after commit, the alert made
        n = record_notification(bureau_user, _data()).notification
    finally:
        task_enqueued.disconnect(seen)
    handler = "biaozhun.alerts.matching.on_notification_recorded"
    assert enqueued == [
        [
            handler,
            "tbt.notification_recorded",
            {"notification_id": n.pk, "scope_or_dates_changed": True},
            1,
        ]
    ]
    assert Alert.objects.filter(enterprise=battery).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_handler_is_retried_by_the_queue(
    battery: Any, bureau_user: Any, monkeypatch: Any
) -> None:
    real = matching.match_notification
    calls: list[int] = []

    def flaky(notification_id: int, changed: bool = True) -> Any:
        calls.append(notification_id)
        if len(calls) == 1:
            raise ConnectionError("index unavailable")
        return real(notification_id, changed)

    monkeypatch.setattr(matching, "match_notification", flaky)
    monkeypatch.setattr(events, "RETRY_DELAYS", (0,))  # due at once, still a queued task
    n = record_notification(bureau_user, _data()).notification  # commits: attempt 1 fails
    assert calls == [n.pk] and not Alert.objects.exists()
    # the second attempt waits in the queue (PostgreSQL's queue also keeps the failed first)
    # (the battery fixture's own profile event may be queued too: pick the notification's)
    [retry] = [
        task
        for task in DBTaskResult.objects.filter(task_path=DELIVER, status="READY")
        if task.args_kwargs["args"][1] == "tbt.notification_recorded"
    ]
    assert retry.args_kwargs["args"][-1] == 2  # the second attempt
    call_command("worker", "--batch")  # a worker runs the retry from the database queue
    assert calls == [n.pk, n.pk]
    assert Alert.objects.filter(enterprise=battery).count() == 1
    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"


def test_a_handler_gives_up_after_the_last_attempt(monkeypatch: Any) -> None:
    def boom(notification_id: int, changed: bool = True) -> None:
        raise ConnectionError("still down")

    monkeypatch.setattr(matching, "match_notification", boom)
    payload = events.NotificationRecorded(1, True).payload()
    handler = events.SUBSCRIPTIONS[events.NotificationRecorded][0]
    with pytest.raises(ConnectionError):
        events.deliver_event.call(handler, "tbt.notification_recorded", payload, 2)
    assert DBTaskResult.objects.filter(task_path=DELIVER).count() == 1  # attempt 3 queued
    with pytest.raises(ConnectionError):
        events.deliver_event.call(
            handler, "tbt.notification_recorded", payload, events.MAX_ATTEMPTS
        )
    assert DBTaskResult.objects.filter(task_path=DELIVER).count() == 1  # no attempt 7


@dataclasses.dataclass(frozen=True)
class _Dated(events.Event):
    name = "test.dated"
    when: date


def test_events_are_subscribed_and_carry_json_only(monkeypatch: Any) -> None:
    with pytest.raises(LookupError):
        events.publish(_Dated(date.today()))
    monkeypatch.setitem(events.SUBSCRIPTIONS, _Dated, ("tests.alerts.test_push.test_push",))
    monkeypatch.setitem(events.EVENT_TYPES, _Dated.name, _Dated)
    with pytest.raises(TypeError):  # a date does not survive the queue's JSON
        events.publish(_Dated(date.today()))
    payload = events.CatalogueChanged([1, 2]).payload()
    assert events.decode("catalogue.changed", payload) == events.CatalogueChanged([1, 2])
