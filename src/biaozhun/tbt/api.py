"""WTO notification endpoints: the same selectors and services as the pages. Every signed-in
user may read; bureau staff create, import and correct."""

from __future__ import annotations

from ninja import File, Query, Router
from ninja.files import UploadedFile

from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.common.http import AuthedRequest
from biaozhun.common.schemas import ImportResult

from . import selectors, services
from .dates import read_date
from .importers import guess_format, import_file
from .models import Notification
from .schemas import (
    CorrectionIn,
    NotificationCreate,
    NotificationList,
    NotificationOut,
)

router = Router(tags=["tbt WTO 通报"])


@router.get("/notifications", response=NotificationList, summary="List notifications 通报列表")
def list_notifications(
    request: AuthedRequest, filters: Query[selectors.NotificationWindow]
) -> dict[str, object]:
    qs = selectors.search_notifications(request.user, filters)
    end = filters.offset + filters.limit
    return {"items": list(qs[filters.offset : end]), "count": qs.count()}


@router.get("/notifications/by-symbol", response=NotificationOut, summary="By symbol 按通报号")
def notification_by_symbol(request: AuthedRequest, symbol: str) -> object:
    return selectors.get_by_symbol(request.user, symbol)


@router.get(
    "/notifications/{notification_id}",
    response=NotificationOut,
    summary="One notification 通报详情",
)
def get_notification(request: AuthedRequest, notification_id: int) -> object:
    return selectors.get_notification(request.user, notification_id)


@router.post(
    "/notifications",
    response={201: NotificationOut, 200: NotificationOut},
    summary="Create or update by symbol 录入通报",
)
def create_notification(request: AuthedRequest, payload: NotificationCreate) -> tuple[int, object]:
    readings = {
        name: read_date(getattr(payload, name), distributed_on=payload.distributed_on)
        for name in ("comment_deadline", "adoption_date", "entry_into_force")
    }
    data = services.NotificationData(
        symbol=payload.symbol,
        distributed_on=payload.distributed_on,
        title=payload.title,
        member_code=payload.member_code,
        comment_deadline=readings["comment_deadline"].value,
        comment_deadline_text=readings["comment_deadline"].text,
        adoption_date=readings["adoption_date"].value,
        adoption_date_text=readings["adoption_date"].text,
        entry_into_force=readings["entry_into_force"].value,
        entry_into_force_text=readings["entry_into_force"].text,
        dates_flagged=any(r.flagged for r in readings.values()),
        title_zh=payload.title_zh,
        description=payload.description,
        summary_zh=payload.summary_zh,
        objective=payload.objective,
        products_text=payload.products_text,
        hs_codes=payload.hs_codes,
        ics_codes=payload.ics_codes,
        keywords=payload.keywords,
        agency=payload.agency,
        links=payload.links,
        language=payload.language,
        status=payload.status,
    )
    canonical = services.parse_symbol(payload.symbol).canonical
    existing = Notification.objects.filter(symbol=canonical).first()
    data.is_example = existing.is_example if existing is not None else False
    for link in data.links:
        if not link.startswith(("http://", "https://")):
            raise DomainError(
                "bad_link",
                f"“{link}”不是 http(s) 链接。",
                f"{link!r} is not an http(s) link.",
                {"field": "links"},
            )
    result = services.record_notification(request.user, data)
    return (201 if result.created else 200), selectors.get_notification(
        request.user, result.notification.pk
    )


@router.post(
    "/notifications/{notification_id}/corrections",
    response=NotificationOut,
    summary="Correct the classification 更正分类",
)
def correct(request: AuthedRequest, notification_id: int, payload: CorrectionIn) -> object:
    n = selectors.get_notification(request.user, notification_id)
    services.correct_classification(request.user, n, payload.field, payload.codes, payload.note)
    return selectors.get_notification(request.user, notification_id)


@router.post("/import", response=ImportResult, summary="Import ePing .xlsx / JSON 导入通报")
def import_notifications(
    request: AuthedRequest, file: File[UploadedFile], format: str = ""
) -> dict[str, object]:
    if not getattr(request.user, "is_bureau", False):
        raise PermissionDenied(
            "只有市局工作人员可以导入通报。", "Only bureau staff can import notifications."
        )
    name = file.name or "upload.xlsx"
    return import_file(request.user, format or guess_format(name), file, name).as_dict()
