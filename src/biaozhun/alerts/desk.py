"""The alert desk's settings and the deadlines and risk levels they drive.

:class:`DeskSettings` (one row) holds the internal lead time (working days before the WTO
final date for comments) and the desk's extra holidays and working days. The internal
deadline of an alert is the final date for comments minus that many working days (Chinese
public holidays and adjusted working days from :mod:`biaozhun.core.workdays` plus the desk's
extra days). :func:`refresh_risks` recomputes the risk level (the rule is in
:mod:`biaozhun.core.alerting`) and internal deadline of the open alerts as the dates come
closer: the daily periodic task :func:`biaozhun.alerts.tasks.refresh_risks_daily` runs it (a
page never writes on GET), and a change of the settings queues it at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.db import models, transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.core.alerting import risk_level
from biaozhun.core.workdays import WorkCalendar, china_calendar, internal_deadline

from .models import Alert, DeskSettings


def desk_settings() -> DeskSettings:
    settings_row, _ = DeskSettings.objects.get_or_create(pk=1)
    return settings_row


@transaction.atomic
def update_desk_settings(
    actor: User,
    *,
    lead_working_days: int,
    extra_holidays: Sequence[str] = (),
    extra_workdays: Sequence[str] = (),
) -> DeskSettings:
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
    row.save()
    record_audit(actor, "desk_settings.update", row, {"before": before, "after": days})
    refresh_risks()  # the internal deadlines change with the settings: recompute them now
    row.refresh_from_db()
    return row


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


def refresh_risks_if_stale(today: date | None = None) -> int | None:
    """Refresh the risk levels unless they were refreshed today (the periodic task calls it;
    idempotent, so a repeated or late task changes nothing twice)."""
    today = today or timezone.localdate()
    row = desk_settings()
    if row.risks_refreshed_on is not None and row.risks_refreshed_on >= today:
        return None
    return refresh_risks(today)
