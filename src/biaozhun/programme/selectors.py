"""Reads of the programme app, always through the user's scope."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.common.errors import NotFound, PermissionDenied

from .models import DistrictQuota, Event, NewsPost, Programme, RegistryRecord, Task
from .registries import Registry

#: Who reads the registries, on the pages and through the API alike: the bureau, the partner
#: departments and the district offices (enterprises and experts do not).
READERS = ("bureau_admin", "bureau_staff", "department_member", "district_officer")


def can_read_registries(user: User) -> bool:
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", "") in READERS)


def require_registry_reader(user: User) -> None:
    if not can_read_registries(user):
        raise PermissionDenied(
            "只有市局、成员单位和各地区工作人员可以查看台账。",
            "Only the bureau, the partner departments and the district offices can see the "
            "registries.",
        )


def visible_records(user: User, registry: Registry) -> QuerySet[RegistryRecord]:
    """The registry's records ``user`` may see (bureau and departments: all; a district
    officer: the district's); anyone else is refused (``require_registry_reader``)."""
    require_registry_reader(user)
    qs = registry.model._default_manager.select_related("district")
    if registry.enterprise_field:
        qs = qs.select_related(registry.enterprise_field)
    return Scope.for_user(user).apply(
        qs, enterprise_field=registry.enterprise_field, district_field="district"
    )


def search_records(
    user: User,
    registry: Registry,
    *,
    q: str = "",
    district: str = "",
    year: int | None = None,
    **filters: str,
) -> QuerySet[RegistryRecord]:
    qs = visible_records(user, registry)
    if q:
        cond = Q()
        for name in registry.search:
            cond |= Q(**{f"{name}__icontains": q})
        qs = qs.filter(cond)
    if district:
        qs = qs.filter(district__code=district)
    if year:
        qs = qs.filter(**{f"{registry.date_field}__year": year})
    for name, value in filters.items():
        if name in registry.filters and value:
            qs = qs.filter(**{name: value})
    return qs


def get_record(user: User, registry: Registry, pk: int) -> RegistryRecord:
    record = visible_records(user, registry).filter(pk=pk).first()
    if record is None:
        raise NotFound("记录", "record")
    return record


def visible_tasks(user: User) -> QuerySet[Task]:
    """Bureau and departments see every task; a district officer the district's tasks."""
    qs = Task.objects.select_related("organisation", "district", "target")
    return Scope.for_user(user).apply(qs, enterprise_field=None, district_field="district")


def get_task(user: User, pk: int) -> Task:
    task = visible_tasks(user).prefetch_related("updates__author").filter(pk=pk).first()
    if task is None:
        raise NotFound("任务", "task")
    return task


def late_tasks(user: User, today: date | None = None) -> QuerySet[Task]:
    today = today or date.today()
    return visible_tasks(user).filter(status=Task.Status.OPEN, deadline__lt=today)


def current_programme(slug: str = "") -> Programme:
    qs = Programme.objects.all()
    programme = qs.filter(slug=slug).first() if slug else qs.first()
    if programme is None:
        raise NotFound("规划", "programme")
    return programme


def visible_events(user: User) -> QuerySet[Event]:
    return Event.objects.select_related("district")


def visible_news(user: User) -> QuerySet[NewsPost]:
    return NewsPost.objects.select_related("event", "author")


def visible_quotas(user: User, programme: Programme) -> QuerySet[DistrictQuota]:
    """The districts' quotas of ``programme`` that ``user`` may read: the bureau and the
    partner departments all, a district officer the own district's; anyone else is refused."""
    require_registry_reader(user)
    qs = DistrictQuota.objects.filter(target__programme=programme).select_related(
        "target", "district"
    )
    return Scope.for_user(user).apply(qs, enterprise_field=None, district_field="district")


def quota_for(target_id: int, district_id: int) -> DistrictQuota | None:
    """The quota of one target for one district (the caller has scoped the district)."""
    return DistrictQuota.objects.filter(target_id=target_id, district_id=district_id).first()


def public_events() -> QuerySet[Event]:
    """Publicity events for the public portal (世界标准日, 科技活动周…)."""
    return Event.objects.select_related("district")


def public_news() -> QuerySet[NewsPost]:
    """News posts for the public portal (without their author)."""
    return NewsPost.objects.select_related("event")


def get_public_news(pk: int) -> NewsPost:
    post = public_news().filter(pk=pk).first()
    if post is None:
        raise NotFound("新闻", "news post")
    return post
