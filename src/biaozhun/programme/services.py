"""The write path of the programme app: registry records, inspections, the leadership group's
tasks and progress updates, events and news. Each write is validated by the model's
``full_clean`` (bilingual messages), checked against the actor's scope and audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation

from biaozhun.accounts.models import District, Region, User
from biaozhun.accounts.responsibility import UNKNOWN, may_write, require_writer
from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.common.validation import clean_instance
from biaozhun.notify.services import publish

from .models import (
    DemonstrationSite,
    DistrictQuota,
    Event,
    GroupMember,
    Inspection,
    NewsPost,
    Programme,
    ProgressUpdate,
    RegistryRecord,
    Target,
    Task,
)
from .registries import Registry


def both_languages(message: Any) -> tuple[str, str]:
    """A (possibly lazy, possibly ``"中文 / English"``) message in Chinese and in English."""
    with translation.override("zh-hans"):
        zh = str(message)
    with translation.override("en"):
        en = str(message)
    if zh == en and " / " in zh:
        zh, en = zh.split(" / ", 1)
    return zh, en


def validation_failure(exc: ValidationError) -> DomainError:
    """The first problem of a ValidationError as a DomainError (field in details)."""
    items: list[tuple[str, ValidationError]] = []
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            items.extend((name, error) for error in errors)
    else:
        items.extend(("", error) for error in exc.error_list)
    name, error = items[0]
    message = error.message
    if error.code in {"unique", "unique_together"} and error.params:
        label = str(error.params.get("field_label") or error.params.get("field_labels") or "")
        zh_label, _, en_label = label.partition(" / ")
        zh = f"已有相同{zh_label}的记录(重复登记)。"
        en = f"A record with this {en_label or zh_label} already exists."
    elif error.params:
        with translation.override("zh-hans"):
            zh = str(message) % error.params
        with translation.override("en"):
            en = str(message) % error.params
    else:
        zh, en = both_languages(message)
    return DomainError(
        error.code or "invalid",
        zh,
        en,
        {
            "field": "" if name == "__all__" else name,
            "fields": sorted(k for k, _ in items if k != "__all__"),
        },
    )


def can_manage(actor: User, district_id: int | None) -> bool:
    """Bureau staff manage every district; a district officer only their own."""
    if getattr(actor, "is_bureau", False):
        return True
    scope = Scope.for_user(actor)
    return scope.kind == "district" and district_id is not None and scope.district_id == district_id


def require_manager(actor: User, district_id: int | None) -> None:
    if not can_manage(actor, district_id):
        raise PermissionDenied(
            "只有市局或本地区工作人员可以登记、修改本地区的记录。",
            "Only the bureau or the district's own office may record or change its records.",
        )


def may_advance(actor: User, slug: str, district_id: Any = UNKNOWN) -> bool:
    """Whether ``actor`` moves a site or committee along its lifecycle: the responsibility
    rule of its registry (``sites``: also the 农委), never the enterprise that reported it
    (a committee's approval is the bureau's or the district office's record, not a report)."""
    return may_write(actor, slug, district_id=district_id, enterprise_id=None) is not None


def require_lifecycle_writer(actor: User, slug: str, district_id: Any = UNKNOWN) -> None:
    require_writer(actor, slug, district_id=district_id, enterprise_id=None)


def _owner_id(registry: Registry, record: RegistryRecord) -> int | None:
    field = registry.enterprise_field
    return getattr(record, f"{field}_id", None) if field else None


def may_change(actor: User, registry: Registry, record: RegistryRecord) -> bool:
    """The responsibility rule for an existing record (the detail page's edit and delete
    buttons): an enterprise changes only its own reports, not what the bureau confirmed."""
    kind = may_write(
        actor,
        registry.slug,
        district_id=record.district_id,
        enterprise_id=_owner_id(registry, record),
    )
    if kind == "enterprise":
        return record.confirmation == RegistryRecord.Confirmation.REPORTED
    return kind is not None


def _require_change(actor: User, registry: Registry, record: RegistryRecord) -> None:
    require_writer(
        actor,
        registry.slug,
        district_id=record.district_id,
        enterprise_id=_owner_id(registry, record),
    )
    if not may_change(actor, registry, record):
        raise PermissionDenied(
            "已确认的记录只能由市局或本地区工作人员修改。",
            "A confirmed record can be changed only by the bureau or the district's office.",
        )


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value]
    return value


