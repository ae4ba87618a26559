"""Matching notifications to export profiles, and creating and re-opening alerts.

:func:`on_notification_recorded` is subscribed to tbt's
:class:`~biaozhun.common.events.NotificationRecorded` event (see
:data:`biaozhun.common.events.SUBSCRIPTIONS`): a task, run after the import's commit, not in
the importing request. It matches a notification family (the regular notification and its
addenda, corrigenda, revisions; codes by the WTO rule of
:func:`biaozhun.core.alerting.effective_scope`, dates the latest given) and
:func:`record_alerts` creates one :class:`Alert` per (enterprise, root notification) in one
transaction, with the enterprise's push message written in that same transaction
(:mod:`biaozhun.alerts.messages`).

A later document that changes the family's dates or scope (its fingerprint) re-opens the
alert with a new :class:`AlertRevision` -- once: the same state never re-alerts. Alerts the
family no longer concerns are withdrawn (:mod:`biaozhun.alerts.withdrawal`).
:func:`match_enterprise` matches one enterprise whose profile changed against the open
notifications.

Text similarity: when some indexed product line has a description vector, the notification's
text (Chinese title, products, title; each line its own vector) is embedded once per
notification and text
(:func:`notification_vector`, kept in a per-process cache) and matched across languages
against the product descriptions (``core.matching``, reason ``text_similarity``). Where the
embedding model is unavailable (``core.embedding.available()`` false) there is no vector and
matching uses codes and keywords only.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from biaozhun.accounts.services import record_audit
from biaozhun.common.events import ExportProfileChanged, NotificationRecorded
from biaozhun.core import embedding
from biaozhun.core.alerting import NotificationState, family_state, risk_level
from biaozhun.core.matching import TEXT_THRESHOLD, Match, MatchIndex
from biaozhun.enterprises.models import Enterprise
from biaozhun.enterprises.profiles.models import ExportProfile
from biaozhun.notify.services import publish_messages
from biaozhun.tbt.models import Notification

from . import reference
from .desk import desk_settings, internal_deadline_for
from .index import has_text, load_profiles, refresh_enterprise
from .index import match as match_index
from .messages import alert_message
from .models import Alert, AlertRevision
from .withdrawal import MatchOutcome, last_scopes, scope_diff, withdraw_alerts


def notification_state(notification: Notification) -> tuple[Notification, NotificationState]:
    """The root (regular) notification of ``notification``'s family and its effective state.

    HS / ICS codes are those the Members gave; when no document gives any, the predicted
    classification (HS headings / ICS codes with confidence >= 0.5) is used instead.
    """
    docs = list(
        Notification.objects.filter(base_symbol=notification.base_symbol).order_by(
            "distributed_on", "id"
        )
    )
    return family_state(docs or [notification])


_CODE_REASONS = frozenset({"hs_prefix", "hs_broader", "ics", "ics_broader"})


def _reasons(match: Match) -> list[dict[str, str]]:
    """The stored reasons ``[{code, detail}]``; a text-similarity reason also says, in
    Chinese and English (``zh``, ``en``), the score and whether codes matched too."""
    out: list[dict[str, str]] = []
    by_code = any(code in _CODE_REASONS for code, _ in match.reasons)
    for code, detail in match.reasons:
        row = {"code": code, "detail": detail}
        if code == "text_similarity":
            score, _, description = detail.partition(" ")
            if by_code:
                zh = f"编码已匹配;产品描述“{description}”与通报文字的语义相似度亦达 {score}"
                en = (
                    f"codes match; the description {description!r} is also close in meaning "
                    f"to the notification text (cosine {score})"
                )
            else:
                zh = (
                    f"编码未匹配,按文字相似度预警:产品描述“{description}”与通报文字的语义"
                    f"相似度 {score}(阈值 {TEXT_THRESHOLD:.2f}),置信度较低"
                )
                en = (
                    f"no code matches; alerted by text similarity: the description "
                    f"{description!r} is close in meaning to the notification text (cosine "
                    f"{score}, threshold {TEXT_THRESHOLD:.2f}), a lower confidence"
                )
            row["zh"], row["en"] = zh, en
        elif code == "cites_declared_standard":
            cited, _, declared = detail.partition(" = ")
            declared = declared or cited
            if declared == cited:
                row["zh"] = f"通报引用了贵企业登记执行的标准 {cited}"
                row["en"] = f"the notification cites {cited}, a standard you declared you apply"
            else:
                row["zh"] = f"通报引用了 {cited},贵企业登记执行该标准的 {declared}"
                row["en"] = (
                    f"the notification cites {cited}; you declared you apply {declared} "
                    "(another edition of the same standard)"
                )
        out.append(row)
    return out


#: notification vectors kept per process (by root notification and text), most recent last
VECTOR_CACHE_SIZE = 4096
_vectors: OrderedDict[tuple[int, str], Any] = OrderedDict()
_vectors_lock = threading.Lock()


#: at most this many parts (lines) of a notification's text are embedded
VECTOR_PARTS = 8


def notification_vector(root_id: int, text: str) -> Any:
    """The multilingual vectors of a notification family's text, one row per non-empty line
    (the Chinese title, the products covered, the title: a product's similarity is its best
    with any part, so a short "products covered" line is not drowned in a long title's
    boilerplate), query kind; computed once per notification and text in this process. None
    without text or without the embedding model (matching then uses codes and keywords
    only)."""
    parts = list(dict.fromkeys(p.strip() for p in text.splitlines() if p.strip()))
    if not parts or not embedding.available():
        return None
    key = (root_id, hashlib.sha256(text.encode()).hexdigest()[:16])
    with _vectors_lock:
        if key in _vectors:
            _vectors.move_to_end(key)
            return _vectors[key]
    vector = embedding.embed(parts[:VECTOR_PARTS], "query")
    with _vectors_lock:
        _vectors[key] = vector
        while len(_vectors) > VECTOR_CACHE_SIZE:
            _vectors.popitem(last=False)
    return vector


def on_notification_recorded(event: NotificationRecorded) -> None:
    """The handler of :class:`NotificationRecorded` (a task after tbt's commit)."""
    match_notification(event.notification_id, event.scope_or_dates_changed)


def on_export_profile_changed(event: ExportProfileChanged) -> None:
    """The handler of :class:`ExportProfileChanged` (a task after the profile's commit):
    refresh the enterprise in this process's match index and match it against the open
    notifications (idempotent: alerts already in the same state stay as they are)."""
    refresh_enterprise(event.enterprise_id)
    match_enterprise(event.enterprise_id)


def match_notification(notification_id: int, changed: bool = True) -> MatchOutcome:
    """Match a notification (or its family, for an addendum or corrigendum) against the export
    profiles and create, re-open or withdraw the alerts.

    Idempotent: an alert exists once per (enterprise, root notification); it is re-opened
    with a new revision only when the family's dates or scope (its fingerprint) changed or
    when it was withdrawn and applies again; it is withdrawn once (the family's root is
    withdrawn, or the enterprise is no longer among the matches).
    """
    outcome = MatchOutcome(notification_id)
    if not changed:
        return outcome
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return outcome
    root, state = notification_state(notification)
    if root.status == Notification.Status.WITHDRAWN:
        return withdraw_alerts(
            root, notification, state, Alert.Withdrawn.NOTIFICATION_WITHDRAWN, outcome
        )
    vector = notification_vector(root.pk, state.text) if has_text() else None
    matches = match_index(state.for_matching(vector))
    outcome.matched = len(matches)
    return record_alerts(root, notification, state, matches, outcome, withdraw_unmatched=True)


@transaction.atomic
def record_alerts(
    root: Notification,
    trigger: Notification,
    state: NotificationState,
    matches: Sequence[Match],
    outcome: MatchOutcome,
    *,
    withdraw_unmatched: bool = False,
) -> MatchOutcome:
    """Create, re-open or leave the alerts of ``matches`` (one transaction).

    ``withdraw_unmatched``: ``matches`` are all the enterprises the family concerns (the whole
    index was searched), so the open alerts of any other enterprise are withdrawn as out of
    scope. Not for a match against a subset of the profiles (:func:`match_enterprise`).
    The messages of the created and re-opened alerts are written in this transaction."""
    if not matches and not withdraw_unmatched:
        return outcome
    row = desk_settings()
    today = timezone.localdate()
    fingerprint = state.fingerprint()
    scope = state.scope()
    internal = internal_deadline_for(state.comment_deadline, row)
    ids = [int(m.enterprise_id) for m in matches]  # type: ignore[call-overload]
    approved = set(
        Enterprise.objects.filter(pk__in=ids, status=Enterprise.Status.APPROVED).values_list(
            "pk", flat=True
        )
    )
    existing = {
        a.enterprise_id: a
        for a in Alert.objects.select_for_update().filter(
            notification_id=root.pk, enterprise_id__in=approved
        )
    }
    new_alerts: list[Alert] = []
    reopened: list[Alert] = []
    for match in matches:
        eid = match.enterprise_id
        if eid not in approved:
            continue
        risk = risk_level(match.score, state.comment_deadline, state.entry_into_force, today)
        values = {
            "score": round(match.score, 4),
            "reasons": _reasons(match),
            "risk": risk,
            "comment_deadline": state.comment_deadline,
            "entry_into_force": state.entry_into_force,
            "internal_deadline": internal,
            "fingerprint": fingerprint,
        }
        alert = existing.get(eid)
        if alert is None:
            new_alerts.append(Alert(enterprise_id=eid, notification_id=root.pk, **values))
        elif alert.fingerprint == fingerprint and alert.withdrawn_at is None:
            outcome.unchanged += 1
        else:
            for name, value in values.items():
                setattr(alert, name, value)
            alert.revision += 1
            alert.read_at = None
            alert.acknowledged_at = None
            alert.acknowledged_by = None
            alert.withdrawn_at = None
            alert.withdrawn_reason = ""
            reopened.append(alert)
    previous_scope = last_scopes(reopened)
    created = Alert.objects.bulk_create(new_alerts, batch_size=1000)
    if reopened:
        now = timezone.now()
        for alert in reopened:
            alert.updated_at = now
        Alert.objects.bulk_update(
            reopened,
            [
                "score",
                "reasons",
                "risk",
                "comment_deadline",
                "entry_into_force",
                "internal_deadline",
                "fingerprint",
                "revision",
                "read_at",
                "acknowledged_at",
                "acknowledged_by",
                "withdrawn_at",
                "withdrawn_reason",
                "updated_at",
            ],
            batch_size=1000,
        )
    revisions = [
        AlertRevision(
            alert=a,
            number=1,
            source_id=trigger.pk,
            source_symbol=trigger.symbol,
            fingerprint=fingerprint,
            changes={"scope": scope},
            score=a.score,
            risk=a.risk,
        )
        for a in created
    ] + [
        AlertRevision(
            alert=a,
            number=a.revision,
            source_id=trigger.pk,
            source_symbol=trigger.symbol,
            fingerprint=fingerprint,
            changes={"scope": scope, "diff": scope_diff(previous_scope.get(a.pk, {}), scope)},
            score=a.score,
            risk=a.risk,
        )
        for a in reopened
    ]
    AlertRevision.objects.bulk_create(revisions, batch_size=1000)
    outcome.created = len(created)
    outcome.realerted = len(reopened)
    if created or reopened:
        record_audit(
            None,
            "alert.match",
            root,
            {
                "trigger": trigger.symbol,
                "created": sorted(a.enterprise_id for a in created),
                "realerted": sorted(a.enterprise_id for a in reopened),
            },
        )
        enterprises = Enterprise.objects.in_bulk([a.enterprise_id for a in (*created, *reopened)])
        publish_messages(
            [alert_message(a, root, enterprises[a.enterprise_id], False) for a in created]
            + [alert_message(a, root, enterprises[a.enterprise_id], True) for a in reopened]
        )
    if withdraw_unmatched:
        keep = {int(m.enterprise_id) for m in matches}  # type: ignore[call-overload]
        withdraw_alerts(root, trigger, state, Alert.Withdrawn.OUT_OF_SCOPE, outcome, keep=keep)
    return outcome


#: a family is "open" (worth alerting a newly profiled enterprise) if a deadline is ahead,
#: or if no date is known and it was distributed within this many days
OPEN_UNDATED_DAYS = 365


def match_enterprise(enterprise_id: int) -> MatchOutcome:
    """Match one enterprise (whose profile just changed) against the open notifications:
    those with a final date for comments or an entry into force still ahead (or no date,
    distributed within a year). Existing alerts with the same state stay as they are; an
    open alert on one of these notifications that the changed profile no longer matches is
    withdrawn (``out_of_scope``), and re-opened if a later change matches it again. Alerts
    on notifications no longer open are history and stay as they are.
    Two queries for the notifications whatever their number; matching uses a one-profile
    index (scores do not depend on the other profiles, so they agree with the full index)."""
    outcome = MatchOutcome(0)
    pids = ExportProfile.objects.filter(enterprise_id=enterprise_id).values_list("pk", flat=True)
    profiles = [p for p in load_profiles(pids) if p.products or p.standards]
    alerted = set(
        Alert.objects.open()
        .filter(enterprise_id=enterprise_id)
        .values_list("notification_id", flat=True)
    )
    if not profiles and not alerted:
        return outcome
    index = MatchIndex.build(profiles, reference.group_map()) if profiles else None
    today = timezone.localdate()
    recent = today - timedelta(days=OPEN_UNDATED_DAYS)
    open_bases = (
        Notification.objects.filter(
            models.Q(comment_deadline__gte=today)
            | models.Q(entry_into_force__gte=today)
            | models.Q(distributed_on__gte=recent)
        )
        .exclude(status=Notification.Status.WITHDRAWN)
        .values_list("base_symbol", flat=True)
        .distinct()
    )
    families: dict[str, list[Notification]] = {}
    for doc in Notification.objects.filter(base_symbol__in=open_bases).order_by(
        "distributed_on", "id"
    ):
        families.setdefault(doc.base_symbol, []).append(doc)
    for docs in families.values():
        root, state = family_state(docs)
        if root.status == Notification.Status.WITHDRAWN:
            continue
        ahead = [d for d in (state.comment_deadline, state.entry_into_force) if d is not None]
        if ahead and max(ahead) < today:
            continue
        if not ahead and root.distributed_on < recent:
            continue
        matches = []
        if index is not None:
            vector = notification_vector(root.pk, state.text) if index.has_text else None
            matches = index.match(state.for_matching(vector))
        if matches:
            for m in matches:
                _ = m.reasons
            outcome.matched += len(matches)
            result = record_alerts(root, root, state, matches, MatchOutcome(root.pk))
            outcome.created += result.created
            outcome.realerted += result.realerted
            outcome.unchanged += result.unchanged
        elif root.pk in alerted:
            withdraw_alerts(
                root, root, state, Alert.Withdrawn.OUT_OF_SCOPE, outcome, only=[enterprise_id]
            )
    return outcome


def rematch_all(since: date | None = None) -> dict[str, int]:
    """Match every notification family again (after a bulk profile import, or for the demo);
    idempotent: unchanged alerts stay as they are. ``since``: distributed on or after."""
    qs = Notification.objects.all()
    if since is not None:
        qs = qs.filter(distributed_on__gte=since)
    seen: set[str] = set()
    totals = {"notifications": 0, "matched": 0, "created": 0, "realerted": 0}
    for pk, base_symbol in qs.order_by("distributed_on", "pk").values_list("pk", "base_symbol"):
        if base_symbol in seen:
            continue
        seen.add(base_symbol)
        outcome = match_notification(pk, True)
        totals["notifications"] += 1
        totals["matched"] += outcome.matched
        totals["created"] += outcome.created
        totals["realerted"] += outcome.realerted
    return totals
