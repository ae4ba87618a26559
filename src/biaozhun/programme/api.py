"""Programme endpoints: registries (generic by slug, same selectors and services as the pages),
targets with their computed values, tasks and progress. Same scoping as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from ninja import Body, Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from biaozhun.accounts.jobs import (
    queue_big_upload,
    require_role,
)
from biaozhun.accounts.models import District, User
from biaozhun.accounts.responsibility import require_writer
from biaozhun.common.errors import DomainError, NotFound, PermissionDenied
from biaozhun.common.http import AuthedRequest
from biaozhun.common.schemas import ImportResult, JobAccepted
from biaozhun.enterprises.selectors import visible_enterprises

from . import jobs, lifecycle, selectors, services
from .api_groups import router as groups_router
from .filters import ProgrammeQuery, RecordWindow
from .importers import import_inspections, import_registry
from .metrics import METRICS
from .models import (
    DraftedStandard,
    Target,
)
from .progress import counting_records, programme_progress
from .registries import REGISTRIES, Registry, get_registry

router = Router(tags=["programme 规划目标"])


class RecordOut(Schema):
    id: int
    registry: str
    label: str
    district: str
    confirmation: str  # "confirmed", or "reported" by the enterprise and not counted yet
    award: int | None = None  # the approved award application it came from
    fields: dict[str, Any]


class RecordList(Schema):
    items: list[RecordOut]
    count: int


class RegistryOut(Schema):
    slug: str
    title_zh: str
    title_en: str
    fields: list[str]


class GoalOut(Schema):
    min: float
    max: float | None
    text: str


class TargetOut(Schema):
    id: int
    key: str
    area: str
    name_zh: str
    name_en: str
    metric: str
    goal: GoalOut
    unit_zh: str
    unit_en: str
    value: float
    ratio: float
    elapsed: float
    status: str
    basis: str  # city, quota (the district's own quota) or contribution (no quota)
    measured_against: float
    per_year: dict[str, float]
    cumulative: dict[str, float]
    per_district: dict[str, float]


class ProgrammeOut(Schema):
    slug: str
    name_zh: str
    name_en: str
    start_year: int
    end_year: int
    as_of: date
    targets: list[TargetOut]


class TaskOut(Schema):
    id: int
    title: str
    responsible: str
    deadline: date
    status: str
    late: bool


def record_out(registry: Registry, record: models.Model) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in registry.fields:
        model_field = record._meta.get_field(name)
        if isinstance(model_field, models.ManyToManyField):
            fields[name] = list(getattr(record, name).values_list("pk", flat=True))
        elif isinstance(model_field, models.ForeignKey):
            fields[name] = getattr(record, f"{name}_id")
        else:
            value = getattr(record, name)
            fields[name] = value.isoformat() if isinstance(value, date) else value
    if hasattr(record, "level") and "level" not in fields:
        fields["level"] = record.level
    for extra in ("status", "office", "accepted_on", "revoked_on", "publicised_on", "refused_on"):
        if hasattr(record, extra) and extra not in fields:
            value = getattr(record, extra)
            fields[extra] = value.isoformat() if isinstance(value, date) else value
    return {
        "id": record.pk,
        "registry": registry.slug,
        "label": str(record),
        "district": record.district.code,  # type: ignore[attr-defined]
        "confirmation": record.confirmation,  # type: ignore[attr-defined]
        "award": record.award_id,  # type: ignore[attr-defined]
        "fields": fields,
    }


def _check_type(name: str, model_field: Any, raw: Any) -> None:
    """A value of the wrong JSON type is a zh/en 400 naming the field (never a 500)."""
    if raw is None:
        return
    if isinstance(model_field, models.ManyToManyField):
        ok = isinstance(raw, list) and all(
            isinstance(i, int) and not isinstance(i, bool) for i in raw
        )
        expected_zh, expected_en = "整数编号的列表", "a list of integer ids"
    elif isinstance(model_field, models.ForeignKey):
        if model_field.related_model is District:
            ok = isinstance(raw, str)
            expected_zh, expected_en = "地区代码(文本)", "a district code (text)"
        else:
            ok = isinstance(raw, int) and not isinstance(raw, bool)
            expected_zh, expected_en = "整数编号", "an integer id"
    elif isinstance(model_field, models.DateField):
        ok = isinstance(raw, str)
        expected_zh, expected_en = "日期文本(如 2024-01-31)", "a date as text (2024-01-31)"
    elif isinstance(model_field, models.BooleanField):
        ok = isinstance(raw, bool)
        expected_zh, expected_en = "true 或 false", "true or false"
    elif isinstance(model_field, models.CharField | models.TextField):
        ok = isinstance(raw, str)
        expected_zh, expected_en = "文本", "text"
    elif isinstance(model_field, models.IntegerField | models.DecimalField | models.FloatField):
        ok = isinstance(raw, int | float | str) and not isinstance(raw, bool)
        expected_zh, expected_en = "数字", "a number"
    else:
        ok = True
        expected_zh = expected_en = ""
    if not ok:
        raise DomainError(
            "bad_type",
            f"字段 {name} 应为{expected_zh}。",
            f"Field {name} must be {expected_en}.",
            {"field": name},
        )


def _values(registry: Registry, payload: dict[str, Any]) -> dict[str, Any]:
    """Turn a JSON payload into model values; related objects are given by id (district by
    code) and must be visible to the user."""
    values: dict[str, Any] = {}
    unknown = set(payload) - set(registry.fields)
    if unknown:
        raise DomainError(
            "unknown_fields",
            f"未知字段:{'、'.join(sorted(unknown))}。",
            f"Unknown fields: {', '.join(sorted(unknown))}.",
            {"fields": sorted(unknown)},
        )
    for name, raw in payload.items():
        model_field = registry.model._meta.get_field(name)
        _check_type(name, model_field, raw)
        if isinstance(model_field, models.ManyToManyField | models.ForeignKey):
            target = model_field.related_model
            if target is District:
                found = District.objects.filter(code=raw).first() if raw else None
                if raw and found is None:
                    raise DomainError(
                        "unknown_district",
                        f"地区代码 {raw} 不存在。",
                        f"Unknown district code {raw}.",
                        {"field": name},
                    )
                values[name] = found
                continue
            ids = raw if isinstance(model_field, models.ManyToManyField) else [raw]
            ids = [i for i in ids or [] if i is not None]
            objects = list(target._default_manager.filter(pk__in=ids))
            if len(objects) != len(set(ids)):
                raise DomainError(
                    "unknown_reference",
                    f"字段 {name} 引用的对象不存在。",
                    f"Field {name} refers to an object that does not exist.",
                    {"field": name},
                )
            values[name] = (
                objects
                if isinstance(model_field, models.ManyToManyField)
                else (objects[0] if objects else None)
            )
        elif isinstance(model_field, models.DateField) and isinstance(raw, str):
            try:
                values[name] = date.fromisoformat(raw)
            except ValueError:
                raise DomainError(
                    "bad_date",
                    f"日期“{raw}”无效(应为 2024-01-31)。",
                    f"The date {raw!r} is invalid (write 2024-01-31).",
                    {"field": name},
                ) from None
        else:
            values[name] = raw
    return values


@router.get("/registries", response=list[RegistryOut], summary="Registries 台账列表")
def list_registries(request: AuthedRequest) -> list[dict[str, Any]]:
    selectors.require_registry_reader(request.user)
    return [
        {"slug": r.slug, "title_zh": r.title_zh, "title_en": r.title_en, "fields": list(r.fields)}
        for r in REGISTRIES.values()
    ]


@router.get("/registries/{slug}", response=RecordList, summary="Records of a registry 台账记录")
def list_records(request: AuthedRequest, slug: str, filters: Query[RecordWindow]) -> dict[str, Any]:
    registry = get_registry(slug)
    qs = selectors.search_records(
        request.user, registry, q=filters.q, district=filters.district, year=filters.year
    )
    items = [record_out(registry, r) for r in qs[filters.offset : filters.offset + filters.limit]]
    return {"items": items, "count": qs.count()}


BACKGROUND_NOTE = (
    "A file over `IMPORT_BACKGROUND_BYTES` is queued for the task worker: the answer is 202 "
    "with the job to follow (`GET /api/accounts/jobs/{id}`)."
)


def _in_background(
    request: AuthedRequest, file: UploadedFile, slug: str, *, inspections: bool
) -> Status[Any] | None:
    """Queue a big upload (after the role check its job repeats); ``None`` for a small one."""
    return queue_big_upload(
        request.user,
        jobs.KIND,
        file,
        file.name or "upload.csv",
        check=lambda u: require_role(u, jobs.IMPORT_ROLES),
        options=jobs.options(slug, inspections=inspections),
    )


@router.post(
    "/registries/sites/inspections/import",
    response={200: ImportResult, 202: JobAccepted},
    summary="Import inspections of demonstration sites 导入定期检查记录",
    description=BACKGROUND_NOTE,
)
def import_site_inspections(request: AuthedRequest, file: File[UploadedFile]) -> Any:
    queued = _in_background(request, file, "sites", inspections=True)
    if queued is not None:
        return queued
    return import_inspections(request.user, file, file.name or "upload.csv").as_dict()


@router.post(
    "/registries/{slug}/import",
    response={200: ImportResult, 202: JobAccepted},
    summary="Import from Excel/CSV 批量导入",
    description=BACKGROUND_NOTE,
)
def import_records(request: AuthedRequest, slug: str, file: File[UploadedFile]) -> Any:
    registry = get_registry(slug)
    queued = _in_background(request, file, registry.slug, inspections=False)
    if queued is not None:
        return queued
    return import_registry(request.user, registry, file, file.name or "upload.csv").as_dict()


@router.get("/registries/{slug}/{record_id}", response=RecordOut, summary="One record 台账记录详情")
def get_record(request: AuthedRequest, slug: str, record_id: int) -> dict[str, Any]:
    registry = get_registry(slug)
    return record_out(registry, selectors.get_record(request.user, registry, record_id))


@router.post("/registries/{slug}", response={201: RecordOut}, summary="Add a record 新增记录")
def create_record(request: AuthedRequest, slug: str, payload: Body[dict[str, Any]]) -> Status[Any]:
    registry = get_registry(slug)
    require_writer(request.user, registry.slug)
    record = services.save_record(
        request.user, registry, None, _checked(request, registry, payload)
    )
    return Status(201, record_out(registry, record))


@router.patch(
    "/registries/{slug}/{record_id}", response=RecordOut, summary="Change a record 修改记录"
)
def update_record(
    request: AuthedRequest, slug: str, record_id: int, payload: Body[dict[str, Any]]
) -> dict[str, Any]:
    registry = get_registry(slug)
    require_writer(request.user, registry.slug)
    record = selectors.get_record(request.user, registry, record_id)
    record = services.save_record(
        request.user, registry, record, _checked(request, registry, payload)
    )
    return record_out(registry, record)


@router.post(
    "/registries/{slug}/{record_id}/confirm",
    response=RecordOut,
    summary="Confirm an enterprise's report 确认企业报送的记录",
)
def confirm_record(request: AuthedRequest, slug: str, record_id: int) -> dict[str, Any]:
    registry = get_registry(slug)
    record = selectors.get_record(request.user, registry, record_id)
    return record_out(registry, services.confirm_record(request.user, registry, record))


def _checked(request: AuthedRequest, registry: Registry, payload: dict[str, Any]) -> dict[str, Any]:
    values = _values(registry, payload)
    visible = visible_enterprises(request.user)
    for _name, value in values.items():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if item.__class__.__name__ == "Enterprise" and not visible.filter(pk=item.pk).exists():
                raise PermissionDenied(
                    "不能引用无权查看的企业。", "You cannot refer to an enterprise you cannot see."
                )
    return values


@router.get("/targets", response=ProgrammeOut, summary="Targets with computed values 目标完成情况")
def targets(
    request: AuthedRequest, programme: str = "", as_of: date | None = None
) -> dict[str, Any]:
    if not _staff(request.user):
        raise PermissionDenied()
    current = selectors.current_programme(programme)
    as_of = as_of or timezone.localdate()
    progress = programme_progress(current, as_of=as_of, user=request.user)
    return {
        "slug": current.slug,
        "name_zh": current.name_zh,
        "name_en": current.name_en,
        "start_year": current.start_year,
        "end_year": current.end_year,
        "as_of": as_of,
        "targets": [{"id": p.target.pk, **p.as_dict(detail=True)} for p in progress],
    }


@router.get(
    "/targets/{target_id}/records",
    response=list[dict[str, Any]],
    summary="Records that count 计入目标的记录",
)
def target_records(
    request: AuthedRequest, target_id: int, year: int | None = None, district: str = ""
) -> list[dict[str, Any]]:
    if not _staff(request.user):
        raise PermissionDenied()
    target = Target.objects.select_related("programme").filter(pk=target_id).first()
    if target is None:
        raise DomainError("not_found", "目标不存在。", "No such target.")
    found = District.objects.filter(code=district).first() if district else None
    qs = counting_records(
        target, user=request.user, year=year, district_id=found.pk if found else None
    )
    metric = METRICS[target.metric]
    if metric.registry:
        registry = REGISTRIES[metric.registry]
        return [record_out(registry, r) for r in qs[:500]]
    return [
        {
            "enterprise": r.enterprise_id,
            "year": r.year,
            "standardised_production": r.standardised_production,
        }
        for r in qs[:500]
    ]


@router.get("/tasks", response=list[TaskOut], summary="Leadership group tasks 督办任务")
def tasks(request: AuthedRequest, late: bool = False) -> list[dict[str, Any]]:
    qs = selectors.late_tasks(request.user) if late else selectors.visible_tasks(request.user)
    return [
        {
            "id": t.pk,
            "title": t.title,
            "responsible": t.responsible,
            "deadline": t.deadline,
            "status": t.status,
            "late": t.is_late(),
        }
        for t in qs[:500]
    ]


class QuotaOut(Schema):
    target_id: int
    target: str
    district: str
    quota: float


class QuotasIn(Schema):
    """District code → quota; ``null`` removes the district's quota."""

    quotas: dict[str, float | None]


