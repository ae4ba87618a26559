"""Alert and export-profile endpoints: the same selectors and services as the pages, the same
scoping (another enterprise's alert or profile is a 404)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile

from biaozhun.common.http import AuthedRequest
from biaozhun.enterprises.schemas import ImportResult

from . import actions, selectors, services
from .importers import import_profiles
from .models import Alert, ExportProfile
from .schemas import (
    AlertDetail,
    AlertList,
    AlertOut,
    DeskList,
    FeedbackIn,
    ProfileIn,
    ProfileOut,
)

router = Router(tags=["alerts 预警"])


class AlertFilter(Schema):
    risk: str = ""
    unread: bool | None = None
    acknowledged: bool | None = None
    deadline_within: int | None = None
    feedback: str = ""
    notification: int | None = None
    q: str = ""
    withdrawn: bool | None = None
    withdrawn_reason: str = ""
    limit: int = 50
    offset: int = 0


def _alert_dict(alert: Alert, *, detail: bool = False) -> dict[str, Any]:
    n = alert.notification
    out: dict[str, Any] = {
        "id": alert.pk,
        "enterprise_id": alert.enterprise_id,
        "notification": {
            "id": n.pk,
            "symbol": n.symbol,
            "member_code": n.member_code,
            "title": n.title,
            "title_zh": n.title_zh,
            "distributed_on": n.distributed_on,
            "comment_deadline": n.comment_deadline,
            "entry_into_force": n.entry_into_force,
        },
        "score": alert.score,
        "risk": alert.risk,
        "reasons": alert.reasons,
        "comment_deadline": alert.comment_deadline,
        "entry_into_force": alert.entry_into_force,
        "internal_deadline": alert.internal_deadline,
        "revision": alert.revision,
        "read_at": alert.read_at,
        "acknowledged_at": alert.acknowledged_at,
        "feedback": alert.feedback,
        "feedback_note": alert.feedback_note,
        "withdrawn_at": alert.withdrawn_at,
        "withdrawn_reason": alert.withdrawn_reason,
        "created_at": alert.created_at,
        "updated_at": alert.updated_at,
    }
    if detail:
        out["revisions"] = [
            {
                "number": r.number,
                "source_symbol": r.source_symbol,
                "changes": r.changes,
                "risk": r.risk,
                "score": r.score,
                "created_at": r.created_at,
            }
            for r in alert.revisions.all()
        ]
    return out


@router.get("", response=AlertList, summary="Alerts in scope 预警列表")
def list_alerts(request: HttpRequest, filters: Query[AlertFilter]) -> dict[str, Any]:
    qs = selectors.search_alerts(
        request.user,
        risk=filters.risk,
        unread=filters.unread,
        acknowledged=filters.acknowledged,
        deadline_within=filters.deadline_within,
        feedback=filters.feedback,
        notification_id=filters.notification,
        q=filters.q,
        withdrawn=filters.withdrawn,
        reason=filters.withdrawn_reason,
    )
    limit = max(1, min(filters.limit, 200))
    offset = max(0, filters.offset)
    return {
        "items": [_alert_dict(a) for a in qs[offset : offset + limit]],
        "count": qs.count(),
    }


@router.get("/desk", response=DeskList, summary="Per notification: enterprises hit 预警总览")
def desk(
    request: HttpRequest,
    member: str = "",
    red_unread: bool = False,
    hit: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    selectors.require_desk_reader(request.user)
    qs = selectors.desk_rows(request.user, member=member, red_unread=red_unread, hit_only=hit)
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
    items = [
        {
            "notification": n,
            "enterprises": n.n_enterprises,
            "red": n.n_red,
            "red_unread": n.n_red_unread,
            "relevant": n.n_relevant,
            "not_relevant": n.n_not_relevant,
        }
        for n in qs[offset : offset + limit]
    ]
    return {"items": items, "count": qs.count()}


@router.get("/{alert_id}", response=AlertDetail, summary="One alert 预警详情")
def get_alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    return _alert_dict(selectors.get_alert(request.user, alert_id), detail=True)


@router.post("/{alert_id}/read", response=AlertOut, summary="Mark read 标记已读")
def read_alert(request: AuthedRequest, alert_id: int) -> dict[str, Any]:
    alert = selectors.get_alert(request.user, alert_id)
    actions.require_own(request.user, alert)
    return _alert_dict(actions.mark_read(request.user, alert))


@router.post("/{alert_id}/ack", response=AlertOut, summary="Acknowledge 确认收到")
def ack_alert(request: AuthedRequest, alert_id: int) -> dict[str, Any]:
    alert = selectors.get_alert(request.user, alert_id)
    return _alert_dict(actions.acknowledge_alert(request.user, alert))


@router.post("/{alert_id}/feedback", response=AlertOut, summary="Feedback 相关性反馈")
def feedback_alert(request: AuthedRequest, alert_id: int, payload: FeedbackIn) -> dict[str, Any]:
    alert = selectors.get_alert(request.user, alert_id)
    return _alert_dict(actions.give_feedback(request.user, alert, payload.feedback, payload.note))


# ------------------------------------------------------------------------- profiles


def _profile_dict(enterprise: Any, profile: ExportProfile | None) -> dict[str, Any]:
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
    "/profiles/import", response=ImportResult, summary="Import profiles from Excel/CSV 导入档案"
)
def import_file(request: HttpRequest, file: File[UploadedFile]) -> dict[str, object]:
    return import_profiles(request.user, file, file.name or "upload.csv").as_dict()


@router.get("/profiles/{enterprise_id}", response=ProfileOut, summary="Export profile 出口档案")
def get_profile(request: HttpRequest, enterprise_id: int) -> dict[str, Any]:
    enterprise = selectors.get_profile_enterprise(request.user, enterprise_id)
    return _profile_dict(enterprise, selectors.profile_of(enterprise))


@router.put(
    "/profiles/{enterprise_id}", response=ProfileOut, summary="Replace a profile 保存出口档案"
)
def put_profile(request: HttpRequest, enterprise_id: int, payload: ProfileIn) -> dict[str, Any]:
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
