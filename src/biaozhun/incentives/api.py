"""Incentive endpoints: the same selectors and services as the pages, the same scoping (an
enterprise sees its own applications, a district officer its district's, 404 otherwise)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Query, Router, Schema, Status

from biaozhun.common.errors import PermissionDenied
from biaozhun.common.http import AuthedRequest
from biaozhun.enterprises.models import Enterprise

from . import applications, payments, review, selectors
from .filters import ApplicationWindow
from .models import Application

router = Router(tags=["incentives 激励"])


class Named(Schema):
    id: int
    name_zh: str


class StepOut(Schema):
    at: dt.datetime
    actor_label: str
    action: str
    from_state: str
    to_state: str
    note: str
    amount: int | None


class PaymentOut(Schema):
    paid_on: dt.date
    voucher_number: str
    amount: int


class ApplicationOut(Schema):
    id: int
    reference: str
    enterprise: Named
    district: str
    kind: str
    state: str
    year: int
    application_date: dt.date
    subject: str
    facts: dict[str, Any]
    eligible: bool
    computed_amount: int | None
    cap: int | None
    approved_amount: int | None
    payer_code: str
    policy_version: str | None
    missing: list[dict[str, Any]]
    decision: dict[str, Any]
    example: bool

    @staticmethod
    def resolve_district(obj: Application) -> str:
        return obj.district.code

    @staticmethod
    def resolve_policy_version(obj: Application) -> str | None:
        return f"{obj.policy.name} {obj.policy.version}" if obj.policy else None

    @staticmethod
    def resolve_missing(obj: Application) -> list[dict[str, Any]]:
        return obj.failed_checks


class ApplicationDetail(ApplicationOut):
    steps: list[StepOut]
    payments: list[PaymentOut]
    actions: list[str]

    @staticmethod
    def resolve_steps(obj: Application) -> list[Any]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_payments(obj: Application) -> list[Any]:
        return list(obj.payments.all())

    @staticmethod
    def resolve_actions(obj: Application, context: Any) -> list[str]:
        return review.allowed_actions(context["request"].user, obj)


class ApplicationList(Schema):
    items: list[ApplicationOut]
    count: int


class ApplicationCreate(Schema):
    kind: str
    facts: dict[str, Any]
    year: int | None = None


class ApplicationUpdate(Schema):
    facts: dict[str, Any]
    year: int | None = None


class TransitionIn(Schema):
    action: str
    note: str = ""
    amount: int | None = None


class PaymentIn(Schema):
    paid_on: dt.date
    voucher_number: str
    amount: int


class PolicyOut(Schema):
    id: int
    name: str
    version: str
    payer_code: str
    valid_from: dt.date
    valid_to: dt.date | None
    example: bool
    body: dict[str, Any]


@router.get("", response=ApplicationList, summary="List applications 激励申请列表")
def list_applications(request: AuthedRequest, filters: Query[ApplicationWindow]) -> dict[str, Any]:
    qs = selectors.search_applications(
        request.user, q=filters.q, state=filters.state, kind=filters.kind, year=filters.year
    )
    window = qs[filters.offset : filters.offset + filters.limit]
    return {"items": list(window), "count": qs.count()}


@router.get("/policies", response=list[PolicyOut], summary="Policy versions 政策版本")
def list_policies(request: AuthedRequest) -> list[Any]:
    return list(selectors.visible_policies(request.user))


@router.get("/{application_id}", response=ApplicationDetail, summary="One application 申请详情")
def get_application(request: AuthedRequest, application_id: int) -> Application:
    return selectors.get_application(request.user, application_id)


@router.post("", response={201: ApplicationDetail}, summary="Apply (draft) 提出申请(草稿)")
def create_application(request: AuthedRequest, payload: ApplicationCreate) -> Status[Any]:
    user = request.user
    if user.role != "enterprise_user" or not user.enterprise_id:
        raise PermissionDenied(
            "只有企业用户可以提出申请。", "Only an enterprise's users can apply."
        )
    enterprise = Enterprise.objects.select_related("district", "tax_district").get(
        pk=user.enterprise_id
    )
    application = applications.create_application(
        user, enterprise, payload.kind, payload.facts, year=payload.year
    )
    return Status(201, selectors.get_application(user, application.pk))


@router.patch("/{application_id}", response=ApplicationDetail, summary="Edit a draft 修改草稿")
def update_application(
    request: AuthedRequest, application_id: int, payload: ApplicationUpdate
) -> Application:
    application = selectors.get_application(request.user, application_id)
    applications.update_application(request.user, application, payload.facts, year=payload.year)
    return selectors.get_application(request.user, application_id)


@router.post("/{application_id}/submit", response=ApplicationDetail, summary="Submit 提交申请")
def submit_application(request: AuthedRequest, application_id: int) -> Application:
    application = selectors.get_application(request.user, application_id)
    review.transition(request.user, application, "submit")
    return selectors.get_application(request.user, application_id)


@router.post(
    "/{application_id}/transition",
    response=ApplicationDetail,
    summary="Review step 审核操作 (accept, forward, approve, reject, return, withdraw)",
)
def transition_application(
    request: AuthedRequest, application_id: int, payload: TransitionIn
) -> Application:
    application = selectors.get_application(request.user, application_id)
    review.transition(
        request.user, application, payload.action, note=payload.note, amount=payload.amount
    )
    return selectors.get_application(request.user, application_id)


@router.post(
    "/{application_id}/payments",
    response={201: ApplicationDetail},
    summary="Record a payment 登记支付",
)
def record_payment(request: AuthedRequest, application_id: int, payload: PaymentIn) -> Status[Any]:
    application = selectors.get_application(request.user, application_id)
    payments.record_payment(
        request.user,
        application,
        paid_on=payload.paid_on,
        voucher_number=payload.voucher_number,
        amount=payload.amount,
    )
    return Status(201, selectors.get_application(request.user, application_id))
