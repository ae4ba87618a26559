"""The write path of notifications.

Other apps call :func:`publish` inside the transaction that creates the alert: the message and
one delivery row per recipient × channel are written in that transaction (the outbox), and the
delivery work is queued with ``transaction.on_commit`` through Django's tasks API. A rolled-back
transaction therefore sends nothing, and a committed one always has its rows to send.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.common.errors import DomainError
from biaozhun.enterprises.models import Contact

from . import live, tasks
from .models import (
    URGENCY_RANK,
    Channel,
    ChannelEndpoint,
    Delivery,
    Message,
    Preference,
    Urgency,
)

ROBOT_CHANNELS = ("wecom", "dingtalk", "feishu", "webhook")
ALL_CHANNELS = tuple(Channel.values)


def idempotency_key(dedupe_key: str, recipient: str, channel: str) -> str:
    """The key a receiver can dedupe on: message dedupe key × recipient × channel."""
    return hashlib.sha256(f"{dedupe_key}\x1f{recipient}\x1f{channel}".encode()).hexdigest()


# --- preferences ---------------------------------------------------------------------------


def channels_for(pref: Preference | None, kind: str, urgency: str) -> set[str]:
    """The channels a user chose for messages of ``kind`` and ``urgency`` (in-app always)."""
    chosen: set[str] = set(ALL_CHANNELS)
    if pref is not None:
        for rule in pref.rules or []:
            if rule.get("kind", "*") in {"*", kind} and rule.get("urgency", "*") in {"*", urgency}:
                chosen = set(rule.get("channels", []))
                break
    chosen.add(Channel.INAPP)
    return chosen


def in_quiet_hours(pref: Preference | None, now: dt.datetime) -> dt.datetime | None:
    """If ``now`` is inside the user's quiet hours, the moment they end; else None."""
    if pref is None or pref.quiet_start is None or pref.quiet_end is None:
        return None
    local = timezone.localtime(now)
    start, end, t = pref.quiet_start, pref.quiet_end, local.time()
    inside = (start <= t < end) if start < end else (t >= start or t < end)
    if not inside or start == end:
        return None
    end_at = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if end_at <= local:
        end_at += dt.timedelta(days=1)
    return end_at


def _initial_state(
    pref: Preference | None, channel: str, urgency: str, now: dt.datetime, kind: str = ""
) -> tuple[str, dt.datetime | None]:
    """Status and first due time of a new delivery: in-app is delivered by being written;
    digests hold; quiet hours defer (red overrides unless the user said otherwise)."""
    if channel == Channel.INAPP:
        return Delivery.Status.SENT, None
    digest_held = pref is not None and pref.mode != Preference.Mode.INSTANT and kind != "digest"
    if digest_held and urgency != Urgency.RED:
        return Delivery.Status.HELD, None
    quiet_end = in_quiet_hours(pref, now)
    if quiet_end is not None and not (urgency == Urgency.RED and pref and pref.red_overrides_quiet):
        return Delivery.Status.PENDING, quiet_end
    return Delivery.Status.PENDING, now


# --- publishing ----------------------------------------------------------------------------


def _check_text(**fields: str) -> None:
    for name, value in fields.items():
        if not (value or "").strip():
            raise DomainError(
                "notify_field_required",
                f"通知缺少字段 {name}。",
                f"The notification needs {name}.",
                {"field": name},
            )


def _check_message(
    kind: str,
    urgency: str,
    title_zh: str,
    title_en: str,
    dedupe_key: str,
    url: str,
    enterprise: Any,
    users: Sequence[Any] | None,
) -> None:
    if urgency not in URGENCY_RANK:
        raise DomainError(
            "bad_urgency",
            f"紧急程度 {urgency} 无效(red、orange、yellow、info)。",
            f"Unknown urgency {urgency!r} (red, orange, yellow, info).",
            {"field": "urgency"},
        )
    _check_text(kind=kind, title_zh=title_zh, title_en=title_en, dedupe_key=dedupe_key)
    if enterprise is None and not users:
        raise DomainError(
            "no_recipients",
            "通知必须指定企业或用户。",
            "A notification needs an enterprise or users.",
        )
    if (
        url
        and not (url.startswith("/") and not url.startswith("//"))
        and not url.startswith(("https://", "http://"))
    ):
        raise DomainError(
            "bad_url", "通知链接无效。", "The notification's link is invalid.", {"field": "url"}
        )


