"""The one event path: typed events, one subscription table, delivery through the task queue
after commit.

A service that wants other apps to react publishes an event **inside its own transaction**::

    events.publish(NotificationRecorded(notification_id=n.pk, scope_or_dates_changed=True))

Nothing happens in the request: once (and only if) the transaction commits, one
:func:`deliver_event` task per subscribed handler is enqueued on the configured task backend
(``settings.TASKS``; the database queue by default, RQ at scale), and a worker runs it. A
rolled-back transaction publishes nothing. A handler that raises is retried by a new task
after a growing delay (``RETRY_DELAYS``), up to ``MAX_ATTEMPTS`` attempts; each handler is
its own task, so one handler's failure neither blocks nor repeats the others. Handlers must
therefore be idempotent (matching and watch alerts are: they dedupe on their own state).

The table below is the whole wiring: event type -> handler dotted paths. It names handlers as
strings so that this module (below the apps) imports none of them; ``go to definition`` on a
path's module leads to the handler, and each handler's docstring names its event.

Events carry JSON data only (ids, flags, lists of ids): what the queue stores is exactly what
the handler gets (:func:`publish` checks the round trip).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ClassVar

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Event:
    """Base of the events; ``name`` is the stable name stored in the queue."""

    name: ClassVar[str] = ""

    def payload(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class NotificationRecorded(Event):
    """tbt: a WTO notification was created or changed (published by
    ``tbt.services.record_notification`` and the classification corrections).
    ``scope_or_dates_changed``: its products, codes, classification or dates changed (a new
    notification always), so whoever matches notifications to exporters matches it again."""

    name: ClassVar[str] = "tbt.notification_recorded"
    notification_id: int
    scope_or_dates_changed: bool


@dataclasses.dataclass(frozen=True)
class CatalogueChanged(Event):
    """catalogue: an import recorded these ``CatalogueChange`` rows (new standards, status
    changes, replacements, withdrawals); published by ``catalogue.services.import_records``,
    in slices of at most ``CHANGE_IDS_PER_EVENT`` ids."""

    name: ClassVar[str] = "catalogue.changed"
    change_ids: list[int]


CHANGE_IDS_PER_EVENT = 2000


@dataclasses.dataclass(frozen=True)
class ExportProfileChanged(Event):
    """enterprises: an enterprise's export profile (products, markets, who is alerted) changed;
    published by the write functions of ``enterprises.profiles.services`` (once per enterprise
    and transaction, however many rows an import changed), so whoever matches profiles to
    notifications matches this enterprise again."""

    name: ClassVar[str] = "enterprises.export_profile_changed"
    enterprise_id: int


@dataclasses.dataclass(frozen=True)
class NotificationTranslated(Event):
    """tbt: the translation desk published a notification's Chinese title and summary
    (``tbt.translations.publish_translation``); whoever keeps messages about it updates
    their text (nothing is sent again)."""

    name: ClassVar[str] = "tbt.notification_translated"
    notification_id: int


#: Who reacts to what: event type -> dotted paths of handlers taking the event.
SUBSCRIPTIONS: dict[type[Event], tuple[str, ...]] = {
    NotificationRecorded: ("biaozhun.alerts.matching.on_notification_recorded",),
    CatalogueChanged: (
        "biaozhun.validity.services.on_catalogue_changes",
        "biaozhun.validity.register.services.on_catalogue_changes",
    ),
    ExportProfileChanged: ("biaozhun.alerts.matching.on_export_profile_changed",),
    NotificationTranslated: ("biaozhun.alerts.messages.on_notification_translated",),
}

EVENT_TYPES: dict[str, type[Event]] = {cls.name: cls for cls in SUBSCRIPTIONS}

#: attempts of one handler for one event (the first and its retries)
MAX_ATTEMPTS = 6
#: delay before attempt 2, 3, ... (the last one repeats)
RETRY_DELAYS = (30, 120, 600, 1800, 3600)


def decode(name: str, payload: dict[str, Any]) -> Event:
    """The event a queued task carries."""
    return EVENT_TYPES[name](**payload)


def publish(event: Event) -> None:
    """Deliver ``event`` to its subscribers through the task queue once the current
    transaction commits (at once when there is none). Call it inside the service's
    transaction, next to the write the event tells of. The same event published again in
    the same transaction is delivered once (a 1 000-row import touching one enterprise 1 000
    times announces it once): see :func:`_pending`."""
    cls = type(event)
    if cls not in SUBSCRIPTIONS:
        raise LookupError(f"{cls.__name__} is not in events.SUBSCRIPTIONS")
    payload = event.payload()
    if decode(cls.name, json.loads(json.dumps(payload))) != event:
        raise TypeError(f"{cls.__name__}'s data does not survive JSON: {payload!r}")
    for handler in SUBSCRIPTIONS[cls]:
        if not _pending(handler, cls.name, payload):
            transaction.on_commit(Delivery(handler, cls.name, payload))


@dataclasses.dataclass
class Delivery:
    """The on-commit callback of one event for one handler: enqueue its first attempt."""

    handler: str
    name: str
    payload: dict[str, Any]
    sent: bool = False

    def __call__(self) -> None:
        self.sent = True
        _enqueue(self.handler, self.name, self.payload, 1)


def _pending(handler: str, name: str, payload: dict[str, Any]) -> bool:
    """Whether this transaction already holds the same delivery (same handler, event name and
    payload) not yet sent. Safe with savepoints: a delivery queued in a savepoint that was
    rolled back is no longer on the list, and one still on it can only be dropped by rolling
    back a savepoint that is still open, hence one that encloses (and would drop) the new
    delivery too."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    for _sids, func, _robust in connection.run_on_commit:
        if (
            isinstance(func, Delivery)
            and not func.sent
            and (func.handler, func.name, func.payload) == (handler, name, payload)
        ):
            return True
    return False


def _enqueue(handler: str, name: str, payload: dict[str, Any], attempt: int) -> None:
    deliver_event.enqueue(handler, name, payload, attempt)


def retry_delay(attempt: int) -> timedelta:
    """How long to wait before attempt ``attempt + 1`` after attempt ``attempt`` failed."""
    return timedelta(seconds=RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1])


@task()
def deliver_event(handler: str, name: str, payload: dict[str, Any], attempt: int = 1) -> None:
    """Run one handler for one event. If it raises, enqueue the next attempt (deferred by
    :func:`retry_delay` where the backend can defer) before re-raising, so the queue records
    this attempt as failed and the retry is as durable as the first task."""
    func: Callable[[Event], None] = import_string(handler)
    event = decode(name, payload)
    try:
        func(event)
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            log.exception("event %s: %s failed %d times, giving up", name, handler, attempt)
            raise
        log.warning(
            "event %s: %s failed (attempt %d), retrying", name, handler, attempt, exc_info=True
        )
        retry = deliver_event
        if deliver_event.get_backend().supports_defer:
            retry = deliver_event.using(run_after=timezone.now() + retry_delay(attempt))
        retry.enqueue(handler, name, payload, attempt + 1)
        raise
