"""Notification endpoints: the user's feed and receipts, preferences, robots and webhooks, the
delivery log of a message (scoped like the pages). Secrets are write-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Query, Router, Schema
from ninja.responses import Status

from biaozhun.common.errors import PermissionDenied
from biaozhun.common.filters import OptBool, WindowFilter
from biaozhun.common.http import AuthedRequest

from . import preferences, receipts, selectors
from .models import Delivery

router = Router(tags=["notify 通知"])


class InboxItem(Schema):
    id: int
    message_id: int
    kind: str
    urgency: str
    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    url: str
    created_at: dt.datetime
    opened_at: dt.datetime | None
    clicked_at: dt.datetime | None
    acknowledged_at: dt.datetime | None

    @staticmethod
    def resolve_kind(obj: Delivery) -> str:
        return obj.message.kind

    @staticmethod
    def resolve_urgency(obj: Delivery) -> str:
        return obj.message.urgency

    @staticmethod
    def resolve_title_zh(obj: Delivery) -> str:
        return obj.message.title_zh

    @staticmethod
    def resolve_title_en(obj: Delivery) -> str:
        return obj.message.title_en

    @staticmethod
    def resolve_body_zh(obj: Delivery) -> str:
        return obj.message.body_zh

    @staticmethod
    def resolve_body_en(obj: Delivery) -> str:
        return obj.message.body_en

    @staticmethod
    def resolve_url(obj: Delivery) -> str:
        return obj.message.url

    @staticmethod
    def resolve_created_at(obj: Delivery) -> dt.datetime:
        return obj.message.created_at


class InboxList(Schema):
    count: int
    unread: int
    items: list[InboxItem]


class InboxFilter(WindowFilter):
    """The inbox (API; the page reads ``unread`` and ``page`` the same way)."""

    unread: OptBool = None


class AttemptOut(Schema):
    number: int
    started_at: dt.datetime
    duration_ms: float
    ok: bool
    response: str


class DeliveryOut(Schema):
    id: int
    channel: str
    recipient: str
    status: str
    attempts: int
    sent_at: dt.datetime | None
    last_error: str
    log: list[AttemptOut]

    @staticmethod
    def resolve_log(obj: Delivery) -> list[Any]:
        return list(obj.log.all())


class MessageLog(Schema):
    id: int
    kind: str
    urgency: str
    title_zh: str
    title_en: str
    deliveries: list[DeliveryOut]


class Rule(Schema):
    kind: str = "*"
    urgency: str = "*"
    channels: list[str]


class PreferenceIn(Schema):
    mode: str = "instant"
    quiet_start: dt.time | None = None
    quiet_end: dt.time | None = None
    red_overrides_quiet: bool = True
    rules: list[Rule] = []


class PreferenceOut(PreferenceIn):
    pass


class EndpointIn(Schema):
    kind: str
    target: str
    secret: str = ""
    label: str = ""
    min_urgency: str = "info"
    for_enterprise: bool = False


class EndpointOut(Schema):
    id: int
    kind: str
    label: str
    target: str
    min_urgency: str
    enterprise_id: int | None
    has_secret: bool

    @staticmethod
    def resolve_has_secret(obj: Any) -> bool:
        return bool(obj.secret)


@router.get("/inbox", response=InboxList, summary="My notifications 我的通知")
def inbox(request: AuthedRequest, filters: Query[InboxFilter]) -> dict[str, Any]:
    qs = selectors.inbox(request.user, unread=bool(filters.unread))
    return {
        "count": qs.count(),
        "unread": selectors.unread_count(request.user),
        "items": list(qs[filters.offset : filters.offset + filters.limit]),
    }


@router.post("/inbox/{item_id}/open", response=InboxItem, summary="Mark read 标为已读")
def open_item(request: AuthedRequest, item_id: int) -> Any:
    receipts.mark_opened(request.user, item_id)
    return selectors.inbox_item(request.user, item_id)


@router.post("/inbox/{item_id}/ack", response=InboxItem, summary="Acknowledge 确认收到")
def ack_item(request: AuthedRequest, item_id: int) -> Any:
    receipts.acknowledge(request.user, item_id)
    return selectors.inbox_item(request.user, item_id)


@router.get("/messages/{message_id}/log", response=MessageLog, summary="Delivery log 投递记录")
def message_log(request: AuthedRequest, message_id: int) -> dict[str, Any]:
    message, deliveries = selectors.message_log(request.user, message_id)
    return {
        "id": message.pk,
        "kind": message.kind,
        "urgency": message.urgency,
        "title_zh": message.title_zh,
        "title_en": message.title_en,
        "deliveries": list(deliveries),
    }


@router.get("/preference", response=PreferenceOut, summary="My settings 通知设置")
def get_preference(request: AuthedRequest) -> Any:
    return selectors.preference(request.user)


@router.put("/preference", response=PreferenceOut, summary="Change my settings 修改通知设置")
def put_preference(request: AuthedRequest, payload: PreferenceIn) -> Any:
    return preferences.update_preference(
        request.user,
        rules=[rule.dict() for rule in payload.rules],
        quiet_start=payload.quiet_start,
        quiet_end=payload.quiet_end,
        red_overrides_quiet=payload.red_overrides_quiet,
        mode=payload.mode,
    )


@router.get("/endpoints", response=list[EndpointOut], summary="Robots and webhooks 推送渠道")
def list_endpoints(request: AuthedRequest) -> Any:
    return list(selectors.endpoints(request.user))


@router.post("/endpoints", response={201: EndpointOut}, summary="Add a channel 添加渠道")
def add_endpoint(request: AuthedRequest, payload: EndpointIn) -> Status[Any]:
    return Status(201, preferences.add_endpoint(request.user, **payload.dict()))


@router.delete("/endpoints/{endpoint_id}", response={204: None}, summary="Remove 停用渠道")
def remove_endpoint(request: AuthedRequest, endpoint_id: int) -> Status[None]:
    preferences.remove_endpoint(request.user, endpoint_id)
    return Status(204, None)


class DeskOut(Schema):
    id: int
    delivery_id: int
    message_id: int
    channel: str
    reason_zh: str
    reason_en: str
    created_at: dt.datetime

    @staticmethod
    def resolve_message_id(obj: Any) -> int:
        return int(obj.delivery.message_id)

    @staticmethod
    def resolve_channel(obj: Any) -> str:
        return str(obj.delivery.channel)


@router.get("/desk", response=list[DeskOut], summary="Dead letters 投递失败待办")
def desk(request: AuthedRequest) -> Any:
    if getattr(request.user, "role", "") not in {
        "bureau_admin",
        "bureau_staff",
        "district_officer",
    }:
        raise PermissionDenied()
    return list(selectors.desk_tasks(request.user)[:200])