def publish(
    *,
    kind: str,
    urgency: str,
    enterprise: Any = None,
    users: Sequence[Any] | None = None,
    title_zh: str,
    title_en: str,
    body_zh: str = "",
    body_en: str = "",
    url: str = "",
    source: models.Model | None = None,
    dedupe_key: str,
) -> Message:
    """Write a message and its deliveries in the caller's transaction; queue the sending for
    after the commit. Publishing the same ``dedupe_key`` again returns the first message and
    writes nothing.

    Recipients: ``users`` when given; otherwise the enterprise's active users, its contacts
    who receive alerts (e-mail) and its own robot / webhook endpoints (one delivery each).
    """
    _check_message(kind, urgency, title_zh, title_en, dedupe_key, url, enterprise, users)
    with transaction.atomic():
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    kind=kind,
                    urgency=urgency,
                    urgency_rank=URGENCY_RANK[urgency],
                    enterprise=enterprise,
                    title_zh=title_zh[:300],
                    title_en=title_en[:400],
                    body_zh=body_zh,
                    body_en=body_en,
                    url=url,
                    source_type=source._meta.label_lower if source is not None else "",
                    source_id=str(source.pk) if source is not None else "",
                    dedupe_key=dedupe_key,
                )
        except IntegrityError:
            return Message.objects.get(dedupe_key=dedupe_key)
        deliveries = _deliveries(message, enterprise, users)
        Delivery.objects.bulk_create(deliveries, batch_size=500)
        outgoing = sum(1 for d in deliveries if d.status == Delivery.Status.PENDING)
        inapp_users = [d.user_id for d in deliveries if d.channel == Channel.INAPP]
        _schedule_kick(outgoing, message.urgency_rank, inapp_users)
    return message


@dataclass
class _Recipients:
    """Everything the deliveries of a batch of messages need, read in a few queries: the
    enterprises' active users, contacts who receive alerts and own endpoints, and every
    person's preference and endpoints."""

    people: dict[int, list[User]]
    prefs: dict[int, Preference]
    user_endpoints: dict[int, list[ChannelEndpoint]]
    contacts: dict[int, list[Contact]]
    enterprise_endpoints: dict[int, list[ChannelEndpoint]]


#: ids per ``IN (...)`` (SQLite's limit on query variables, and plans that stay simple)
CHUNK = 500


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _recipients(enterprise_ids: Iterable[int], named: Iterable[User]) -> _Recipients:
    """The lookups for messages to these enterprises (their own recipients) and to these
    named users."""
    enterprise_ids = set(enterprise_ids)
    out = _Recipients({}, {}, {}, {}, {})
    people = {u.pk: u for u in named}
    for chunk in _chunks(enterprise_ids):
        for user in User.objects.filter(enterprise_id__in=chunk, is_active=True).order_by("pk"):
            out.people.setdefault(user.enterprise_id or 0, []).append(user)
            people.setdefault(user.pk, user)
        for contact in (
            Contact.objects.filter(enterprise_id__in=chunk, receives_alerts=True)
            .exclude(email="")
            .order_by("pk")
        ):
            out.contacts.setdefault(contact.enterprise_id, []).append(contact)
        for ep in ChannelEndpoint.objects.filter(enterprise_id__in=chunk, active=True).order_by(
            "pk"
        ):
            out.enterprise_endpoints.setdefault(ep.enterprise_id or 0, []).append(ep)
    for chunk in _chunks(people):
        out.prefs.update((p.user_id, p) for p in Preference.objects.filter(user_id__in=chunk))
        for ep in ChannelEndpoint.objects.filter(user_id__in=chunk, active=True).order_by("pk"):
            out.user_endpoints.setdefault(ep.user_id or 0, []).append(ep)
    return out