@transaction.atomic
def save_record(
    actor: User, registry: Registry, record: RegistryRecord | None, values: dict[str, Any]
) -> RegistryRecord:
    """Create (``record`` None) or update a registry record from field values; many-to-many
    values are lists of objects.

    Who may write follows the responsibility table (``accounts.responsibility``); an
    enterprise's record is its own report, ``reported`` until the bureau confirms it."""
    kind = require_writer(actor, registry.slug)
    creating = record is None
    instance: RegistryRecord = registry.model() if record is None else record
    if not creating:
        _require_change(actor, registry, instance)
    if kind == "enterprise":
        owner = registry.enterprise_field
        if owner is None or owner not in registry.fields:
            raise PermissionDenied()
        values[owner] = actor.enterprise
        values.pop("district", None)
        instance.confirmation = RegistryRecord.Confirmation.REPORTED
        instance.reported_by = actor
    m2m = {name: values.pop(name) for name in list(values) if name in registry.m2m_fields}
    changes: dict[str, Any] = {}
    for name, value in values.items():
        old = getattr(instance, name, None)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(instance, name, value)
    instance.take_enterprise_district()
    if not instance.district_id:
        field = (
            "enterprise"
            if registry.enterprise_field == "enterprise" and "district" not in registry.fields
            else "district"
        )
        raise DomainError(
            "required",
            "请填写地区(或选择企业)。",
            "Give the district (or choose the enterprise).",
            {"field": field},
        )
    _clean(instance)
    require_writer(
        actor,
        registry.slug,
        district_id=instance.district_id,
        enterprise_id=_owner_id(registry, instance),
    )
    instance.save()
    for name, objects in m2m.items():
        manager = getattr(instance, name)
        before = set(manager.values_list("pk", flat=True))
        after = {obj.pk for obj in objects}
        if before != after:
            manager.set(objects)
            changes[name] = [sorted(before), sorted(after)]
    if creating or changes:
        record_audit(
            actor,
            f"programme.{registry.slug}.{'create' if creating else 'update'}",
            instance,
            changes,
            district=instance.district,
        )
    return instance


@transaction.atomic
def delete_record(actor: User, registry: Registry, record: RegistryRecord) -> None:
    _require_change(actor, registry, record)
    record_audit(actor, f"programme.{registry.slug}.delete", record, {}, district=record.district)
    record.delete()


@transaction.atomic
def confirm_record(actor: User, registry: Registry, record: RegistryRecord) -> RegistryRecord:
    """The bureau (or the record's district office) confirms an enterprise's report: from now
    on it counts for the targets."""
    kind = may_write(actor, registry.slug, district_id=record.district_id)
    if kind not in {"bureau", "district"}:
        raise PermissionDenied(
            "只有市局或本地区工作人员可以确认企业报送的记录。",
            "Only the bureau or the district's office may confirm an enterprise's report.",
        )
    if record.confirmation == RegistryRecord.Confirmation.CONFIRMED:
        return record
    record.confirmation = RegistryRecord.Confirmation.CONFIRMED
    record.confirmed_by = actor
    record.save(update_fields=["confirmation", "confirmed_by", "updated_at"])
    record_audit(
        actor,
        f"programme.{registry.slug}.confirm",
        record,
        {"confirmation": ["reported", "confirmed"]},
        district=record.district,
    )
    return record


@transaction.atomic
def add_inspection(
    actor: User,
    site: DemonstrationSite,
    *,
    inspected_on: date,
    score: Any,
    findings: str,
    inspector: str,
) -> Inspection:
    """Record a periodic inspection of a demonstration site (长效管理): the bureau, the
    site's district office or the 农委 (the responsibility table's ``inspections`` row)."""
    require_writer(actor, "inspections", district_id=site.district_id, enterprise_id=None)
    if site.status in ("declared", "revoked"):
        zh, en = (
            ("尚在申报", "only declared") if site.status == "declared" else ("已撤销", "revoked")
        )
        raise DomainError(
            "site_not_open",
            f"示范区(点){zh},不能登记检查:只检查建设中或已验收的示范区(点)。",
            f"The site is {en}: only sites being built or accepted are inspected.",
            {"field": "site"},
        )
    inspection = Inspection(
        site=site, inspected_on=inspected_on, score=score, findings=findings, inspector=inspector
    )
    _clean(inspection)
    if site.approved_on is not None and inspection.inspected_on < site.approved_on:
        raise DomainError(
            "inspection_before_approval",
            "检查日期早于示范区(点)批准日期。",
            "The inspection is dated before the site was approved.",
            {"field": "inspected_on"},
        )
    inspection.save()
    record_audit(
        actor,
        "programme.inspection.create",
        site,
        {"inspected_on": inspection.inspected_on, "score": str(inspection.score)},
        district=site.district,
    )
    return inspection


