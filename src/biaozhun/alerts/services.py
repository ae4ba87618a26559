"""The write path of alerts.

Profiles (``biaozhun.enterprises.profiles``): once a change is committed,
:func:`on_profile_changed` (the profiles' hook) refreshes the enterprise's entry in the
process-wide match index (:mod:`biaozhun.alerts.index`) and matches the enterprise against the
open notifications; other processes pick the change up through ``ExportProfile.updated_at``.

Alerts: :func:`match_notification` is registered in tbt's ``NOTIFICATION_LISTENERS``; it
matches a notification family (the regular notification and its addenda, corrigenda,
revisions; dates are the latest given) and :func:`record_alerts` creates one :class:`Alert`
per (enterprise, root notification) in one transaction. The family's codes follow the WTO
rule (:func:`effective_scope`): a revision (``Rev.N``) that gives codes replaces the codes of
every earlier document; a corrigendum that gives codes replaces those of the document it
corrects; an addendum (or supplement) adds its codes to the family's (union).

A later document that changes the family's dates or scope (its fingerprint) re-opens the
alert with a new :class:`AlertRevision` -- once: the same state never re-alerts. An alert
that no longer applies is withdrawn (``Alert.withdrawn_at`` / ``withdrawn_reason``, with a
revision and an audit row, in the same transaction): all open alerts of a family whose
regular notification is withdrawn (``notification_withdrawn``), and, when a family is
matched again, the alerts of enterprises it no longer matches (``out_of_scope``). A later
document that brings the enterprise back re-opens the alert. After commit each created or
re-opened alert is handed to :data:`ALERT_LISTENERS`, each withdrawn one to
:data:`WITHDRAWAL_LISTENERS` (the push outbox). The risk rule and the internal deadline are
documented above :func:`risk_level`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.core.matching import Match
from biaozhun.core.matching import Notification as CoreNotification
from biaozhun.core.workdays import WorkCalendar, china_calendar, internal_deadline
from biaozhun.enterprises.models import Enterprise
from biaozhun.enterprises.profiles.services import (  # COMPAT, see below
    MarketData as MarketData,
)
from biaozhun.enterprises.profiles.services import (
    ProductData as ProductData,
)
from biaozhun.enterprises.profiles.services import (
    clean_market as clean_market,
)
from biaozhun.enterprises.profiles.services import (
    replace_profile as replace_profile,
)

from . import reference
from .index import refresh_enterprise
from .models import Alert, AlertRevision, DeskSettings

logger = logging.getLogger(__name__)

# ------------------------------------------------------------------ export profiles
# The export profiles moved to ``biaozhun.enterprises.profiles``. A committed profile change
# reaches the alerts app through that package's hook (registered in ``AlertsConfig.ready``).
# COMPAT: ``clean_market``, ``replace_profile``, ``ProductData`` and ``MarketData`` are
# re-exported above only for consult (and its tests), which another branch is splitting;
# remove the re-export once consult imports ``biaozhun.enterprises.profiles.services``.


def on_profile_changed(enterprise_id: int) -> None:
    """After a profile change is committed: refresh the enterprise in the match index and
    match it against the open notifications."""
    refresh_enterprise(enterprise_id)
    try:
        match_enterprise(enterprise_id)
    except Exception:  # matching must never break the profile edit itself
        logger.exception("matching enterprise %s against open notifications", enterprise_id)


# ------------------------------------------------------------------------ desk settings


def desk_settings() -> DeskSettings:
    settings_row, _ = DeskSettings.objects.get_or_create(pk=1)
    return settings_row


@transaction.atomic
def update_desk_settings(
    actor: Any,
    *,
    lead_working_days: int,
    extra_holidays: Sequence[str] = (),
    extra_workdays: Sequence[str] = (),
) -> DeskSettings:
    from datetime import date

    if not getattr(actor, "is_bureau", False):
        raise PermissionDenied(
            "只有市局可以修改预警设置。", "Only the bureau may change the alert settings."
        )
    if not 0 <= int(lead_working_days) <= 60:
        raise DomainError(
            "lead_range",
            "提前工作日应在 0 到 60 之间。",
            "The lead time must be between 0 and 60 working days.",
            {"field": "lead_working_days"},
        )
    days: dict[str, list[str]] = {}
    for field, values in (("extra_holidays", extra_holidays), ("extra_workdays", extra_workdays)):
        out = []
        for value in values:
            try:
                out.append(date.fromisoformat(str(value).strip()).isoformat())
            except ValueError as exc:
                raise DomainError(
                    "bad_date",
                    f"日期“{value}”无效(请写成 2026-01-31)。",
                    f"The date {value!r} is invalid (write it as 2026-01-31).",
                    {"field": field},
                ) from exc
        days[field] = sorted(set(out))
    row = desk_settings()
    before = {
        "lead_working_days": row.lead_working_days,
        "extra_holidays": row.extra_holidays,
        "extra_workdays": row.extra_workdays,
    }
    row.lead_working_days = int(lead_working_days)
    row.extra_holidays = days["extra_holidays"]
    row.extra_workdays = days["extra_workdays"]
    row.risks_refreshed_on = None  # internal deadlines change: recompute on next view
    row.save()
    record_audit(actor, "desk_settings.update", row, {"before": before, "after": days})
    return row


# ------------------------------------------------------------------------------ alerts
#
# Risk level (documented rule, see also the inbox page):
#
#   relevance points: score >= 0.7 -> 2, score >= 0.4 -> 1, else 0
#   urgency points, the larger of
#     * final date for comments: 0-30 days ahead -> 2, 31-60 days -> 1, passed or later -> 0
#     * entry into force: 0-90 days ahead -> 2, 91-180 days -> 1, already in force -> 1,
#       later -> 0
#     * neither date known ("to be determined") -> 1
#   red if relevance + urgency >= 3, orange if = 2, yellow otherwise.
#
# Internal deadline: the final date for comments minus DeskSettings.lead_working_days working
# days (Chinese public holidays and adjusted working days from core.workdays plus the desk's
# extra days).

RED_SCORE = 0.7
ORANGE_SCORE = 0.4

#: Called after commit with (alert id, is_realert) for each alert created or re-opened; the
#: notify app appends its outbox writer here in its AppConfig.ready().
ALERT_LISTENERS: list[Callable[[int, bool], None]] = []

#: Called after commit with the alert id for each alert withdrawn (``alert.withdrawn_reason``
#: and ``alert.revision`` say why and which delivery); a distinct event from ALERT_LISTENERS so
#: that a listener written for new alerts never mistakes a withdrawal for one.
WITHDRAWAL_LISTENERS: list[Callable[[int], None]] = []


def risk_level(
    score: float,
    comment_deadline: date | None,
    entry_into_force: date | None,
    today: date,
) -> str:
    relevance = 2 if score >= RED_SCORE else 1 if score >= ORANGE_SCORE else 0
    urgency = 0
    if comment_deadline is None and entry_into_force is None:
        urgency = 1
    if comment_deadline is not None and comment_deadline >= today:
        days = (comment_deadline - today).days
        urgency = max(urgency, 2 if days <= 30 else 1 if days <= 60 else 0)
    if entry_into_force is not None:
        days = (entry_into_force - today).days
        urgency = max(urgency, 1 if days < 0 else 2 if days <= 90 else 1 if days <= 180 else 0)
    total = relevance + urgency
    return "red" if total >= 3 else "orange" if total == 2 else "yellow"


def desk_calendar(row: DeskSettings | None = None) -> WorkCalendar:
    row = row or desk_settings()
    return china_calendar().with_days(
        (date.fromisoformat(d) for d in row.extra_holidays),
        (date.fromisoformat(d) for d in row.extra_workdays),
    )


def internal_deadline_for(
    comment_deadline: date | None, row: DeskSettings | None = None
) -> date | None:
    if comment_deadline is None:
        return None
    row = row or desk_settings()
    return internal_deadline(comment_deadline, row.lead_working_days, desk_calendar(row))


@dataclass(frozen=True)
class NotificationState:
    """What matching and urgency read of a notification and its later documents: codes by
    the WTO rule of :func:`effective_scope`, dates the latest document's that gives one."""

    root_id: int
    member: str
    hs_codes: tuple[str, ...]
    ics_codes: tuple[str, ...]
    keywords: tuple[str, ...]
    text: str
    comment_deadline: date | None
    entry_into_force: date | None
    adoption_date: date | None

    def scope(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "hs_codes": sorted(self.hs_codes),
            "ics_codes": sorted(self.ics_codes),
            "keywords": sorted(self.keywords),
            "comment_deadline": self.comment_deadline.isoformat()
            if self.comment_deadline
            else None,
            "entry_into_force": self.entry_into_force.isoformat()
            if self.entry_into_force
            else None,
            "adoption_date": self.adoption_date.isoformat() if self.adoption_date else None,
        }

    def fingerprint(self) -> str:
        payload = json.dumps(self.scope(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    def for_matching(self) -> CoreNotification:
        return CoreNotification(
            self.member, self.hs_codes, self.ics_codes, self.keywords, self.text
        )


PREDICTED_MIN_CONFIDENCE = 0.5


def _predicted(items: Any) -> list[str]:
    out = []
    for item in items or ():
        try:
            if float(item.get("confidence", 0)) >= PREDICTED_MIN_CONFIDENCE:
                out.append(str(item["code"]))
        except (AttributeError, KeyError, TypeError, ValueError):
            continue
    return out


def notification_state(notification: Any) -> tuple[Any, NotificationState]:
    """The root (regular) notification of ``notification``'s family and its effective state.

    HS / ICS codes are those the Members gave; when no document gives any, the predicted
    classification (HS headings / ICS codes with confidence >= 0.5) is used instead.
    """
    from biaozhun.tbt.models import Notification

    docs = list(
        Notification.objects.filter(base_symbol=notification.base_symbol).order_by(
            "distributed_on", "id"
        )
    )
    return family_state(docs or [notification])


_SCOPE_FIELDS = ("hs_codes", "ics_codes", "keywords")


def effective_scope(docs: Sequence[Any], root: Any) -> tuple[dict[str, list[str]], list[Any]]:
    """The codes (HS, ICS) and keywords a family of documents notifies, by the WTO rule
    (documents taken in the order they were distributed, the regular notification first):

    * the regular notification gives the initial codes;
    * a revision (``Rev.N``) is a complete new version: if it gives HS or ICS codes, they
      replace those of every earlier document (the notification, earlier revisions, their
      addenda and corrigenda); a revision that gives no codes leaves them as they were (the
      feed lacks them more often than a revision drops them);
    * an addendum or supplement adds its codes to the family (union);
    * a corrigendum corrects the document it is attached to (its parent, or the current
      version if the parent is not recorded): each of HS codes, ICS codes, keywords it gives
      replaces that document's; a field it does not give stays. A corrigendum to a document
      that a revision superseded changes nothing.

    Returns the codes by field (order kept, no duplicates) and the documents still in effect.
    """
    from biaozhun.tbt.models import Notification

    Kind = Notification.Kind
    # contribution of each document still in effect, by field
    slots: dict[int, dict[str, list[str]]] = {}
    current = root.pk  # the version (regular notification or latest revision) in effect
    in_effect: dict[int, Any] = {}
    for d in docs:
        given = {f: list(getattr(d, f, None) or ()) for f in _SCOPE_FIELDS}
        gives_codes = bool(given["hs_codes"] or given["ics_codes"])
        if d.pk == root.pk or d.kind == Kind.REGULAR:
            slots[d.pk] = given
            in_effect[d.pk] = d
        elif d.kind == Kind.REVISION:
            if gives_codes:
                slots = {d.pk: given}
                in_effect = {d.pk: d}
            else:
                slots[d.pk] = given
                in_effect[d.pk] = d
            current = d.pk
        elif d.kind == Kind.CORRIGENDUM:
            target = d.parent_id if d.parent_id is not None else current
            if target in slots:
                for f in _SCOPE_FIELDS:
                    if given[f]:
                        slots[target][f] = given[f]
                in_effect[d.pk] = d
        else:  # addendum, supplement
            slots[d.pk] = given
            in_effect[d.pk] = d
    scope: dict[str, list[str]] = {}
    for f in _SCOPE_FIELDS:
        scope[f] = list(dict.fromkeys(c for slot in slots.values() for c in slot[f]))
    return scope, list(in_effect.values())


def family_state(docs: list[Any]) -> tuple[Any, NotificationState]:
    """The root and effective state of one family of documents (same base symbol): codes by
    :func:`effective_scope`, each date the latest document's that gives one."""
    from biaozhun.tbt.models import Notification

    root = next((d for d in docs if d.kind == Notification.Kind.REGULAR), docs[0])
    docs.sort(key=lambda d: (d.pk != root.pk, d.distributed_on, d.pk))
    codes, in_effect = effective_scope(docs, root)
    hs: dict[str, None] = dict.fromkeys(codes["hs_codes"])
    ics: dict[str, None] = dict.fromkeys(codes["ics_codes"])
    keywords: dict[str, None] = dict.fromkeys(codes["keywords"])
    texts: list[str] = []
    dates: dict[str, date | None] = {
        "comment_deadline": None,
        "entry_into_force": None,
        "adoption_date": None,
    }
    for d in docs:
        for name in dates:
            value = getattr(d, name)
            if value is not None:
                dates[name] = value
    if not hs:
        for d in in_effect:
            hs.update(dict.fromkeys(_predicted(d.hs_headings)))
    if not ics:
        for d in in_effect:
            ics.update(dict.fromkeys(_predicted(d.ics_predicted)))
    # the text of the version in effect: the latest revision, else the notification
    version = next((d for d in reversed(in_effect) if d.kind == Notification.Kind.REVISION), root)
    for field_name in ("title_zh", "products_text", "title"):
        value = getattr(version, field_name, "") or getattr(root, field_name, "")
        if value:
            texts.append(value)
    return root, NotificationState(
        root_id=root.pk,
        member=root.member_code,
        hs_codes=tuple(hs),
        ics_codes=tuple(ics),
        keywords=tuple(keywords),
        text="\n".join(texts)[:4000],
        comment_deadline=dates["comment_deadline"],
        entry_into_force=dates["entry_into_force"],
        adoption_date=dates["adoption_date"],
    )


@dataclass
class MatchOutcome:
    notification_id: int
    matched: int = 0
    created: int = 0
    realerted: int = 0
    unchanged: int = 0
    withdrawn: int = 0


def _reasons(match: Match) -> list[dict[str, str]]:
    return [{"code": code, "detail": detail} for code, detail in match.reasons]


def _diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}


def match_notification(notification_id: int, changed: bool = True) -> MatchOutcome:
    """Match a notification (or its family, for an addendum or corrigendum) against the export
    profiles and create, re-open or withdraw the alerts. Registered in tbt's
    NOTIFICATION_LISTENERS.

    Idempotent: an alert exists once per (enterprise, root notification); it is re-opened
    with a new revision only when the family's dates or scope (its fingerprint) changed or
    when it was withdrawn and applies again; it is withdrawn once (the family's root is
    withdrawn, or the enterprise is no longer among the matches).
    """
    from biaozhun.tbt.models import Notification

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
    from .index import match

    matches = match(state.for_matching())
    outcome.matched = len(matches)
    return record_alerts(root, notification, state, matches, outcome, withdraw_unmatched=True)


@transaction.atomic
def record_alerts(
    root: Any,
    trigger: Any,
    state: NotificationState,
    matches: Sequence[Match],
    outcome: MatchOutcome,
    *,
    withdraw_unmatched: bool = False,
) -> MatchOutcome:
    """Create, re-open or leave the alerts of ``matches`` (one transaction).

    ``withdraw_unmatched``: ``matches`` are all the enterprises the family concerns (the whole
    index was searched), so the open alerts of any other enterprise are withdrawn as out of
    scope. Not for a match against a subset of the profiles (:func:`match_enterprise`)."""
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
    previous_scope = _last_scopes(reopened)
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
            changes={"scope": scope, "diff": _diff(previous_scope.get(a.pk, {}), scope)},
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
        events = [(a.pk, False) for a in created] + [(a.pk, True) for a in reopened]
        transaction.on_commit(lambda: _announce(events))
    if withdraw_unmatched:
        keep = {int(m.enterprise_id) for m in matches}  # type: ignore[call-overload]
        withdraw_alerts(root, trigger, state, Alert.Withdrawn.OUT_OF_SCOPE, outcome, keep=keep)
    return outcome


@transaction.atomic
def withdraw_alerts(
    root: Any,
    trigger: Any,
    state: NotificationState,
    reason: str,
    outcome: MatchOutcome,
    *,
    keep: Collection[int] = (),
    only: Collection[int] | None = None,
) -> MatchOutcome:
    """Withdraw the open alerts of ``root`` (except those of the enterprises in ``keep``;
    with ``only``, just those of these enterprises):
    each gets ``withdrawn_at``/``withdrawn_reason``, a new revision recording why (``changes``:
    ``withdrawn``, the family's ``scope`` and its ``diff`` from the last delivery), one audit
    row for the family; after commit :data:`WITHDRAWAL_LISTENERS` are told of each.
    Alerts already withdrawn are left alone, so a repeated run changes nothing."""
    reason = str(reason)
    query = (
        Alert.objects.select_for_update()
        .open()
        .filter(notification_id=root.pk)
        .exclude(enterprise_id__in=list(keep))
    )
    if only is not None:
        query = query.filter(enterprise_id__in=list(only))
    alerts = list(query.order_by("pk"))
    if not alerts:
        return outcome
    now = timezone.now()
    fingerprint = state.fingerprint()
    scope = state.scope()
    previous_scope = _last_scopes(alerts)
    for alert in alerts:
        alert.withdrawn_at = now
        alert.withdrawn_reason = reason
        alert.revision += 1
        alert.fingerprint = fingerprint
        alert.updated_at = now
    Alert.objects.bulk_update(
        alerts,
        ["withdrawn_at", "withdrawn_reason", "revision", "fingerprint", "updated_at"],
        batch_size=1000,
    )
    AlertRevision.objects.bulk_create(
        [
            AlertRevision(
                alert=a,
                number=a.revision,
                source_id=trigger.pk,
                source_symbol=trigger.symbol,
                fingerprint=fingerprint,
                changes={
                    "withdrawn": reason,
                    "scope": scope,
                    "diff": _diff(previous_scope.get(a.pk, {}), scope),
                },
                score=a.score,
                risk=a.risk,
            )
            for a in alerts
        ],
        batch_size=1000,
    )
    outcome.withdrawn += len(alerts)
    record_audit(
        None,
        "alert.withdraw",
        root,
        {
            "trigger": trigger.symbol,
            "reason": reason,
            "withdrawn": sorted(a.enterprise_id for a in alerts),
        },
    )
    ids = [a.pk for a in alerts]
    transaction.on_commit(lambda: _announce_withdrawals(ids))
    return outcome


def _last_scopes(alerts: Sequence[Alert]) -> dict[int, dict[str, Any]]:
    """The scope each alert was last sent with, by alert id (one query)."""
    scopes: dict[int, dict[str, Any]] = {}
    if alerts:
        for alert_id, changes in (
            AlertRevision.objects.filter(alert__in=alerts)
            .order_by("alert_id", "number")
            .values_list("alert_id", "changes")
        ):
            scopes[alert_id] = (changes or {}).get("scope", {}) or {}
    return scopes


def _tell(listeners: Sequence[Callable[..., None]], calls: Iterable[tuple[Any, ...]]) -> None:
    """Call each listener with each argument tuple; one listener's failure must not block
    the others."""
    for args in calls:
        for listener in list(listeners):
            try:
                listener(*args)
            except Exception:
                logger.exception("alert listener %r failed for %r", listener, args)


def _announce(events: list[tuple[int, bool]]) -> None:
    _tell(ALERT_LISTENERS, events)


def _announce_withdrawals(alert_ids: list[int]) -> None:
    _tell(WITHDRAWAL_LISTENERS, [(alert_id,) for alert_id in alert_ids])


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
    from biaozhun.core.matching import MatchIndex
    from biaozhun.tbt.models import Notification

    from .index import load_profiles

    outcome = MatchOutcome(0)
    profiles = [p for p in load_profiles(enterprise_ids=[enterprise_id]) if p.products]
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
    families: dict[str, list[Any]] = {}
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
        matches = index.match(state.for_matching()) if index is not None else []
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
    from biaozhun.tbt.models import Notification

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


def on_notification(notification_id: int, changed: bool) -> None:
    """The tbt NOTIFICATION_LISTENERS entry."""
    match_notification(notification_id, changed)


@transaction.atomic
def refresh_risks(today: date | None = None) -> int:
    """Recompute risk and internal deadline of the open alerts (run daily): urgency grows as
    the deadlines come closer. Returns the number of alerts whose level changed."""
    today = today or timezone.localdate()
    row = desk_settings()
    changed: list[Alert] = []
    open_alerts = (
        Alert.objects.select_for_update()
        .open()
        .filter(
            models.Q(comment_deadline__gte=today - timedelta(days=1))
            | models.Q(entry_into_force__gte=today - timedelta(days=1))
            | models.Q(comment_deadline__isnull=True, entry_into_force__isnull=True)
        )
    )
    for alert in open_alerts:
        risk = risk_level(alert.score, alert.comment_deadline, alert.entry_into_force, today)
        internal = internal_deadline_for(alert.comment_deadline, row)
        if risk != alert.risk or internal != alert.internal_deadline:
            alert.risk = risk
            alert.internal_deadline = internal
            changed.append(alert)
    Alert.objects.bulk_update(changed, ["risk", "internal_deadline"], batch_size=1000)
    DeskSettings.objects.filter(pk=row.pk).update(risks_refreshed_on=today)
    if changed:
        record_audit(None, "alert.refresh_risks", row, {"changed": len(changed)})
    return len(changed)


def refresh_risks_if_stale() -> int | None:
    """Refresh the risk levels once a day, the first time an inbox or the desk is opened
    (``biaozhun alerts refresh-risks`` does it from cron as well)."""
    today = timezone.localdate()
    row = desk_settings()
    if row.risks_refreshed_on is not None and row.risks_refreshed_on >= today:
        return None
    return refresh_risks(today)


# ----------------------------------------------------------------- enterprise actions


def _require_own(actor: Any, alert: Alert) -> None:
    scope = Scope.for_user(actor)
    if not (scope.kind == "enterprise" and scope.enterprise_id == alert.enterprise_id):
        raise PermissionDenied(
            "只有本企业用户可以处理该预警。", "Only the enterprise's own users may act on it."
        )


@transaction.atomic
def mark_read(actor: Any, alert: Alert) -> Alert:
    """An enterprise user opened the alert (staff opening it does not count)."""
    if Scope.for_user(actor).kind != "enterprise" or alert.read_at is not None:
        return alert
    _require_own(actor, alert)
    alert.read_at = timezone.now()
    alert.save(update_fields=["read_at"])
    record_audit(actor, "alert.read", alert, {}, district=alert.enterprise.district)
    return alert


@transaction.atomic
def acknowledge_alert(actor: Any, alert: Alert) -> Alert:
    _require_own(actor, alert)
    now = timezone.now()
    alert.read_at = alert.read_at or now
    alert.acknowledged_at = now
    alert.acknowledged_by = actor
    alert.save(update_fields=["read_at", "acknowledged_at", "acknowledged_by"])
    record_audit(actor, "alert.acknowledge", alert, {}, district=alert.enterprise.district)
    return alert


@transaction.atomic
def give_feedback(actor: Any, alert: Alert, feedback: str, note: str = "") -> Alert:
    _require_own(actor, alert)
    if feedback not in {"relevant", "not_relevant"}:
        raise DomainError(
            "bad_feedback",
            "反馈只能是“相关”或“不相关”。",
            "Feedback must be relevant or not_relevant.",
            {"field": "feedback"},
        )
    if len(note) > 1000:
        raise DomainError(
            "note_too_long",
            "说明不能超过 1000 字。",
            "The note cannot exceed 1000 characters.",
            {"field": "note"},
        )
    now = timezone.now()
    alert.feedback = feedback
    alert.feedback_note = note.strip()
    alert.feedback_at = now
    alert.feedback_by = actor
    alert.read_at = alert.read_at or now
    alert.save(update_fields=["feedback", "feedback_note", "feedback_at", "feedback_by", "read_at"])
    record_audit(
        actor,
        "alert.feedback",
        alert,
        {"feedback": feedback, "note": note},
        district=alert.enterprise.district,
    )
    return alert
