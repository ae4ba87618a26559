"""Enterprise endpoints: the same selectors and services as the pages, the same scoping."""

from __future__ import annotations

from ninja import File, Query, Router
from ninja.files import UploadedFile

from biaozhun.accounts.jobs import (
    queue_big_upload,
    require_role,
)
from biaozhun.accounts.models import District
from biaozhun.common.errors import DomainError
from biaozhun.common.http import AuthedRequest
from biaozhun.common.schemas import ImportResult, JobAccepted

from . import jobs, selectors, services
from .importers import import_enterprises
from .schemas import EnterpriseCreate, EnterpriseList, EnterpriseOut, EnterpriseUpdate

router = Router(tags=["enterprises 企业"])


def _district(code: str | None, field: str) -> District | None:
    if not code:
        return None
    district = District.objects.filter(code=code).first()
    if district is None:
        raise DomainError(
            "unknown_district",
            f"地区代码 {code} 不存在。",
            f"Unknown district code {code}.",
            {"field": field},
        )
    return district


@router.get("", response=EnterpriseList, summary="List enterprises 企业列表")
def list_enterprises(
    request: AuthedRequest, filters: Query[selectors.EnterpriseWindow]
) -> dict[str, object]:
    qs = selectors.search_enterprises(
        request.user,
        q=filters.q,
        district=filters.district,
        industry=filters.industry,
        exporter=filters.exporter,
        status=filters.status,
    )
    end = filters.offset + filters.limit
    return {"items": list(qs[filters.offset : end]), "count": qs.count()}


@router.post(
    "/import",
    response={200: ImportResult, 202: JobAccepted},
    summary="Import enterprises from Excel/CSV 批量导入",
    description="A file over `IMPORT_BACKGROUND_BYTES` is queued for the task worker: the "
    "answer is 202 with the job to follow (`GET /api/accounts/jobs/{id}`).",
)
def import_file(request: AuthedRequest, file: File[UploadedFile]) -> object:
    filename = file.name or "upload.csv"
    queued = queue_big_upload(
        request.user, jobs.KIND, file, filename, check=lambda u: require_role(u, jobs.IMPORT_ROLES)
    )
    if queued is not None:
        return queued
    return import_enterprises(request.user, file, filename).as_dict()


@router.get("/{enterprise_id}", response=EnterpriseOut, summary="One enterprise 企业详情")
def get_enterprise(request: AuthedRequest, enterprise_id: int) -> object:
    return selectors.get_enterprise(request.user, enterprise_id)


@router.post("", response={201: EnterpriseOut}, summary="Register an enterprise 登记企业")
def create_enterprise(request: AuthedRequest, payload: EnterpriseCreate) -> tuple[int, object]:
    district = _district(payload.district, "district")
    if district is None:
        raise DomainError(
            "district_required",
            "请填写企业所在地区。",
            "The enterprise's district is required.",
            {"field": "district"},
        )
    enterprise = services.create_enterprise(
        request.user,
        services.EnterpriseData(
            name_zh=payload.name_zh,
            credit_code=payload.credit_code,
            district=district,
            name_en=payload.name_en,
            tax_district=_district(payload.tax_district, "tax_district"),
            address=payload.address,
            industries=tuple(payload.industries),
            is_exporter=payload.is_exporter,
        ),
    )
    return 201, selectors.get_enterprise(request.user, enterprise.pk)


@router.patch("/{enterprise_id}", response=EnterpriseOut, summary="Update an enterprise 修改企业")
def update_enterprise(
    request: AuthedRequest, enterprise_id: int, payload: EnterpriseUpdate
) -> object:
    enterprise = selectors.get_enterprise(request.user, enterprise_id)
    services.update_enterprise(request.user, enterprise, payload.dict(exclude_none=True))
    return selectors.get_enterprise(request.user, enterprise_id)
