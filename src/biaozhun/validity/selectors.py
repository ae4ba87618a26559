"""Reads of checks, watch lists and alerts, always through the user's scope.

Checks: an enterprise user sees its enterprise's checks, a district officer those of its
district (the enterprises' and the office's own), the bureau all; everyone sees the checks they
ran themselves. Watch lists and alerts belong to an enterprise and follow the enterprise scope.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.common.errors import NotFound
from biaozhun.enterprises.models import Enterprise

from .models import ValidityCheck, WatchAlert, WatchedStandard


def visible_checks(user: User) -> QuerySet[ValidityCheck]:
    base = ValidityCheck.objects.select_related("enterprise", "district", "created_by")
    scoped = Scope.for_user(user).apply(
        base, enterprise_field="enterprise", district_field="district"
    )
    if not getattr(user, "is_authenticated", False):
        return base.none()
    return base.filter(Q(pk__in=scoped.values("pk")) | Q(created_by=user))


def check_list(user: User) -> QuerySet[ValidityCheck]:
    """The check history without the (large) results column."""
    return visible_checks(user).defer("results")


def get_check(user: User, check_id: int) -> ValidityCheck:
    check = visible_checks(user).filter(pk=check_id).first()
    if check is None:
        raise NotFound("查新记录", "check")
    return check


def watch_enterprises(user: User) -> QuerySet[Enterprise]:
    """Enterprises whose watch list ``user`` may open, with the list's size and unread alerts."""
    return (
        Scope.for_user(user)
        .apply(
            Enterprise.objects.select_related("district"),
            enterprise_field="pk",
            district_field="district",
        )
        .annotate(
            watched_count=Count("watched_standards", distinct=True),
            unread_count=Count(
                "watch_alerts", filter=Q(watch_alerts__read_at__isnull=True), distinct=True
            ),
        )
    )


def get_watch_enterprise(user: User, enterprise_id: int) -> Enterprise:
    enterprise = watch_enterprises(user).filter(pk=enterprise_id).first()
    if enterprise is None:
        raise NotFound("企业", "enterprise")
    return enterprise


def watched_standards(user: User, enterprise_id: int | None = None) -> QuerySet[WatchedStandard]:
    qs = Scope.for_user(user).apply(
        WatchedStandard.objects.select_related("enterprise", "standard", "standard__replaced_by"),
        enterprise_field="enterprise",
        district_field="enterprise__district",
    )
    if enterprise_id is not None:
        qs = qs.filter(enterprise_id=enterprise_id)
    return qs


def get_watched(user: User, item_id: int) -> WatchedStandard:
    item = watched_standards(user).filter(pk=item_id).first()
    if item is None:
        raise NotFound("关注标准", "watched standard")
    return item


def visible_alerts(user: User, *, unread: bool | None = None) -> QuerySet[WatchAlert]:
    qs = Scope.for_user(user).apply(
        WatchAlert.objects.select_related("enterprise", "standard", "change"),
        enterprise_field="enterprise",
        district_field="enterprise__district",
    )
    if unread is True:
        qs = qs.filter(read_at__isnull=True)
    elif unread is False:
        qs = qs.filter(read_at__isnull=False)
    return qs


def get_alert(user: User, alert_id: int) -> WatchAlert:
    alert = visible_alerts(user).filter(pk=alert_id).first()
    if alert is None:
        raise NotFound("提醒", "alert")
    return alert


def unread_alert_count(user: User) -> int:
    return visible_alerts(user, unread=True).count()


def enterprises_watching(user: User, standard: Any) -> QuerySet[Enterprise]:
    """The enterprises in ``user``'s scope that use (watch) ``standard`` or another edition of
    it: for the standard's page ("the city's enterprises that use it")."""
    return (
        Scope.for_user(user)
        .apply(
            Enterprise.objects.select_related("district"),
            enterprise_field="pk",
            district_field="district",
        )
        .filter(Q(watched_standards__standard=standard) | Q(watched_standards__key=standard.key))
        .distinct()
    )
