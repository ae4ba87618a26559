"""Endpoints of the city's register (mounted under ``/api/validity/register``): the same
services and selectors as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Query, Router, Schema, Status

from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.common.http import AuthedRequest

from .. import selectors as validity_selectors
from . import selectors, services

router = Router(tags=["validity 执行标准登记"])


class DeclarationOut(Schema):
    id: int
    enterprise_id: int
    product_id: int | None
    product_name: str
    entered: str
    designation: str
    key: str
    level: str
    note: str
    standard_id: int | None
    standard_status: str | None
    declared_at: datetime
    confirmed_at: datetime | None
    adoption_id: int | None
    drafted_id: int | None

    @staticmethod
    def resolve_standard_status(obj: Any) -> str | None:
        return str(obj.standard.status) if obj.standard_id else None


class DeclarationListOut(Schema):
    items: list[DeclarationOut]
    count: int


class DeclareIn(Schema):
    designation: str
    product_id: int | None = None
    product_name: str = ""
    note: str = ""
    enterprise_id: int | None = None


class BulkIn(Schema):
    designations: str = Field(description="one designation a line, at most 500 lines")
    product_id: int | None = None
    product_name: str = ""
    enterprise_id: int | None = None


class BulkOut(Schema):
    created: list[DeclarationOut]
    skipped: list[str]


class ConfirmIn(Schema):
    as_: str = Field(alias="as", description="adoption (采标) or drafted (主导或参与制定)")
    on: date = Field(description="the adoption date, or the publication date")
    degree: str = Field("", description="IDT, MOD or NEQ (an adoption)")
    rank: int | None = Field(None, description="rank among the drafters (a drafted standard)")
    title: str = Field("", description="the title, when the catalogue has none (drafted)")


class UnknownOut(Schema):
    designation: str
    level: str
    declarations: int
    enterprises: int


class UnknownListOut(Schema):
    items: list[UnknownOut]
    count: int


def _enterprise(request: AuthedRequest, given: int | None) -> Any:
    enterprise_id = given if given is not None else request.user.enterprise_id
    if enterprise_id is None:
        raise DomainError(
            "enterprise_required",
            "请指定企业(enterprise_id)。",
            "Give the enterprise (enterprise_id).",
            {"field": "enterprise_id"},
        )
    return validity_selectors.get_watch_enterprise(request.user, enterprise_id)


def _require_staff(request: AuthedRequest) -> None:
    user = request.user
    if not (getattr(user, "is_bureau", False) or getattr(user, "role", "") == "district_officer"):
        raise PermissionDenied(
            "只有市局或地区工作人员可以查看此列表。",
            "Only the bureau or a district office may see this list.",
        )


@router.get(
    "",
    response=DeclarationListOut,
    summary="Declared standards in your scope 执行标准登记",
    description="An enterprise user sees its own declarations, a district officer those of "
    "its district, the bureau all. `unknown`: only (or no) designations the catalogue does "
    "not know; `confirmed`: only (or no) declarations the bureau confirmed.",
)
def list_declarations(
    request: AuthedRequest, f: Query[selectors.DeclarationWindow]
) -> dict[str, Any]:
    qs = selectors.declarations(request.user, f)
    return {"items": list(qs[f.offset : f.offset + f.limit]), "count": qs.count()}


@router.post("", response={201: DeclarationOut}, summary="Declare a standard applied 登记执行标准")
def declare(request: AuthedRequest, payload: DeclareIn) -> Status[Any]:
    enterprise = _enterprise(request, payload.enterprise_id)
    item = services.declare_standard(
        request.user,
        enterprise,
        designation=payload.designation,
        product_id=payload.product_id,
        product_name=payload.product_name,
        note=payload.note,
    )
    return Status(201, selectors.get_declaration(request.user, item.pk))


@router.post(
    "/bulk",
    response={201: BulkOut},
    summary="Declare a list for one product 批量登记",
    description="All or nothing: one unreadable line refuses the list, each bad line in "
    "`details.lines`. Designations already declared for the product are skipped.",
)
def declare_bulk(request: AuthedRequest, payload: BulkIn) -> Status[Any]:
    enterprise = _enterprise(request, payload.enterprise_id)
    result = services.declare_many(
        request.user,
        enterprise,
        text=payload.designations,
        product_id=payload.product_id,
        product_name=payload.product_name,
    )
    return Status(201, {"created": result.created, "skipped": result.skipped})


@router.get(
    "/unknown",
    response=UnknownListOut,
    summary="Declared designations not in the catalogue 目录未收录",
)
def list_unknown(request: AuthedRequest, f: Query[selectors.UnknownWindow]) -> dict[str, Any]:
    _require_staff(request)
    qs = selectors.unknown_designations(request.user, f)
    return {"items": list(qs[f.offset : f.offset + f.limit]), "count": qs.count()}


@router.get("/{declaration_id}", response=DeclarationOut, summary="One declaration")
def get_declaration(request: AuthedRequest, declaration_id: int) -> Any:
    return selectors.get_declaration(request.user, declaration_id)


@router.delete("/{declaration_id}", response={204: None}, summary="Remove a declaration 删除")
def remove(request: AuthedRequest, declaration_id: int) -> Status[Any]:
    services.remove_declaration(
        request.user, selectors.get_declaration(request.user, declaration_id)
    )
    return Status(204, None)


@router.post(
    "/{declaration_id}/confirm",
    response=DeclarationOut,
    summary="Confirm for the programme 确认计入规划目标",
    description="Bureau or the enterprise's district office: creates (or links) the "
    "programme's Adoption or DraftedStandard record.",
)
def confirm(request: AuthedRequest, declaration_id: int, payload: ConfirmIn) -> Any:
    item = selectors.get_declaration(request.user, declaration_id)
    services.confirm_declaration(
        request.user,
        item,
        as_=payload.as_,
        on=payload.on,
        degree=payload.degree,
        rank=payload.rank,
        title=payload.title,
    )
    return selectors.get_declaration(request.user, declaration_id)
