"""Delivery guarantees in one process: claims never overlap, retries back off with jitter,
dead letters raise desk tasks, a crashed send is resent only where the receiver dedupes, an
SMTP outage ends with every mail delivered in order of urgency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from biaozhun.notify import desk, outbox, preferences, services
from biaozhun.notify.models import ChannelEndpoint, Delivery, DeliveryAttempt, DeskTask

from .conftest import SmtpServer, free_port

pytestmark = pytest.mark.django_db


def _alert(users: Any, key: str, urgency: str = "yellow", enterprise: Any = None) -> Any:
    return services.publish(
        kind="tbt_alert",
        urgency=urgency,
        enterprise=enterprise,
        users=users,
        title_zh=f"通报 {key}",
        title_en=f"Notification {key}",
        url="/tbt/",
        source=None,
        dedupe_key=key,
    )


def _due_now() -> None:
    Delivery.objects.filter(status="retry").update(next_attempt_at=timezone.now())


def test_two_claims_never_take_the_same_delivery(make_user: Any) -> None:
    users = [make_user("bureau_staff", email=f"u{i}@example.cn") for i in range(5)]
    for i in range(12):
        _alert(users, f"m{i}")
    first = outbox.claim(25)
    second = outbox.claim(25)
    third = outbox.claim(25)
    ids = [d.pk for d in first + second + third]
    assert len(ids) == len(set(ids)) == 60
    assert outbox.claim(25) == []
    assert {d.status for d in first} == {"sending"}
    assert len({d.attempt_id for d in first}) == 1


def test_claims_take_the_most_urgent_first(make_user: Any) -> None:
    user = make_user("bureau_staff", email="u@example.cn")
    for i, urgency in enumerate(["info", "yellow", "red", "orange", "info", "red"]):
        _alert([user], f"m{i}", urgency)
    ranks = [d.urgency_rank for d in outbox.claim(100)]
    assert ranks == sorted(ranks, reverse=True) == [4, 4, 3, 2, 1, 1]


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    assert outbox.backoff_seconds(1, 30, 1.0) == 30
    assert outbox.backoff_seconds(1, 30, 0.0) == 15
    assert outbox.backoff_seconds(4, 30, 1.0) == 240
    assert outbox.backoff_seconds(30, 30, 1.0) == 6 * 3600


def test_failures_retry_then_become_a_dead_letter_for_the_desk(
    make_user: Any, settings: Any
) -> None:
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    user = make_user("bureau_staff", email="u@example.cn")
    message = _alert([user], "down")
    delivery = message.deliveries.get(channel="email")
    seen: list[dt.datetime] = []
    for attempt in (1, 2):
        before = timezone.now()
        stats = outbox.drain()
        assert stats.failed == 1
        delivery.refresh_from_db()
        assert delivery.status == "retry" and delivery.attempts == attempt
        wait = (delivery.next_attempt_at - before).total_seconds()
        base = 30 * 2 ** (attempt - 1)
        assert base * 0.5 - 1 <= wait <= base + 1  # exponential, jittered
        seen.append(delivery.next_attempt_at)
        _due_now()
    outbox.drain()
    delivery.refresh_from_db()
    assert delivery.status == "dead" and delivery.attempts == 3
    task = DeskTask.objects.get(delivery=delivery)
    assert "3" in task.reason_zh and "SMTP unavailable" in task.reason_en
    log = list(delivery.log.values_list("number", "ok"))
    assert log == [(1, False), (2, False), (3, False)]


def test_desk_retry_sends_again(make_user: Any, smtp: SmtpServer, bureau_user: Any) -> None:
    user = make_user("bureau_staff", email="u@example.cn")
    message = _alert([user], "retry-me")
    delivery = message.deliveries.get(channel="email")
    Delivery.objects.filter(pk=delivery.pk).update(status="dead", attempts=8)
    task = DeskTask.objects.create(delivery=delivery, reason_zh="失败", reason_en="failed")
    desk.resolve_desk_task(bureau_user, task.pk, retry=True)
    outbox.drain()
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert len(smtp.inbox.raw) == 1
    with pytest.raises(services.DomainError):
        desk.resolve_desk_task(bureau_user, task.pk, retry=True)


def test_stale_sending_is_resent_with_the_same_message_id_only_on_dedupable_channels(
    make_user: Any, smtp: SmtpServer, acme: Any, settings: Any
) -> None:
    settings.NOTIFY_STALE_SECONDS = 60
    user = make_user("enterprise_user", enterprise=acme, email="u@example.cn")
    handed = ChannelEndpoint.objects.create(enterprise=acme, kind="wecom", target="k1")
    ChannelEndpoint.objects.create(enterprise=acme, kind="wecom", target="k2")
    message = _alert(None, "crash", enterprise=acme)
    claimed = outbox.claim(10)  # a worker claims them ... and dies before recording anything
    assert sorted(d.channel for d in claimed) == ["email", "wecom", "wecom"]
    email_delivery = message.deliveries.get(channel="email")
    from biaozhun.notify.channels import send_email

    list(send_email([email_delivery]))  # it had already handed the mail over when it died
    # ... and had begun the first robot send (the second robot was never tried)
    robot, untried = message.deliveries.filter(channel="wecom").order_by("endpoint_id")
    assert robot.endpoint_id == handed.pk
    Delivery.objects.filter(pk=robot.pk).update(handed_at=timezone.now())
    assert outbox.drain().sent == 0  # not stale yet: nobody touches it
    Delivery.objects.filter(status="sending").update(
        claimed_at=timezone.now() - dt.timedelta(seconds=61)
    )
    assert outbox.reclaim_stale() == 3
    robot.refresh_from_db()
    untried.refresh_from_db()
    assert robot.status == "dead"  # a robot cannot dedupe: the desk checks instead
    assert "outcome unknown" in robot.desk_task.reason_en
    assert untried.status == "retry" and not DeskTask.objects.filter(delivery=untried).exists()
    Delivery.objects.filter(pk=untried.pk).update(  # keep this test off the real WeCom API
        next_attempt_at=timezone.now() + dt.timedelta(days=1)
    )
    assert outbox.drain().sent == 1
    email_delivery.refresh_from_db()
    assert email_delivery.status == "sent" and email_delivery.attempts == 2
    ids = smtp.inbox.message_ids
    assert len(ids) == 2 and len(set(ids)) == 1  # the receiver sees one message twice: dedupes
    assert user.pk  # the enterprise user got the e-mail


class WorkerKilled(BaseException):
    """Stands in for SIGKILL inside one process: nothing after it runs, no handler sees it."""


def _break_mail(monkeypatch: Any, n: int, error: BaseException) -> Callable[[], None]:
    """Building the ``n``-th mail raises ``error``; returns what puts the real builder back."""
    from biaozhun.notify import channels

    build = channels._email
    calls = {"n": 0}

    def breaking(delivery: Delivery) -> bytes:
        calls["n"] += 1
        if calls["n"] == n:
            raise error
        return build(delivery)

    monkeypatch.setattr(channels, "_email", breaking)
    return lambda: monkeypatch.setattr(channels, "_email", build)


def test_a_worker_dying_mid_batch_resends_only_what_it_had_not_handed_over(
    make_user: Any, smtp: SmtpServer, settings: Any, monkeypatch: Any
) -> None:
    """Each accepted mail is committed as sent before the next is sent: after a crash on the
    seventh mail of a batch, six are recorded and only the other four go out again."""
    settings.NOTIFY_STALE_SECONDS = 60
    user = make_user("bureau_staff", email="u@example.cn")
    for i in range(10):
        _alert([user], f"k{i}")
    restore = _break_mail(monkeypatch, 7, WorkerKilled())
    with pytest.raises(WorkerKilled):
        outbox.drain()
    mail = Delivery.objects.filter(channel="email")
    assert mail.filter(status="sent").count() == len(smtp.inbox.raw) == 6
    assert mail.filter(status="sending").count() == 4
    restore()
    mail.filter(status="sending").update(claimed_at=timezone.now() - dt.timedelta(seconds=61))
    stats = outbox.drain()
    assert stats.reclaimed == 4 and stats.sent == 4
    ids = smtp.inbox.message_ids
    assert len(ids) == len(set(ids)) == 10  # nothing twice, nothing lost
    assert mail.filter(status="sent").count() == 10


def test_an_error_mid_batch_keeps_what_was_sent_and_retries_the_rest(
    make_user: Any, smtp: SmtpServer, monkeypatch: Any
) -> None:
    user = make_user("bureau_staff", email="u@example.cn")
    for i in range(5):
        _alert([user], f"e{i}")
    restore = _break_mail(monkeypatch, 3, RuntimeError("template broke"))
    stats = outbox.drain()
    assert stats.sent == 2
    mail = Delivery.objects.filter(channel="email")
    assert mail.filter(status="sent").count() == 2
    assert mail.filter(status="retry").count() == 3
    assert all("template broke" in d.last_error for d in mail.filter(status="retry"))
    restore()
    _due_now()
    outbox.drain()
    ids = smtp.inbox.message_ids
    assert len(ids) == len(set(ids)) == 5
    sent = mail.filter(status="sent")
    assert sent.count() == 5
    assert all(d.log.filter(ok=True).count() == 1 for d in sent)


def test_a_late_finish_does_not_overwrite_a_newer_attempt(make_user: Any) -> None:
    user = make_user("bureau_staff", email="u@example.cn")
    _alert([user], "late")
    [old] = outbox.claim(10)
    Delivery.objects.filter(pk=old.pk).update(status="retry", next_attempt_at=timezone.now())
    [new] = outbox.claim(10)
    from biaozhun.notify.channels import Outcome

    outbox.finish([old], {old.pk: Outcome(True, "late ok")}, timezone.now(), 1.0)
    new.refresh_from_db()
    assert new.status == "sending" and new.attempt_id != old.attempt_id


def test_smtp_outage_then_recovery_delivers_all_in_urgency_order(
    make_user: Any, settings: Any
) -> None:
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    user = make_user("bureau_staff", email="desk@example.cn")
    order = ["info", "red", "yellow", "orange", "info", "red", "yellow", "orange"]
    for i, urgency in enumerate(order):
        _alert([user], f"o{i}", urgency)
    # the SMTP server is down: two rounds of attempts fail and are logged
    for _ in range(2):
        assert outbox.drain().failed == len(order)
        _due_now()
    server = SmtpServer(port)
    server.start()
    try:
        stats = outbox.drain()
    finally:
        server.stop()
    assert stats.sent == len(order)
    received = [str(m["X-Biaozhun-Urgency"]).strip() for m in server.inbox.raw]
    rank = {"red": 4, "orange": 3, "yellow": 2, "info": 1}
    assert len(received) == len(order)
    assert [rank[u] for u in received] == sorted((rank[u] for u in order), reverse=True)
    for delivery in Delivery.objects.filter(channel="email"):
        assert list(delivery.log.values_list("ok", flat=True)) == [False, False, True]
        assert delivery.attempts == 3


def test_quiet_hours_defer_except_red(make_user: Any) -> None:
    user = make_user("bureau_staff", email="u@example.cn")
    now = timezone.localtime()
    start = (now - dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (now + dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    preferences.update_preference(user, quiet_start=start, quiet_end=end)
    quiet = _alert([user], "q1", "orange").deliveries.get(channel="email")
    loud = _alert([user], "q2", "red").deliveries.get(channel="email")
    assert quiet.next_attempt_at > timezone.now() + dt.timedelta(minutes=50)
    assert loud.next_attempt_at <= timezone.now()
    preferences.update_preference(user, quiet_start=start, quiet_end=end, red_overrides_quiet=False)
    still_quiet = _alert([user], "q3", "red").deliveries.get(channel="email")
    assert still_quiet.next_attempt_at > timezone.now() + dt.timedelta(minutes=50)


def test_channel_rules_per_kind_and_urgency(make_user: Any, receiver: Any) -> None:
    user = make_user("bureau_staff", email="u@example.cn")
    preferences.add_endpoint(user, kind="webhook", target=receiver.url, secret="0123456789abcdef")
    preferences.update_preference(
        user,
        rules=[
            {"kind": "*", "urgency": "info", "channels": ["inapp"]},
            {"kind": "tbt_alert", "urgency": "*", "channels": ["inapp", "webhook"]},
        ],
    )
    info = _alert([user], "r1", "info")
    red = _alert([user], "r2", "red")
    assert set(info.deliveries.values_list("channel", flat=True)) == {"inapp"}
    assert set(red.deliveries.values_list("channel", flat=True)) == {"inapp", "webhook"}


def test_digest_holds_then_sends_one_summary(make_user: Any, smtp: SmtpServer) -> None:
    from biaozhun.notify.digest import next_digest_time, send_digests

    user = make_user("bureau_staff", email="u@example.cn")
    preferences.update_preference(user, mode="daily")
    held = _alert([user], "d1", "yellow").deliveries.get(channel="email")
    _alert([user], "d2", "info")
    red = _alert([user], "d3", "red").deliveries.get(channel="email")
    assert held.status == "held" and red.status == "pending"
    outbox.drain()
    assert len(smtp.inbox.raw) == 1  # only the red one went at once
    assert send_digests("daily") == 1
    assert send_digests("daily") == 0  # nothing held any more
    outbox.drain()
    assert len(smtp.inbox.raw) == 2
    digest = smtp.inbox.raw[1]
    assert "每日通知摘要(2 条)" in str(digest["Subject"])
    held.refresh_from_db()
    assert held.status == "sent" and "digest" in held.last_error
    now = timezone.localtime()
    assert next_digest_time("daily", now) > now
    assert next_digest_time("weekly", now).weekday() == 0


def test_a_worker_whose_lease_was_taken_stops_sending_its_batch(
    make_user: Any, smtp: SmtpServer, settings: Any, monkeypatch: Any
) -> None:
    """Worker A's batch is reclaimed as stale while A is still alive and sending the fourth
    mail, and worker B claims it. A finishes that one send (the one in flight: a repeat with
    the same Message-ID), then its lease check fails and it sends nothing more; B sends the
    rest. Nothing is sent twice but the one in flight (the old code sent all seven again)."""
    from biaozhun.notify import channels

    settings.NOTIFY_STALE_SECONDS = 60
    user = make_user("bureau_staff", email="u@example.cn")
    for i in range(10):
        _alert([user], f"f{i}")
    batch_a = [d for d in outbox.claim(100) if d.channel == "email"]
    build = channels._email
    taken: list[Delivery] = []
    reclaimed: list[int] = []

    def take_over_at_the_fourth(delivery: Delivery) -> bytes:
        if len(smtp.inbox.raw) == 3 and not taken:
            Delivery.objects.filter(status="sending").update(
                claimed_at=timezone.now() - dt.timedelta(seconds=61)
            )
            reclaimed.append(outbox.reclaim_stale())
            taken.extend(outbox.claim(100))  # worker B
        return build(delivery)

    monkeypatch.setattr(channels, "_email", take_over_at_the_fourth)
    sent_a, _retry, _dead = outbox.process(batch_a)
    assert reclaimed == [7]  # the fourth (in flight) and the six after it
    assert sent_a == 3 and len(smtp.inbox.raw) == 4  # three recorded, the fourth in flight
    monkeypatch.setattr(channels, "_email", build)
    outbox.process(taken)
    ids = smtp.inbox.message_ids
    assert len(set(ids)) == 10 and len(ids) == 11  # the one in flight, deduped on Message-ID
    assert Delivery.objects.filter(channel="email", status="sent").count() == 10
    a_log = DeliveryAttempt.objects.filter(attempt_id=batch_a[0].attempt_id, ok=True)
    # A logged the three it recorded and the one in flight, then tried nothing more
    assert a_log.count() == 4


def test_a_live_worker_renews_its_lease_so_its_batch_is_not_reclaimed(
    make_user: Any, smtp: SmtpServer, settings: Any, monkeypatch: Any
) -> None:
    """A batch that takes longer than the stale timeout (10 mails × 0.15 s against 0.4 s):
    the worker renews its lease as it goes, and a reclaim run by another worker between the
    sends finds nothing to take."""
    import time

    from biaozhun.notify import channels

    settings.NOTIFY_STALE_SECONDS = 0.4
    user = make_user("bureau_staff", email="u@example.cn")
    for i in range(10):
        _alert([user], f"s{i}")
    build = channels._email
    reclaimed: list[int] = []

    def slow(delivery: Delivery) -> bytes:
        time.sleep(0.15)
        reclaimed.append(outbox.reclaim_stale())
        return build(delivery)

    monkeypatch.setattr(channels, "_email", slow)
    batch = [d for d in outbox.claim(100) if d.channel == "email"]
    sent, _retry, _dead = outbox.process(batch)
    assert sent == 10 and reclaimed == [0] * 10
    ids = smtp.inbox.message_ids
    assert len(ids) == len(set(ids)) == 10
