"""Reads of the programme app, always through the user's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.common.errors import NotFound, PermissionDenied
from biaozhun.core.responsibility import reportable

from .models import (
    DistrictQuota,
    DraftedStandard,
    Event,
    GroupMeeting,
    GroupMember,
    NewsPost,
    Programme,
    RegistryRecord,
    Task,
    TrainingSession,
    TrainingSignup,
)
from .registries import Registry

#: Who reads the registries, on the pages and through the API alike: the bureau, the partner
#: departments and the district offices (enterprises and experts do not).
READERS = ("bureau_admin", "bureau_staff", "department_member", "district_officer")


def can_read_registries(user: User, registry: Registry | None = None) -> bool:
    """Staff read every registry; an enterprise user reads its own records of the registries
    it reports to (``core.responsibility``), nothing else."""
    if getattr(user, "is_superuser", False) or getattr(user, "role", "") in READERS:
        return True
    return (
        registry is not None
        and getattr(user, "role", "") == "enterprise_user"
        and not getattr(user, "is_pending", True)
        and registry.slug in reportable()
    )


def require_registry_reader(user: User, registry: Registry | None = None) -> None:
    if not can_read_registries(user, registry):
        raise PermissionDenied(
            "只有市局、成员单位和各地区工作人员可以查看台账。",
            "Only the bureau, the partner departments and the district offices can see the "
            "registries.",
        )


def visible_records(user: User, registry: Registry) -> QuerySet[RegistryRecord]:
    """The registry's records ``user`` may see (bureau and departments: all; a district
    officer: the district's); anyone else is refused (``require_registry_reader``)."""
    require_registry_reader(user, registry)
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
    today = today or timezone.localdate()
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


def group_members() -> QuerySet[GroupMember]:
    """The leadership group in rank order: 组长, 副组长, 成员, 联络员 (not the alphabetical order
    of the position codes, which put 副组长 first), then by department and name."""
    P = GroupMember.Position
    rank = Case(
        *(
            When(position=p, then=Value(i))
            for i, p in enumerate([P.LEADER, P.DEPUTY, P.MEMBER, P.LIAISON])
        ),
        default=Value(9),
        output_field=IntegerField(),
    )
    return (
        GroupMember.objects.select_related("organisation")
        .annotate(rank=rank)
        .order_by("rank", "organisation__name_zh", "name")
    )


# --- the leading groups: members and meetings --------------------------------------------------


def _group_scope(user: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    """The city group's rows are seen by every reader of the registries; a county's or
    district's group's rows by the bureau, the departments and that district's officer."""
    require_registry_reader(user)
    scope = Scope.for_user(user)
    if scope.sees_all:
        return qs
    return qs.filter(Q(district__isnull=True) | Q(district_id=scope.district_id or 0))


def visible_group_members(user: User, *, district: str = "") -> QuerySet[GroupMember]:
    """``district``: a district's code for its group; ``"city"`` for the city's group."""
    qs = _group_scope(user, GroupMember.objects.select_related("organisation", "district"))
    if district == "city":
        return qs.filter(district__isnull=True)
    if district:
        return qs.filter(district__code=district)
    return qs


def visible_meetings(
    user: User, *, district: str = "", year: int | None = None, q: str = ""
) -> QuerySet[GroupMeeting]:
    qs = _group_scope(user, GroupMeeting.objects.select_related("district"))
    if district == "city":
        qs = qs.filter(district__isnull=True)
    elif district:
        qs = qs.filter(district__code=district)
    if year:
        qs = qs.filter(held_on__year=year)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(minutes__icontains=q))
    return qs


def get_meeting(user: User, pk: int) -> GroupMeeting:
    meeting = (
        visible_meetings(user)
        .prefetch_related("decisions__tasks__organisation", "decisions__tasks__district")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise NotFound("会议", "meeting")
    return meeting


# --- trainings and sign-ups --------------------------------------------------------------------


def upcoming_trainings(user: User, today: date | None = None) -> QuerySet[TrainingSession]:
    """Trainings from today on that take sign-ups: every signed-in user sees them (an
    enterprise to sign up, the staff to follow the numbers)."""
    today = today or date.today()
    if not getattr(user, "is_authenticated", False) or Scope.for_user(user).kind == "none":
        return TrainingSession.objects.none()
    return (
        TrainingSession.objects.filter(held_on__gte=today, signup_deadline__isnull=False)
        .select_related("district")
        .order_by("held_on", "pk")
    )


def get_upcoming_training(user: User, pk: int) -> TrainingSession:
    session = upcoming_trainings(user).filter(pk=pk).first()
    if session is None:
        raise NotFound("培训", "training")
    return session


def visible_signups(user: User) -> QuerySet[TrainingSignup]:
    """An enterprise sees its own sign-ups; a district officer those of the district's
    enterprises; the bureau and the departments all."""
    qs = TrainingSignup.objects.select_related("session", "enterprise", "signed_by")
    return Scope.for_user(user).apply(
        qs, enterprise_field="enterprise", district_field="enterprise__district"
    )


def get_signup(user: User, pk: int) -> TrainingSignup:
    signup = visible_signups(user).filter(pk=pk).first()
    if signup is None:
        raise NotFound("报名", "sign-up")
    return signup


def roster(user: User, pk: int) -> tuple[TrainingSession, QuerySet[TrainingSignup]]:
    """A training's active sign-ups, for the staff (scoped: a district officer sees their
    district's enterprises)."""
    require_registry_reader(user)
    session = TrainingSession.objects.select_related("district").filter(pk=pk).first()
    if session is None:
        raise NotFound("培训", "training")
    signups = visible_signups(user).filter(session=session, status=TrainingSignup.Status.ACTIVE)
    return session, signups.order_by("created_at")


# --- the focus products' enterprise standards ------------------------------------------------


def focus_product_summary(user: User) -> list[dict[str, Any]]:
    """Per focus product (三.1): the enterprise standards recorded, how many rose to a higher
    level, and the records at each higher level (scoped like the registry)."""
    require_registry_reader(user)
    qs = Scope.for_user(user).apply(
        DraftedStandard.objects.exclude(focus_product=""),
        enterprise_field="enterprise",
        district_field="district",
    )
    rows = []
    for value, label in DraftedStandard.FocusProduct.choices:
        if not value:
            continue
        mine = qs.filter(focus_product=value)
        enterprise = mine.filter(level="enterprise")
        rows.append(
            {
                "key": value,
                "label": str(label),
                "enterprise": enterprise.count(),
                "raised": enterprise.filter(raised_to__isnull=False).distinct().count(),
                "higher": mine.exclude(level="enterprise").count(),
            }
        )
    return rows


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
