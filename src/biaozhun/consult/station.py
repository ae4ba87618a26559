"""What every part of the consultation station shares: who the desk is, today's date, the
station's settings (response target, reminder days) and the deadlines of a notification
(the WTO final date and the internal one, from the TBT desk's lead time and holiday calendar).

The subject packages (``comments``, ``reminders``, ``enquiries``, ``regulations``,
``briefings``) build on this module; it imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.services import record_audit
from biaozhun.alerts.desk import desk_calendar, desk_settings, internal_deadline_for
from biaozhun.alerts.models import DeskSettings
from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.core.workdays import WorkCalendar
from biaozhun.enterprises.models import Enterprise
from biaozhun.tbt.models import Notification
from biaozhun.tbt.services import parse_symbol

from .models import ConsultSettings

DESK_ROLES = ("bureau_admin", "bureau_staff")


def is_desk(user: User | None) -> bool:
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", "") in DESK_ROLES)


def require_desk(actor: User | None) -> None:
    if not is_desk(actor):
        raise PermissionDenied(
            "只有评议台(市局)可以执行此操作。", "Only the TBT desk (the bureau) may do this."
        )


def require_approved(enterprise: Enterprise | None) -> None:
    if enterprise is not None and enterprise.status != Enterprise.Status.APPROVED:
        raise PermissionDenied(
            "企业注册尚未通过审核,暂不能使用评议和咨询。",
            "The enterprise's registration is not approved yet: comments and enquiries wait.",
        )


def signed_in(user: User | None) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def notification_by_symbol(symbol: str) -> Notification | None:
    """The recorded notification a WTO symbol names, in any of its spellings (None if it is
    not recorded; a symbol that cannot be read raises ``parse_symbol``'s DomainError)."""
    return Notification.objects.filter(symbol=parse_symbol(symbol).canonical).first()


def desk_users() -> list[User]:
    return list(User.objects.filter(role__in=DESK_ROLES, is_active=True))


def today() -> date:
    return timezone.localdate()


def week_bounds(day: date) -> tuple[date, date]:
    """Monday and Sunday of ``day``'s week (callers keep ``day`` inside the calendar's range)."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


# ----------------------------------------------------------------------------- settings


def consult_settings() -> ConsultSettings:
    row, _ = ConsultSettings.objects.get_or_create(pk=1, defaults={"reminder_days": [5, 1]})
    return row


@transaction.atomic
def update_consult_settings(
    actor: User, *, response_target_hours: int, reminder_days: list[int]
) -> ConsultSettings:
    if not is_desk(actor):
        raise PermissionDenied(
            "只有市局可以修改咨询站设置。", "Only the bureau may change the station's settings."
        )
    if not 1 <= int(response_target_hours) <= 24 * 60:
        raise DomainError(
            "target_range",
            "答复时限应在 1 到 1440 小时之间。",
            "The response target must be between 1 and 1440 hours.",
            {"field": "response_target_hours"},
        )
    days = sorted({int(d) for d in reminder_days})
    if not days or any(d < 0 or d > 60 for d in days):
        raise DomainError(
            "reminder_range",
            "提醒天数应为 0 到 60 之间的工作日数,至少一个。",
            "Reminders must be one or more numbers of working days between 0 and 60.",
            {"field": "reminder_days"},
        )
    row = consult_settings()
    changes = {
        "response_target_hours": [row.response_target_hours, int(response_target_hours)],
        "reminder_days": [row.reminder_days, days],
    }
    row.response_target_hours = int(response_target_hours)
    row.reminder_days = days
    row.save()
    record_audit(actor, "consult_settings.update", row, changes)
    return row


# ----------------------------------------------------------------------------- deadlines


@dataclass(frozen=True)
class Deadlines:
    wto: date | None
    internal: date | None


def calendar(row: DeskSettings | None = None) -> WorkCalendar:
    return desk_calendar(row)


def desk_row() -> DeskSettings:
    """The TBT desk settings (lead time, extra holidays): read once per loop, pass it on."""
    return desk_settings()


def deadlines_for(notification: Notification, row: DeskSettings | None = None) -> Deadlines:
    """The WTO final date for comments and the internal deadline (minus the enquiry point's
    lead time in working days, from the TBT desk settings and its holiday calendar)."""
    wto = notification.comment_deadline
    return Deadlines(wto, internal_deadline_for(wto, row or desk_row()))