def _deliveries(
    message: Message,
    enterprise: Any,
    users: Sequence[Any] | None,
    found: _Recipients | None = None,
) -> list[Delivery]:
    now = timezone.now()
    rank = message.urgency_rank
    if found is None:
        found = _recipients([] if users else [enterprise.pk], users or [])
    people = list(users) if users else found.people.get(enterprise.pk, [])
    prefs = found.prefs
    endpoints = found.user_endpoints
    rows: list[Delivery] = []

    def add(
        recipient: str,
        channel: str,
        status: str,
        due: dt.datetime | None,
        *,
        user: User | None = None,
        address: str = "",
        endpoint: ChannelEndpoint | None = None,
    ) -> None:
        rows.append(
            Delivery(
                message=message,
                channel=channel,
                user=user,
                endpoint=endpoint,
                address=address,
                recipient=recipient,
                idempotency_key=idempotency_key(message.dedupe_key, recipient, channel),
                urgency_rank=rank,
                status=status,
                next_attempt_at=due,
                sent_at=now if status == Delivery.Status.SENT else None,
            )
        )

    emails_seen: set[str] = set()
    for person in people:
        pref = prefs.get(person.pk)
        chosen = channels_for(pref, message.kind, message.urgency)
        key = f"user:{person.pk}"
        add(
            key,
            Channel.INAPP,
            *_initial_state(pref, Channel.INAPP, message.urgency, now),
            user=person,
        )
        if Channel.EMAIL in chosen and person.email:
            emails_seen.add(person.email.lower())
            status, due = _initial_state(pref, Channel.EMAIL, message.urgency, now, message.kind)
            add(key, Channel.EMAIL, status, due, user=person, address=person.email)
        for ep in endpoints.get(person.pk, []):
            if ep.kind in chosen and rank >= URGENCY_RANK[ep.min_urgency]:
                status, due = _initial_state(pref, ep.kind, message.urgency, now, message.kind)
                add(
                    f"{key}/endpoint:{ep.pk}",
                    ep.kind,
                    status,
                    due,
                    user=person,
                    address=ep.target,
                    endpoint=ep,
                )
    if enterprise is not None and not users:
        for contact in found.contacts.get(enterprise.pk, []):
            if contact.email.lower() in emails_seen:
                continue
            emails_seen.add(contact.email.lower())
            add(
                f"contact:{contact.pk}",
                Channel.EMAIL,
                Delivery.Status.PENDING,
                now,
                address=contact.email,
            )
        for ep in found.enterprise_endpoints.get(enterprise.pk, []):
            if rank >= URGENCY_RANK[ep.min_urgency]:
                add(
                    f"endpoint:{ep.pk}",
                    ep.kind,
                    Delivery.Status.PENDING,
                    now,
                    address=ep.target,
                    endpoint=ep,
                )
    return rows


class _KickState(threading.local):
    marker: list[Any] | None = None
    count: int = 0
    rank: int = 0
    users: set[int]

    def __init__(self) -> None:
        self.users = set()


_kick = _KickState()


def _schedule_kick(outgoing: int, rank: int, inapp_users: Iterable[int | None]) -> None:
    """One on-commit hook per transaction, however many messages it publishes: it wakes the
    live feeds and enqueues enough drain tasks for the outgoing deliveries."""
    connection = transaction.get_connection()
    pending = connection.run_on_commit
    if not connection.in_atomic_block or _kick.marker is not pending:
        _kick.marker = None
        _kick.count = 0
        _kick.rank = 0
        _kick.users = set()
    _kick.count += outgoing
    _kick.rank = max(_kick.rank, rank)
    _kick.users.update(u for u in inapp_users if u is not None)
    if _kick.marker is None:
        transaction.on_commit(_after_commit)
        _kick.marker = connection.run_on_commit


def _after_commit() -> None:
    count, rank, users = _kick.count, _kick.rank, set(_kick.users)
    _kick.marker, _kick.count, _kick.rank, _kick.users = None, 0, 0, set()
    if users:
        live.announce(users)
    if count:
        tasks.kick(count, rank)


# --- message data: what other apps hand over ------------------------------------------------