# --- leadership group -----------------------------------------------------------------------


def _require_bureau(actor: User) -> None:
    if not getattr(actor, "is_bureau", False):
        raise PermissionDenied(
            "只有领导小组办公室(市局)可以执行此操作。",
            "Only the leadership group's office (the bureau) may do this.",
        )


def _clean(instance: models.Model) -> None:
    """The platform's rules first (text without control characters, http(s) URLs, numbers in
    range), then the model's own."""
    clean_instance(instance)
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise validation_failure(exc) from exc


@transaction.atomic
def add_group_member(actor: User, **fields: Any) -> GroupMember:
    """A member of the city's leadership group (the office only) or of a county's or
    district's leading group (``district`` given: the bureau or that district's officer)."""
    district = fields.get("district")
    # the responsibility table's "group-members" row: the bureau, a district office its own
    require_writer(
        actor, "group-members", district_id=district.pk if district else None, enterprise_id=None
    )
    member = GroupMember(**fields)
    if (
        district is None
        and member.organisation is not None
        and not member.organisation.leadership_group_member
    ):
        raise DomainError(
            "not_group_member",
            f"{member.organisation} 不是领导小组成员单位。",
            f"{member.organisation} is not a member department of the leadership group.",
            {"field": "organisation"},
        )
    _clean(member)
    member.save()
    record_audit(
        actor, "programme.group_member.create", member, _plain_fields(fields), district=district
    )
    return member


def _plain_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) for key, value in fields.items()}


@transaction.atomic
def create_task(actor: User, **fields: Any) -> Task:
    """The office assigns a task to a department or a district, with a deadline."""
    _require_bureau(actor)
    task = Task(created_by=actor if getattr(actor, "is_authenticated", False) else None, **fields)
    _clean(task)
    task.save()
    record_audit(
        actor, "programme.task.create", task, _plain_fields(fields), district=task.district
    )
    return task


def _require_responsible(actor: User, task: Task) -> None:
    if getattr(actor, "is_bureau", False):
        return
    org_id = getattr(actor, "organisation_id", None)
    if task.organisation_id and org_id == task.organisation_id:
        return
    scope = Scope.for_user(actor)
    if task.district_id and scope.kind == "district" and scope.district_id == task.district_id:
        return
    raise PermissionDenied(
        "只有责任部门、责任地区或领导小组办公室可以报送进展。",
        "Only the responsible department or district, or the office, may report progress.",
    )


@transaction.atomic
def add_progress(
    actor: User, task: Task, *, note: str, percent: int, attachment: Any = None
) -> ProgressUpdate:
    """A progress report on a task; 100 % closes it (done on today)."""
    _require_responsible(actor, task)
    if task.status == Task.Status.DONE:
        raise DomainError(
            "task_done", "任务已完成,不能再报送进展。", "The task is done: no more updates."
        )
    update = ProgressUpdate(task=task, author=actor, note=note, percent=percent)
    if attachment is not None:
        if getattr(attachment, "size", 0) > 10 * 1024 * 1024:
            raise DomainError(
                "attachment_too_large",
                "附件不能超过 10 MB。",
                "The attachment may not exceed 10 MB.",
                {"field": "attachment"},
            )
        update.attachment = attachment
    _clean(update)
    update.save()
    if percent >= 100:
        task.status = Task.Status.DONE
        task.done_on = timezone.localdate()
        task.save(update_fields=["status", "done_on"])
    record_audit(
        actor,
        "programme.task.progress",
        task,
        {"percent": percent, "note": note[:200]},
        district=task.district,
    )
    return update


