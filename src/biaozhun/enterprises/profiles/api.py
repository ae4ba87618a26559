"""Export profile endpoints, mounted at their historical prefix ``/api/alerts/profiles``
(see ``biaozhun.api``): the same selectors and services as the pages, the same scoping
(another enterprise's profile is a 404)."""

from __future__ import annotations

from typing import Any

from ninja import File, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from biaozhun.accounts.jobs import (
    queue_big_upload,
    require_role,
)
from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.common.http import AuthedRequest
from biaozhun.common.schemas import ImportResult, JobAccepted
from biaozhun.enterprises.models import Enterprise

from . import jobs, selectors, services
from .importers import import_profiles
from .models import ExportProfile
from .schemas import DescribedProductIn, HsSuggestionOut, ProductOut, ProfileIn, ProfileOut
from .suggest import SuggestionQuery, suggest_hs

router = Router(tags=["profiles 出口档案"])


def _profile_dict(enterprise: Enterprise, profile: ExportProfile | None) -> dict[str, Any]:
    if profile is None:
        return {
            "enterprise_id": enterprise.pk,
            "enterprise_name": enterprise.name_zh,
            "all_markets": False,
            "products": [],
            "markets": [],
            "alert_user_ids": [],
            "alert_contact_ids": [],
            "updated_at": None,
        }
    return {
        "enterprise_id": enterprise.pk,
        "enterprise_name": enterprise.name_zh,
        "all_markets": profile.all_markets,
        "products": list(profile.products.all()),
        "markets": list(profile.markets.all()),
        "alert_user_ids": [u.pk for u in profile.alert_users.all()],
        "alert_contact_ids": [c.pk for c in profile.alert_contacts.all()],
        "updated_at": profile.updated_at,
    }


@router.post(
    "/import",
    response={200: ImportResult, 202: JobAccepted},
    summary="Import profiles from Excel/CSV 导入档案",
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
    return import_profiles(request.user, file, filename).as_dict()


#: who may ask for suggestions (those who edit profiles)
SUGGEST_ROLES = frozenset(
    {"enterprise_user", "bureau_admin", "bureau_staff", "department_member", "district_officer"}
)


@router.get(
    "/hs-suggestions",
    response=list[HsSuggestionOut],
    summary="HS headings for a product description 产品 HS 编码建议",
)
def hs_suggestions(request: AuthedRequest, f: Query[SuggestionQuery]) -> list[dict[str, Any]]:
    """HS 2022 headings proposed for ``text`` (a product name in Chinese, English, French
    ...; at most 200 characters), best first, each with the classifier's confidence, the
    Chinese and English heading names and the reasons. Proposals only: store the codes the
    enterprise confirms with ``PUT /{enterprise_id}``."""
    if getattr(request.user, "role", "") not in SUGGEST_ROLES:
        raise PermissionDenied(
            "只有企业用户和工作人员可以获取编码建议。",
            "Only enterprise users and staff may ask for code suggestions.",
        )
    text = f.description
    if not text:
        raise DomainError(
            "text_required",
            "请提供产品描述(参数 text)。",
            "Give the product description (parameter text).",
            {"field": "text"},
        )
    return [s.as_dict() for s in suggest_hs(text)]


@router.get("/{enterprise_id}", response=ProfileOut, summary="Export profile 出口档案")
def get_profile(request: AuthedRequest, enterprise_id: int) -> dict[str, Any]:
    enterprise = selectors.get_profile_enterprise(request.user, enterprise_id)
    return _profile_dict(enterprise, selectors.profile_of(enterprise))


@router.put("/{enterprise_id}", response=ProfileOut, summary="Replace a profile 保存出口档案")
def put_profile(request: AuthedRequest, enterprise_id: int, payload: ProfileIn) -> dict[str, Any]:
    enterprise = selectors.get_profile_enterprise(request.user, enterprise_id)
    services.replace_profile(
        request.user,
        enterprise,
        products=[services.ProductData(**p.dict()) for p in payload.products],
        markets=[services.MarketData(m.code, m.share) for m in payload.markets],
        all_markets=payload.all_markets,
        alert_user_ids=payload.alert_user_ids,
        alert_contact_ids=payload.alert_contact_ids,
    )
    return _profile_dict(enterprise, selectors.profile_of(enterprise))


@router.post(
    "/{enterprise_id}/products",
    response={201: list[ProductOut]},
    summary="Add a product with its confirmed HS codes 添加产品(确认的编码)",
)
def add_described_product(
    request: AuthedRequest, enterprise_id: int, payload: DescribedProductIn
) -> Status[Any]:
    """Store a product's description and only the HS codes the enterprise confirmed (one line
    per code, with the description's vector for text matching); a code already in the profile
    is a 400 ``duplicate_product`` and nothing is stored."""
    enterprise = selectors.get_profile_enterprise(request.user, enterprise_id)
    lines = services.add_described_product(
        request.user,
        enterprise,
        payload.description_zh,
        payload.hs_codes,
        ics_code=payload.ics_code,
        keywords=payload.keywords,
    )
    return Status(201, lines)