@dataclass(frozen=True)
class OutgoingMessage:
    """One message another app wants pushed, as data: notify knows messages, not the apps'
    models. ``enterprise``: its active users, contacts who receive alerts and robots /
    webhooks; ``users``: these people instead. ``source``: the row the message is about (its
    type and id are kept for the inbox and the desk). ``dedupe_key``: publishing it again
    writes nothing."""

    kind: str
    urgency: str
    title_zh: str
    title_en: str
    dedupe_key: str
    body_zh: str = ""
    body_en: str = ""
    url: str = ""
    enterprise: Any = None
    users: Sequence[Any] = ()
    source: models.Model | None = None


def publish_messages(messages: Iterable[OutgoingMessage]) -> list[Message]:
    """Write each message and its deliveries in the caller's transaction (call it inside the
    transaction that makes what the messages tell of, so that both commit or neither does);
    the sending is queued once, after the commit. One message per item, in order: the one
    already published for its ``dedupe_key`` if there is one.

    In batches, not one :func:`publish` after another: the recipients, preferences, contacts
    and endpoints of all messages are read in a few queries and the messages and deliveries
    inserted together (an alert storm of 5,000 enterprises spent 55 s in 5,000 ``publish``
    calls of about 12 queries each). If another transaction publishes one of the same keys
    meanwhile, the batch falls back to one :func:`publish` at a time."""
    items = list(messages)
    for m in items:
        _check_message(
            m.kind, m.urgency, m.title_zh, m.title_en, m.dedupe_key, m.url, m.enterprise, m.users
        )
    out: list[Message] = []
    for start in range(0, len(items), CHUNK):
        out.extend(_publish_batch(items[start : start + CHUNK]))
    return out


def _publish_batch(items: list[OutgoingMessage]) -> list[Message]:
    with transaction.atomic():
        keys = list(dict.fromkeys(m.dedupe_key for m in items))
        by_key = {m.dedupe_key: m for m in Message.objects.filter(dedupe_key__in=keys)}
        new: dict[str, OutgoingMessage] = {}
        for m in items:
            if m.dedupe_key not in by_key:
                new.setdefault(m.dedupe_key, m)
        rows = [
            Message(
                kind=m.kind,
                urgency=m.urgency,
                urgency_rank=URGENCY_RANK[m.urgency],
                enterprise=m.enterprise,
                title_zh=m.title_zh[:300],
                title_en=m.title_en[:400],
                body_zh=m.body_zh,
                body_en=m.body_en,
                url=m.url,
                source_type=m.source._meta.label_lower if m.source is not None else "",
                source_id=str(m.source.pk) if m.source is not None else "",
                dedupe_key=m.dedupe_key,
            )
            for m in new.values()
        ]
        try:
            with transaction.atomic():
                Message.objects.bulk_create(rows)
        except IntegrityError:
            # a key published by another transaction meanwhile: one message at a time
            return [_publish_one(m) for m in items]
        found = _recipients(
            (m.enterprise.pk for m in new.values() if not m.users and m.enterprise is not None),
            (u for m in new.values() for u in m.users),
        )
        deliveries: list[Delivery] = []
        for message, m in zip(rows, new.values(), strict=True):
            by_key[m.dedupe_key] = message
            deliveries.extend(_deliveries(message, m.enterprise, list(m.users) or None, found))
        Delivery.objects.bulk_create(deliveries, batch_size=CHUNK)
        if rows:
            _schedule_kick(
                sum(1 for d in deliveries if d.status == Delivery.Status.PENDING),
                max(message.urgency_rank for message in rows),
                [d.user_id for d in deliveries if d.channel == Channel.INAPP],
            )
    return [by_key[m.dedupe_key] for m in items]


def _publish_one(m: OutgoingMessage) -> Message:
    return publish(
        kind=m.kind,
        urgency=m.urgency,
        enterprise=m.enterprise,
        users=list(m.users) or None,
        title_zh=m.title_zh,
        title_en=m.title_en,
        body_zh=m.body_zh,
        body_en=m.body_en,
        url=m.url,
        source=m.source,
        dedupe_key=m.dedupe_key,
    )