@transaction.atomic
def create_event(actor: User, **fields: Any) -> Event:
    district = fields.get("district")
    if district is None:
        _require_bureau(actor)
    else:
        require_manager(actor, district.pk)
    event = Event(**fields)
    _clean(event)
    event.save()
    record_audit(actor, "programme.event.create", event, _plain_fields(fields), district=district)
    return event


@transaction.atomic
def publish_news(actor: User, **fields: Any) -> NewsPost:
    _require_bureau(actor)
    post = NewsPost(author=actor, **fields)
    _clean(post)
    post.save()
    record_audit(actor, "programme.news.create", post, {"title": post.title})
    return post


def task_recipients(task: Task) -> list[Any]:
    """Who answers for a task: the responsible department's users and the district's officers."""
    users = User.objects.filter(is_active=True)
    if task.organisation_id and task.district_id:
        return list(
            users.filter(organisation_id=task.organisation_id)
            | users.filter(role="district_officer", district_id=task.district_id)
        )
    if task.organisation_id:
        return list(users.filter(organisation_id=task.organisation_id))
    return list(users.filter(role="district_officer", district_id=task.district_id or 0))


def remind_late_tasks(today: date | None = None) -> dict[str, int]:
    """Push a reminder for every late open task to the people responsible, through the notify
    app's channels (once per task and day: the dedupe key carries the date)."""
    today = today or timezone.localdate()
    if not apps.is_installed("biaozhun.notify"):
        return {"late": 0, "reminded": 0, "without_recipients": 0}
    counts = {"late": 0, "reminded": 0, "without_recipients": 0}
    for task in Task.objects.filter(status=Task.Status.OPEN, deadline__lt=today).select_related(
        "organisation", "district"
    ):
        counts["late"] += 1
        recipients = task_recipients(task)
        if not recipients:
            counts["without_recipients"] += 1
            continue
        days = (today - task.deadline).days
        with transaction.atomic():
            publish(
                kind="programme_task_late",
                urgency="orange",
                users=recipients,
                title_zh=f"督办任务逾期 {days} 天:{task.title}",
                title_en=f"Task {days} days late: {task.title}",
                body_zh=f"责任单位:{task.responsible};截止日期 {task.deadline:%Y-%m-%d}。请尽快报送进展。",
                body_en=f"Responsible: {task.responsible}; deadline {task.deadline:%Y-%m-%d}. "
                "Please report progress.",
                url=reverse("programme:task_detail", args=[task.pk]),
                source=task,
                dedupe_key=f"programme-task-late-{task.pk}-{today:%Y%m%d}",
            )
        counts["reminded"] += 1
    return counts


