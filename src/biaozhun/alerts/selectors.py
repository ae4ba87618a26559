"""Reads of alerts, always through the user's scope (export profiles:
``biaozhun.enterprises.profiles.selectors``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from biaozhun.accounts.scoping import Scope
from biaozhun.common.errors import NotFound, PermissionDenied
from biaozhun.common.filters import (
    ListFilter,
    OptBool,
    OptDate,
    OptInt,
    PageFilter,
    Text,
    WindowFilter,
)
from biaozhun.enterprises.models import Enterprise
from biaozhun.enterprises.profiles.selectors import profile_recipients
from biaozhun.tbt.models import Notification

from .models import Alert, AlertRevision

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


class AlertFilter(ListFilter):
    """The alert list's filter, shared by the inbox page and the API."""

    risk: Text = ""
    unread: OptBool = None
    feedback: Text = ""
    q: Text = ""


class InboxPage(AlertFilter, PageFilter):
    deadline: OptInt = None  # the internal deadline falls in the next N days
    state: Text = ""  # open, withdrawn, or a withdrawal reason


class AlertWindow(AlertFilter, WindowFilter):
    acknowledged: OptBool = None
    deadline_within: OptInt = None
    notification: OptInt = None
    withdrawn: OptBool = None
    withdrawn_reason: Text = ""


class DeskFilter(ListFilter):
    """The desk overview's filter (page and API)."""

    member: Text = ""
    industry: Text = ""
    export_group: Text = ""
    hs: Text = ""
    ics: Text = ""
    since: OptDate = None
    deadline_after: OptDate = None
    red_unread: OptBool = None
    hit: OptBool = None
    q: Text = ""


class DeskPage(DeskFilter, PageFilter):
    pass


class DeskWindow(DeskFilter, WindowFilter):
    pass


def scope_of(user: User) -> Scope:
    return Scope.for_user(user)


def today() -> date:

    return timezone.localdate()


def _in_scope(user: User, alerts: QuerySet[Alert]) -> QuerySet[Alert]:
    return Scope.for_user(user).apply(
        alerts.select_related("notification", "enterprise"),
        enterprise_field="enterprise",
        district_field="enterprise__district",
    )


def visible_alerts(user: User) -> QuerySet[Alert]:
    """Every alert in the user's scope, withdrawn ones included (lists show them greyed)."""
    return _in_scope(user, Alert.objects.all())


def open_alerts(user: User) -> QuerySet[Alert]:
    """The alerts in the user's scope that still apply (not withdrawn): what every count,
    card and queue uses."""
    return _in_scope(user, Alert.objects.open())


def search_alerts(
    user: User,
    *,
    risk: str = "",
    unread: bool | None = None,
    acknowledged: bool | None = None,
    deadline_within: int | None = None,
    feedback: str = "",
    notification_id: int | None = None,
    q: str = "",
    withdrawn: bool | None = None,
    reason: str = "",
) -> QuerySet[Alert]:
    """The one filter the inbox page and the API share. ``deadline_within``: the internal
    deadline (or the final date for comments) falls in the next N days. ``withdrawn``: only
    the withdrawn alerts (True), only those that still apply (False), or both (None, the
    open ones first); ``reason``: withdrawn for that reason."""
    qs = visible_alerts(user)
    if withdrawn is not None:
        qs = qs.filter(withdrawn_at__isnull=not withdrawn)
    if reason in Alert.Withdrawn.values:
        qs = qs.filter(withdrawn_reason=reason)
    if risk:
        qs = qs.filter(risk=risk)
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    if acknowledged is not None:
        qs = qs.filter(acknowledged_at__isnull=not acknowledged)
    if deadline_within is not None:
        start = today()
        # a window past a century means "any deadline from today" (timedelta overflows)
        end = start + timedelta(days=min(max(0, deadline_within), 36_500))
        qs = qs.filter(
            Q(internal_deadline__range=(start, end)) | Q(comment_deadline__range=(start, end))
        )
    if feedback:
        qs = qs.filter(feedback="" if feedback == "none" else feedback)
    if notification_id is not None:
        qs = qs.filter(notification_id=notification_id)
    if q:
        qs = qs.filter(
            Q(notification__symbol__icontains=q)
            | Q(notification__title__icontains=q)
            | Q(notification__title_zh__icontains=q)
            | Q(enterprise__name_zh__icontains=q)
        )
    return qs.order_by(
        Case(When(withdrawn_at__isnull=True, then=Value(0)), default=Value(1)),
        Case(
            When(risk="red", then=Value(0)),
            When(risk="orange", then=Value(1)),
            default=Value(2),
        ),
        "-updated_at",
        "-id",
    )


def get_alert(user: User, alert_id: int) -> Alert:
    alert = visible_alerts(user).prefetch_related("revisions").filter(pk=alert_id).first()
    if alert is None:
        raise NotFound("预警", "alert")
    return alert