@router.get("/quotas", response=list[QuotaOut], summary="District quotas 目标分解")
def quotas(request: AuthedRequest, f: Query[ProgrammeQuery]) -> list[dict[str, Any]]:
    current = selectors.current_programme(f.programme)
    return [
        {
            "target_id": q.target_id,
            "target": q.target.key,
            "district": q.district.code,
            "quota": float(q.quota),
        }
        for q in selectors.visible_quotas(request.user, current)
    ]


@router.put("/quotas/{target_id}", response=dict[str, int], summary="Set quotas 分解目标")
def set_quotas(request: AuthedRequest, target_id: int, payload: QuotasIn) -> dict[str, int]:
    services.require_quota_setter(request.user)
    target = Target.objects.select_related("programme").filter(pk=target_id).first()
    if target is None:
        raise NotFound("目标", "target")
    districts = dict(
        District.objects.filter(region_id=target.programme.region_id).values_list("code", "pk")
    )
    values: dict[int, Decimal | None] = {}
    for code, value in payload.quotas.items():
        if code not in districts:
            raise DomainError(
                "quota_district",
                f"地区代码“{code}”不属于本规划的范围。",
                f"The district code {code!r} is outside the programme's region.",
                {"field": "quotas", "district": code},
            )
        values[districts[code]] = None if value is None else Decimal(str(value))
    return services.set_district_quotas(request.user, target, values)