@transaction.atomic
def update_task(actor: User, task: Task, **values: Any) -> Task:
    """The office changes a task: title, description, responsible department or district,
    target, deadline (an extension is audited with the old date)."""
    _require_bureau(actor)
    changes: dict[str, Any] = {}
    for name, value in values.items():
        old = getattr(task, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(task, name, value)
    _clean(task)
    if changes:
        task.save()
        record_audit(actor, "programme.task.update", task, changes, district=task.district)
    return task


# --- a programme and its targets, as data ---------------------------------------------------

PROGRAMME_FIELDS = ("slug", "name_zh", "name_en", "start_year", "end_year", "source")
TARGET_FIELDS = (
    "key",
    "area",
    "metric",
    "goal_min",
    "goal_max",
    "unit_zh",
    "unit_en",
    "name_zh",
    "name_en",
)


def _bad_programme(where: str, zh: str, en: str) -> DomainError:
    return DomainError(
        "bad_programme_file", f"规划数据有误({where}):{zh}", f"Programme data ({where}): {en}"
    )


@transaction.atomic
def load_programme(actor: User | None, data: Any) -> Programme:
    """Create or update a programme and its target set from data (the next five-year plan is
    a file, not code): ``{"programme": {slug, name_zh, name_en, region, start_year, end_year,
    source}, "targets": [{key, area, metric, goal_min, goal_max, unit_zh, unit_en, name_zh,
    name_en}]}``. Each target names a metric of ``programme.metrics``; a target of the
    programme missing from the file is removed. ``actor`` None is the reference loader."""
    from .metrics import METRICS

    if actor is not None:
        _require_bureau(actor)
    if not isinstance(data, dict) or not isinstance(data.get("programme"), dict):
        raise _bad_programme(
            "programme", "缺少 programme 对象。", "the programme object is missing."
        )
    head = data["programme"]
    targets = data.get("targets")
    if not isinstance(targets, list) or not targets:
        raise _bad_programme("targets", "至少需要一个目标。", "at least one target is needed.")
    region = Region.objects.filter(slug=str(head.get("region") or "")).first()
    if region is None:
        raise _bad_programme("programme.region", "未知地区。", "unknown region.")
    values = {name: head.get(name) for name in PROGRAMME_FIELDS if head.get(name) is not None}
    programme = Programme.objects.filter(slug=values.get("slug") or "").first() or Programme()
    for name, value in values.items():
        setattr(programme, name, value)
    programme.region = region
    _clean(programme)
    programme.save()
    keep = []
    for order, item in enumerate(targets):
        where = f"targets[{order}]"
        if not isinstance(item, dict):
            raise _bad_programme(where, "应为对象。", "must be an object.")
        if item.get("metric") not in METRICS:
            raise _bad_programme(
                f"{where}.metric",
                f"未知计算方法 {item.get('metric')!r}(可选:{'、'.join(METRICS)})。",
                f"unknown metric {item.get('metric')!r} (one of {', '.join(METRICS)}).",
            )
        target = Target.objects.filter(programme=programme, key=item.get("key")).first()
        target = target or Target(programme=programme)
        for name in TARGET_FIELDS:
            setattr(target, name, item.get(name))
        target.order = order
        try:
            _clean(target)
        except DomainError as exc:
            raise _bad_programme(
                f"{where}.{exc.details.get('field', '')}", exc.message_zh, exc.message_en
            ) from exc
        target.save()
        keep.append(target.pk)
    programme.targets.exclude(pk__in=keep).delete()
    if actor is not None:
        record_audit(actor, "programme.programme.load", programme, {"targets": len(keep)})
    return programme


# --- district quotas (目标分解) -------------------------------------------------------------------


def can_set_quotas(actor: User) -> bool:
    """The leadership group's office (the bureau) sets the districts' quotas."""
    return bool(getattr(actor, "is_bureau", False))


def require_quota_setter(actor: User) -> None:
    if not can_set_quotas(actor):
        raise PermissionDenied(
            "只有市局(领导小组办公室)可以分解目标。",
            "Only the bureau (the leadership group's office) sets the districts' quotas.",
        )


@transaction.atomic
def set_district_quotas(
    actor: User, target: Target, quotas: dict[int, Decimal | None]
) -> dict[str, int]:
    """Set (a value) or remove (``None``) the quota of ``target`` for each district id in
    ``quotas``; districts outside the programme's region are refused, a percentage target's
    quota is at most 100. Each change is audited; unchanged values write nothing."""
    require_quota_setter(actor)
    region_districts = set(
        District.objects.filter(region_id=target.programme.region_id).values_list("pk", flat=True)
    )
    existing = {q.district_id: q for q in DistrictQuota.objects.filter(target=target)}
    written = removed = 0
    for district_id, value in quotas.items():
        if district_id not in region_districts:
            raise DomainError(
                "quota_district",
                "该地区不属于本规划的范围。",
                "This district is outside the programme's region.",
                {"field": "district"},
            )
        current = existing.get(district_id)
        if value is None:
            if current is not None:
                record_audit(
                    actor,
                    "district_quota.remove",
                    current,
                    {"quota": [str(current.quota), None]},
                    district=current.district,
                )
                current.delete()
                removed += 1
            continue
        if not value.is_finite() or value < 0 or (target.is_percentage and value > 100):
            raise DomainError(
                "quota_invalid",
                "分解目标值须为非负数(比例目标不超过 100)。",
                "A quota is a number of at least 0 (at most 100 for a percentage target).",
                {"field": "quota", "district": district_id},
            )
        if current is not None and current.quota == value:
            continue
        quota = current or DistrictQuota(target=target, district_id=district_id)
        old = None if current is None else str(current.quota)
        quota.quota = value
        quota.set_by = actor
        clean_instance(quota)
        quota.save()
        record_audit(
            actor,
            "district_quota.set",
            quota,
            {"target": target.key, "quota": [old, str(value)]},
            district=quota.district,
        )
        written += 1
    return {"written": written, "removed": removed}