def amended_scope(alert: Alert, revisions: Sequence[AlertRevision]) -> dict[str, Any] | None:
    """The family's codes after its later documents (from the last revision), when they
    differ from the codes the notification itself gives; None when no later document was
    recorded, or when the notification gives no codes (the scope is then the predicted one)."""
    n = alert.notification
    if not revisions or not (n.hs_codes or n.ics_codes):
        return None
    if all(r.source_symbol == n.symbol for r in revisions):
        return None
    scope: dict[str, Any] = (revisions[-1].changes or {}).get("scope") or {}
    if not scope:
        return None
    for field in ("hs_codes", "ics_codes"):
        if sorted(scope.get(field) or []) != sorted(getattr(n, field) or []):
            return scope
    return None


def withdrawal_of(alert: Alert, revisions: Sequence[AlertRevision]) -> AlertRevision | None:
    """The revision that withdrew ``alert`` (its source says which document did), if it is
    withdrawn."""
    if alert.withdrawn_at is None:
        return None
    return next((r for r in reversed(revisions) if (r.changes or {}).get("withdrawn")), None)


#: Who works at the alerts desk, on the page and through the API alike.
DESK_ROLES = ("bureau_admin", "bureau_staff", "department_member", "district_officer")


def require_desk_reader(user: User) -> None:
    if getattr(user, "is_superuser", False) or getattr(user, "role", "") in DESK_ROLES:
        return
    raise PermissionDenied(
        "只有市局、成员单位和各地区工作人员可以查看预警总览。",
        "Only the bureau, the partner departments and the district offices can see the "
        "alerts desk.",
    )


def desk_rows(
    user: User,
    *,
    member: str = "",
    industry: str = "",
    export_group: str = "",
    hs: str = "",
    ics: str = "",
    since: date | None = None,
    deadline_after: date | None = None,
    red_unread: bool = False,
    hit_only: bool = False,
    q: str = "",
) -> QuerySet[Any]:
    """Every notification (regular ones, and documents whose base is not recorded) with, in
    the user's scope: how many enterprises it hit, red alerts, red alerts not read, feedback
    received. Withdrawn alerts do not count."""
    require_desk_reader(user)

    alerts = open_alerts(user)
    qs = Notification.objects.filter(base__isnull=True)
    if hit_only:
        qs = qs.filter(pk__in=alerts.values("notification_id"))
    if member:
        qs = qs.filter(member_code=member.upper())
    if industry:
        ids = [n.pk for n in qs.only("pk", "industries") if industry in n.industry_slugs]
        qs = qs.filter(pk__in=ids)
    if export_group:
        ids = [n.pk for n in qs.only("pk", "export_groups") if export_group in n.export_group_slugs]
        qs = qs.filter(pk__in=ids)
    if hs:
        digits = "".join(ch for ch in hs if ch.isdigit())
        ids = [
            n.pk
            for n in qs.only("pk", "hs_codes", "hs_headings")
            if any(
                c.startswith(digits) or digits.startswith(c)
                for c in [*(n.hs_codes or []), *n.heading_codes]
            )
        ]
        qs = qs.filter(pk__in=ids)
    if ics:
        ids = [
            n.pk
            for n in qs.only("pk", "ics_codes")
            if any(c.startswith(ics) or ics.startswith(c) for c in n.ics_codes or [])
        ]
        qs = qs.filter(pk__in=ids)
    if since:
        qs = qs.filter(distributed_on__gte=since)
    if deadline_after:
        qs = qs.filter(comment_deadline__gte=deadline_after)
    if q:
        qs = qs.filter(Q(symbol__icontains=q) | Q(title__icontains=q) | Q(title_zh__icontains=q))
    scoped = Q(alerts__in=alerts)
    qs = qs.annotate(
        n_enterprises=Count("alerts", filter=scoped, distinct=True),
        n_red=Count("alerts", filter=scoped & Q(alerts__risk="red"), distinct=True),
        n_red_unread=Count(
            "alerts",
            filter=scoped & Q(alerts__risk="red", alerts__read_at__isnull=True),
            distinct=True,
        ),
        n_relevant=Count("alerts", filter=scoped & Q(alerts__feedback="relevant"), distinct=True),
        n_not_relevant=Count(
            "alerts", filter=scoped & Q(alerts__feedback="not_relevant"), distinct=True
        ),
    )
    if red_unread:
        qs = qs.filter(n_red_unread__gt=0)
    return qs.order_by("-distributed_on", "-id")


def alert_recipients(enterprise: Enterprise) -> tuple[list[Any], list[Any]]:
    """Who is alerted for ``enterprise`` (for the push outbox): see
    :func:`biaozhun.enterprises.profiles.selectors.profile_recipients`."""
    users, contacts = profile_recipients(enterprise)
    return list(users), list(contacts)
