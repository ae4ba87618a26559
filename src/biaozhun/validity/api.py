"""标准查新 and watch-list endpoints: the same services and selectors as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from biaozhun.common.errors import DomainError
from biaozhun.common.filters import WindowFilter
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi

from . import selectors, services
from .filters import WatchAlertWindow
from .forms import MAX_UPLOAD
from .models import ValidityCheck
from .reading import lines_from_text, lines_from_upload
from .register.api import router as register_router

router = Router(tags=["validity 标准查新"])
router.add_router("/register", register_router)


class CheckSummary(Schema):
    id: int
    source_name: str
    source_kind: str
    catalogue_date: date | None
    line_count: int
    counts: dict[str, int]
    created_at: datetime
    enterprise_id: int | None
    duration_ms: float


class CheckOut(CheckSummary):
    results: list[dict[str, Any]]


class CheckListOut(Schema):
    items: list[CheckSummary]
    count: int


class WatchIn(Schema):
    designation: str
    note: str = ""
    enterprise_id: int | None = None


class WatchOut(Schema):
    id: int
    enterprise_id: int
    designation: str
    entered: str
    note: str
    standard: str | None
    status: str | None
    replaced_by: str | None
    added_at: datetime

    @staticmethod
    def resolve_standard(obj: Any) -> str | None:
        return obj.standard.canonical if obj.standard_id else None

    @staticmethod
    def resolve_status(obj: Any) -> str | None:
        return obj.standard.status if obj.standard_id else None

    @staticmethod
    def resolve_replaced_by(obj: Any) -> str | None:
        if obj.standard_id and obj.standard.replaced_by_id:
            return str(obj.standard.replaced_by.canonical)
        return None


class FromCheckIn(Schema):
    outcomes: list[str] = list(services.WATCH_OUTCOMES)


class FromCheckOut(Schema):
    added: int
    skipped: int


class AlertOut(Schema):
    id: int
    enterprise_id: int
    standard: str
    change_kind: str
    message_zh: str
    message_en: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_standard(obj: Any) -> str:
        return str(obj.standard.canonical)

    @staticmethod
    def resolve_change_kind(obj: Any) -> str:
        return str(obj.change.kind)


class AlertListOut(Schema):
    items: list[AlertOut]
    count: int
    unread: int


@router.post(
    "/checks",
    response={201: CheckOut},
    summary="Run a validity check 标准查新 (file or text)",
    description="Multipart form: `file` (.xlsx, .csv, .tsv, .txt) or `text` (one designation "
    "a line). Returns every line's outcome: current, upcoming, replaced (with the chain), "
    "withdrawn, not_found (with suggestions), ambiguous (with candidates) or invalid.",
)
def create_check(
    request: AuthedRequest,
    file: File[UploadedFile | None] = None,
    text: Form[str] = "",
) -> Status[Any]:
    if file is not None:
        if (file.size or 0) > MAX_UPLOAD:
            raise DomainError(
                "file_too_large", "文件不能超过 10 MB。", "The file must not exceed 10 MB."
            )
        lines = lines_from_upload(file.read(), file.name or "upload.txt")
        name, kind = file.name or "upload", "api"
    elif text.strip():
        lines = lines_from_text(text)
        name, kind = bi("接口文本", "API text"), "api"
    else:
        raise DomainError(
            "no_input",
            "请提供文件(file)或文本(text)。",
            "Give a file (file) or text (text).",
        )
    return Status(201, services.run_check(request.user, lines, source_name=name, source_kind=kind))


@router.get("/checks", response=CheckListOut, summary="Checks visible to you 查新记录")
def list_checks(request: AuthedRequest, window: Query[WindowFilter]) -> dict[str, Any]:
    qs = selectors.check_list(request.user)
    end = window.offset + window.limit
    return {"items": list(qs[window.offset : end]), "count": qs.count()}


@router.get("/checks/{check_id}", response=CheckOut, summary="One check with its results")
def get_check(request: AuthedRequest, check_id: int) -> ValidityCheck:
    return selectors.get_check(request.user, check_id)


@router.post(
    "/checks/{check_id}/watch",
    response=FromCheckOut,
    summary="Add a check's lines to the watch list 一键加入关注",
)
def watch_check(request: AuthedRequest, check_id: int, payload: FromCheckIn) -> dict[str, int]:
    check = selectors.get_check(request.user, check_id)
    added, skipped = services.watch_from_check(request.user, check, payload.outcomes)
    return {"added": added, "skipped": skipped}


def _enterprise_id(request: AuthedRequest, given: int | None) -> int:
    enterprise_id = request.user.enterprise_id
    if given is None:
        if not enterprise_id:
            raise DomainError(
                "enterprise_required",
                "请指定企业(enterprise_id)。",
                "Give the enterprise (enterprise_id).",
                {"field": "enterprise_id"},
            )
        return enterprise_id
    return given


@router.get("/watch", response=list[WatchOut], summary="Watched standards 关注标准")
def list_watched(request: AuthedRequest, enterprise_id: int | None = None) -> Any:
    return list(selectors.watched_standards(request.user, enterprise_id)[:5000])


@router.post("/watch", response={201: WatchOut}, summary="Watch a standard 添加关注")
def add_watched(request: AuthedRequest, payload: WatchIn) -> Status[Any]:
    enterprise = selectors.get_watch_enterprise(
        request.user, _enterprise_id(request, payload.enterprise_id)
    )
    item = services.add_watched(request.user, enterprise, payload.designation, payload.note)
    return Status(201, selectors.get_watched(request.user, item.pk))


@router.delete("/watch/{item_id}", response={204: None}, summary="Stop watching 取消关注")
def remove_watched(request: AuthedRequest, item_id: int) -> Status[Any]:
    services.remove_watched(request.user, selectors.get_watched(request.user, item_id))
    return Status(204, None)


@router.get("/alerts", response=AlertListOut, summary="Watch alerts 关注提醒")
def list_alerts(request: AuthedRequest, filters: Query[WatchAlertWindow]) -> dict[str, Any]:
    qs = selectors.visible_alerts(request.user, unread=filters.unread)
    return {
        "items": list(qs[filters.offset : filters.offset + filters.limit]),
        "count": qs.count(),
        "unread": selectors.unread_alert_count(request.user),
    }


@router.post("/alerts/{alert_id}/read", response=AlertOut, summary="Mark an alert read 标为已读")
def read_alert(request: AuthedRequest, alert_id: int) -> Any:
    return services.mark_alert_read(request.user, selectors.get_alert(request.user, alert_id))
