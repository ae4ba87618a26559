"""Withdrawing alerts that no longer apply.

An alert is withdrawn (``Alert.withdrawn_at`` / ``withdrawn_reason``, with a revision and an
audit row, in one transaction) when the family's regular notification is withdrawn
(``notification_withdrawn``) or when a family matched again no longer concerns the enterprise
(``out_of_scope``); a later document that brings the enterprise back re-opens it
(:mod:`biaozhun.alerts.matching`). The enterprise's "no longer applies" message is written in
the same transaction (:mod:`biaozhun.alerts.messages`).

Also here: :class:`MatchOutcome` (what a matching run did) and the revision helpers both
matching and withdrawal use.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.services import record_audit
from biaozhun.core.alerting import NotificationState
from biaozhun.enterprises.models import Enterprise
from biaozhun.notify.services import publish_messages
from biaozhun.tbt.models import Notification

from .messages import withdrawal_message
from .models import Alert, AlertRevision


@dataclass
class MatchOutcome:
    notification_id: int
    matched: int = 0
    created: int = 0
    realerted: int = 0
    unchanged: int = 0
    withdrawn: int = 0


def scope_diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}


def last_scopes(alerts: Sequence[Alert]) -> dict[int, dict[str, Any]]:
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


@transaction.atomic
def withdraw_alerts(
    root: Notification,
    trigger: Notification,
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
    row for the family, and its enterprise's message, all in this transaction.
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
    previous_scope = last_scopes(alerts)
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
                    "diff": scope_diff(previous_scope.get(a.pk, {}), scope),
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
    enterprises = Enterprise.objects.in_bulk({a.enterprise_id for a in alerts})
    publish_messages(withdrawal_message(a, root, enterprises[a.enterprise_id]) for a in alerts)
    return outcome
