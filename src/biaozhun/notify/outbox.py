"""The worker side of the outbox: claim due deliveries, hand them to their channel, record
the outcome.

Claiming is one conditional ``UPDATE … WHERE status IN (pending, retry)`` that stamps the
rows with a fresh attempt id (with ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL), so two
workers never take the same row. The status goes to ``sending`` and is committed *before* the
send. The attempt id is the batch's **lease**, fenced: ``claimed_at`` is the time the lease
was last renewed, and a worker renews it while it works through the batch (every quarter of
``NOTIFY_STALE_SECONDS``). Before each send the worker runs one guarded update
(``WHERE id = … AND attempt_id = ours AND status = 'sending'``) that stamps ``handed_at``;
if it changes nothing, the lease was taken (the rows were reclaimed as stale and perhaps
claimed by another worker) and the worker stops sending that batch at once. The send is then
recorded by the same kind of guarded update, so a late worker never overwrites a newer
attempt. A worker killed mid-batch therefore leaves at most the one delivery it was sending
in doubt; the rest of its batch was never handed over. After ``NOTIFY_STALE_SECONDS`` without
renewal the ``sending`` rows are due again. The one in doubt is resent with the same
idempotency key on channels whose receiver recognises a repeat (e-mail Message-ID, webhook
Idempotency-Key); a robot delivery in doubt (``handed_at`` set) becomes a dead letter for the
desk to check instead.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from . import conf, outbound
from .channels import SENDERS, Outcome
from .models import DEDUPABLE_CHANNELS, Delivery, DeliveryAttempt, DeskTask, Wakeup

DUE = (Delivery.Status.PENDING, Delivery.Status.RETRY)


def backoff_seconds(attempts: int, base: float, rnd: float) -> float:
    """Exponential backoff with jitter: base × 2^(attempts-1), scaled by 0.5-1.0, ≤ 6 h."""
    delay = min(base * math.pow(2, max(attempts - 1, 0)), 6 * 3600)
    return delay * (0.5 + 0.5 * rnd)


@dataclass
class DrainStats:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    reclaimed: int = 0
    batches: int = 0
    more: bool = False
    next_due: dt.datetime | None = None
    by_channel: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def reclaim_stale(now: dt.datetime | None = None) -> int:
    """Deliveries a crashed worker left ``sending``: due again if they were never handed over
    or the receiver dedupes, otherwise dead letters (the outcome is unknown and a robot cannot
    tell a repeat)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=conf.stale_seconds())
    stale = list(
        Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=cutoff).values_list(
            "pk", "channel", "attempt_id", "attempts", "handed_at"
        )[:1000]
    )
    count = 0
    for pk, channel, attempt_id, attempts, handed_at in stale:
        update: dict[str, Any]
        if channel in DEDUPABLE_CHANNELS:
            update = {
                "status": Delivery.Status.RETRY,
                "next_attempt_at": now,
                "last_error": "worker lost during send; resent with the same idempotency key",
            }
            response = "worker lost; resending (receiver dedupes on the idempotency key)"
        elif handed_at is None:
            update = {
                "status": Delivery.Status.RETRY,
                "next_attempt_at": now,
                "last_error": "worker lost before this delivery was sent; sending it now",
            }
            response = "worker lost before the send; not handed over, sending again"
        else:
            update = {"status": Delivery.Status.DEAD, "last_error": "worker lost; outcome unknown"}
            response = "worker lost; outcome unknown, not resent (robot cannot dedupe)"
        with transaction.atomic():
            # guarded on the lease: a worker that renewed it since the read keeps its rows
            changed = Delivery.objects.filter(
                pk=pk, status=Delivery.Status.SENDING, attempt_id=attempt_id, claimed_at__lt=cutoff
            ).update(**update)
            if changed and update["status"] == Delivery.Status.DEAD:
                DeskTask.objects.get_or_create(
                    delivery_id=pk,
                    defaults={
                        "reason_zh": "发送中断,结果未知,请确认对方是否收到",
                        "reason_en": "Send interrupted, outcome unknown: check with the receiver",
                    },
                )
            if changed:
                count += 1
                DeliveryAttempt.objects.create(
                    delivery_id=pk,
                    number=attempts,
                    attempt_id=attempt_id,
                    started_at=now,
                    ok=False,
                    response=response,
                )
    return count