def _staff(user: User) -> bool:
    return bool(
        getattr(user, "is_superuser", False)
        or getattr(user, "role", "")
        in {"bureau_admin", "bureau_staff", "department_member", "district_officer"}
    )


# --- lifecycles, the path upward --------------------------------------------------------------


class AdvanceIn(Schema):
    to: str = Field(max_length=20)
    on: date
    note: str = Field("", max_length=300)


@router.post(
    "/registries/{slug}/{record_id}/advance",
    response=RecordOut,
    summary="Next state of a site or committee 状态变更(示范区、技术组织筹建)",
)
def advance_record(
    request: AuthedRequest, slug: str, record_id: int, payload: AdvanceIn
) -> dict[str, Any]:
    registry = get_registry(slug)
    services.require_lifecycle_writer(request.user, registry.slug)
    record = selectors.get_record(request.user, registry, record_id)
    record = lifecycle.advance(
        request.user, record, to=payload.to, on=payload.on, note=payload.note
    )
    return record_out(registry, record)


class PathStep(Schema):
    id: int
    designation: str
    title: str
    level: str
    published_on: date


@router.get(
    "/registries/drafted/{record_id}/path",
    response=list[PathStep],
    summary="A standard's path upward 标准上升路径",
)
def drafted_path(request: AuthedRequest, record_id: int) -> list[dict[str, Any]]:
    record = selectors.get_record(request.user, REGISTRIES["drafted"], record_id)
    assert isinstance(record, DraftedStandard)
    visible = selectors.visible_records(request.user, REGISTRIES["drafted"])
    ids = set(
        visible.values_list("pk", flat=True).filter(pk__in=[s.pk for s in record.path_upward()])
    )
    return [
        {
            "id": s.pk,
            "designation": s.designation,
            "title": s.title,
            "level": s.level,
            "published_on": s.published_on,
        }
        for s in record.path_upward()
        if s.pk in ids
    ]


class FocusOut(Schema):
    key: str
    label: str
    enterprise: int
    raised: int
    higher: int


@router.get(
    "/focus-products",
    response=list[FocusOut],
    summary="Focus products' enterprise standards and their rise 重点产品企业标准",
)
def focus_products(request: AuthedRequest) -> list[dict[str, Any]]:
    return selectors.focus_product_summary(request.user)


# the leading groups' and the trainings' endpoints live in api_groups (same /api/programme/)
router.add_router("", groups_router)