def claim(limit: int, now: dt.datetime | None = None) -> list[Delivery]:
    """Take up to ``limit`` due deliveries, most urgent first."""
    now = now or timezone.now()
    attempt = uuid.uuid4().hex
    due = Delivery.objects.filter(status__in=DUE, next_attempt_at__lte=now)
    with transaction.atomic():
        query = due.order_by("-urgency_rank", "next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            query = query.select_for_update(skip_locked=True)
        ids = list(query.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        due.filter(pk__in=ids).update(
            status=Delivery.Status.SENDING,
            attempt_id=attempt,
            claimed_at=now,
            handed_at=None,
            attempts=F("attempts") + 1,
        )
    return list(
        Delivery.objects.filter(attempt_id=attempt, status=Delivery.Status.SENDING)
        .select_related("message", "endpoint")
        .order_by("-urgency_rank", "next_attempt_at", "id")
    )


def _ours(delivery: Delivery) -> Any:
    """The delivery's row while this worker's lease on it holds."""
    return Delivery.objects.filter(
        pk=delivery.pk, attempt_id=delivery.attempt_id, status=Delivery.Status.SENDING
    )


def _dead(delivery: Delivery, outcome: Outcome, now: dt.datetime) -> None:
    changed = _ours(delivery).update(
        status=Delivery.Status.DEAD, last_error=outcome.response[:500], next_attempt_at=None
    )
    if changed:
        zh, en = outbound.texts(outcome.response[:200])
        DeskTask.objects.get_or_create(
            delivery=delivery,
            defaults={
                "reason_zh": f"发送 {delivery.attempts} 次失败:{zh}"[:300],
                "reason_en": f"Failed after {delivery.attempts} attempts: {en}"[:300],
            },
        )


def finish(
    batch: list[Delivery], outcomes: dict[int, Outcome], started: dt.datetime, elapsed_ms: float
) -> tuple[int, int, int]:
    """Record the outcome of a batch: sent, retry (with backoff and jitter) or dead letter."""
    now = timezone.now()
    limit = conf.max_attempts()
    base = conf.retry_base_seconds()
    shared_rnd = random.random()  # one retry time for a whole batch the channel refused
    per_ms = elapsed_ms / max(len(batch), 1)
    ok_ids = [d.pk for d in batch if outcomes[d.pk].ok]
    sent = failed = dead = 0
    with transaction.atomic():
        attempt_ids = {d.attempt_id for d in batch}
        if ok_ids:
            sent = Delivery.objects.filter(
                pk__in=ok_ids, attempt_id__in=attempt_ids, status=Delivery.Status.SENDING
            ).update(status=Delivery.Status.SENT, sent_at=now, last_error="", next_attempt_at=None)
        for delivery in batch:
            outcome = outcomes[delivery.pk]
            if outcome.ok:
                continue
            if outcome.permanent or delivery.attempts >= limit:
                _dead(delivery, outcome, now)
                dead += 1
                continue
            rnd = shared_rnd if outcome.channel_down else random.random()
            due = now + dt.timedelta(seconds=backoff_seconds(delivery.attempts, base, rnd))
            failed += _ours(delivery).update(
                status=Delivery.Status.RETRY, next_attempt_at=due, last_error=outcome.response
            )
        DeliveryAttempt.objects.bulk_create(
            [
                DeliveryAttempt(
                    delivery_id=d.pk,
                    number=d.attempts,
                    attempt_id=d.attempt_id,
                    started_at=started,
                    duration_ms=round(per_ms, 3),
                    ok=outcomes[d.pk].ok,
                    response=outcomes[d.pk].response[:500],
                )
                for d in batch
            ]
        )
    return sent, failed, dead


def _record_sent_sql() -> tuple[str, str]:
    """The two statements of :func:`record_sent`, written out: it runs once per delivery
    (10,000 times for 10,000 mails) and the ORM's query building tripled its cost."""
    q = connection.ops.quote_name
    delivery, attempt = Delivery._meta.db_table, DeliveryAttempt._meta.db_table
    update = (
        f"UPDATE {q(delivery)} SET status = %s, sent_at = %s, last_error = '', "
        "next_attempt_at = NULL WHERE id = %s AND attempt_id = %s AND status = %s"
    )
    insert = (
        f"INSERT INTO {q(attempt)} (delivery_id, number, attempt_id, started_at, duration_ms, "
        "ok, response) VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    return update, insert


def record_sent(delivery: Delivery, outcome: Outcome, started: dt.datetime, ms: float) -> bool:
    """Commit one accepted delivery at once, so a crash can leave only the delivery in
    flight in doubt. False if a newer attempt took the row over (nothing is overwritten)."""
    update, insert = _record_sent_sql()
    sent, sending = Delivery.Status.SENT.value, Delivery.Status.SENDING.value
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(update, [sent, timezone.now(), delivery.pk, delivery.attempt_id, sending])
        changed: int = cursor.rowcount
        cursor.execute(
            insert,
            [
                delivery.pk,
                delivery.attempts,
                delivery.attempt_id,
                started,
                round(ms, 3),
                True,
                outcome.response[:500],
            ],
        )
    return changed == 1


class Lease:
    """A worker's hold on the batch it claimed (the batch's attempt id), fenced in the
    database: :meth:`permit` is asked before each send, renews the lease as time passes and
    answers False once another worker (or the reclaim of stale sends) has taken the row."""

    def __init__(self, attempt_id: str) -> None:
        self.attempt_id = attempt_id
        self.lost = False
        self.renewed = time.monotonic()

    def renew(self) -> None:
        Delivery.objects.filter(attempt_id=self.attempt_id, status=Delivery.Status.SENDING).update(
            claimed_at=timezone.now()
        )
        self.renewed = time.monotonic()

    def permit(self, delivery: Delivery) -> bool:
        """Stamp ``handed_at`` on the delivery about to be sent, only while it is still ours
        (one guarded, committed update); False stops the batch."""
        if self.lost:
            return False
        if time.monotonic() - self.renewed > conf.stale_seconds() / 4:
            self.renew()
        now = timezone.now()
        if not _ours(delivery).update(handed_at=now, claimed_at=now):
            self.lost = True
        return not self.lost

    def release(self, deliveries: list[Delivery]) -> int:
        """Put back what this worker had claimed but not handed over (after its lease on the
        batch was lost): due again at once, for whichever worker holds it next."""
        return Delivery.objects.filter(
            pk__in=[d.pk for d in deliveries],
            attempt_id=self.attempt_id,
            status=Delivery.Status.SENDING,
            handed_at__isnull=True,
        ).update(status=Delivery.Status.RETRY, next_attempt_at=timezone.now())


def _send(channel: str, group: list[Delivery], lease: Lease) -> tuple[int, int, int]:
    """Send one channel's part of a batch: successes are committed one by one as they come,
    failures together at the end (a failure lost in a crash is only tried again). Nothing is
    sent once the lease is lost."""
    sender = SENDERS[channel]
    outcomes: dict[int, Outcome] = {}
    answered: set[int] = set()
    sent = 0
    started = timezone.now()
    clock = time.perf_counter()
    try:
        for delivery, outcome in sender(group, lease.permit):
            elapsed = (time.perf_counter() - clock) * 1000
            answered.add(delivery.pk)
            if outcome.ok:
                if record_sent(delivery, outcome, started, elapsed):
                    sent += 1
                else:
                    lease.lost = True
            else:
                outcomes[delivery.pk] = outcome
            started = timezone.now()
            clock = time.perf_counter()
    except Exception as exc:
        # the deliveries the channel had not answered for; those it had keep their outcome
        error = Outcome(False, f"{type(exc).__name__}: {exc}"[:500])
        outcomes.update({d.pk: error for d in group if d.pk not in answered})
    if lease.lost:
        lease.release([d for d in group if d.pk not in answered])
        outcomes = {pk: o for pk, o in outcomes.items() if pk in answered}
    failed = [d for d in group if d.pk in outcomes]
    if not failed:
        return sent, 0, 0
    elapsed = (time.perf_counter() - clock) * 1000
    _ok, retry, dead = finish(failed, outcomes, started, elapsed)
    return sent, retry, dead


def process(batch: list[Delivery]) -> tuple[int, int, int]:
    by_channel: dict[str, list[Delivery]] = defaultdict(list)
    for delivery in batch:
        by_channel[delivery.channel].append(delivery)
    totals = [0, 0, 0]
    lease = Lease(batch[0].attempt_id) if batch else Lease("")
    for channel, group in by_channel.items():
        if lease.lost:
            lease.release(group)
            continue
        if channel in SENDERS:
            counts = _send(channel, group, lease)
        else:  # in-app: the row is the delivery (the feed shows it from the commit on)
            started = timezone.now()
            outcomes = {d.pk: Outcome(True, "delivered in-app") for d in group}
            counts = finish(group, outcomes, started, 0.0)
        for index, value in enumerate(counts):
            totals[index] += value
    return totals[0], totals[1], totals[2]


def next_due() -> dt.datetime | None:
    """When something will next need a worker: a retry falling due or a stale send."""
    waiting = Delivery.objects.filter(status__in=DUE).aggregate(at=Min("next_attempt_at"))["at"]
    sending = Delivery.objects.filter(status=Delivery.Status.SENDING).aggregate(
        at=Min("claimed_at")
    )["at"]
    candidates = [t for t in (waiting,) if t is not None]
    if sending is not None:
        candidates.append(sending + dt.timedelta(seconds=conf.stale_seconds() + 1))
    return min(candidates) if candidates else None


def drain(budget_seconds: float | None = None) -> DrainStats:
    """Send everything due, batch by batch, until nothing is due or the budget is spent."""
    stats = DrainStats()
    budget = conf.drain_budget_seconds() if budget_seconds is None else budget_seconds
    deadline = time.monotonic() + budget
    stats.reclaimed = reclaim_stale()
    size = conf.batch_size()
    while True:
        batch = claim(size)
        if not batch:
            break
        stats.batches += 1
        sent, failed, dead = process(batch)
        stats.sent += sent
        stats.failed += failed
        stats.dead += dead
        for delivery in batch:
            stats.by_channel[delivery.channel] += 1
        if time.monotonic() > deadline:
            stats.more = True
            break
        if stats.batches % 10 == 0:
            stats.reclaimed += reclaim_stale()
    stats.next_due = next_due()
    return stats


def reserve_wakeup(name: str, due: dt.datetime) -> bool:
    """True if the caller should schedule a wake-up at ``due`` (none earlier is pending)."""
    now = timezone.now()
    Wakeup.objects.get_or_create(name=name)
    return bool(
        Wakeup.objects.filter(name=name)
        .filter(Q(due_at__isnull=True) | Q(due_at__gt=due) | Q(due_at__lt=now))
        .update(due_at=due)
    )
