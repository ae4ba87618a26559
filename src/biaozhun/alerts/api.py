"""Alert endpoints: the same selectors and services as the pages, the same scoping (another
enterprise's alert is a 404). Export profiles: ``biaozhun.enterprises.profiles.api``."""

from __future__ import annotations

from typing import Any

from ninja import Query, Router

from biaozhun.common.http import AuthedRequest

from . import actions, selectors
from .models import Alert
from .schemas import (
    AlertDetail,
    AlertList,
    AlertOut,
    DeskList,
    FeedbackIn,
)

router = Router(tags=["alerts 预警"])


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
def list_alerts(request: AuthedRequest, filters: Query[selectors.AlertWindow]) -> dict[str, Any]:
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
    end = filters.offset + filters.limit
    return {
        "items": [_alert_dict(a) for a in qs[filters.offset : end]],
        "count": qs.count(),
    }


@router.get("/desk", response=DeskList, summary="Per notification: enterprises hit 预警总览")
def desk(request: AuthedRequest, filters: Query[selectors.DeskWindow]) -> dict[str, Any]:
    selectors.require_desk_reader(request.user)
    qs = selectors.desk_rows(
        request.user,
        member=filters.member,
        industry=filters.industry,
        export_group=filters.export_group,
        hs=filters.hs,
        ics=filters.ics,
        since=filters.since,
        deadline_after=filters.deadline_after,
        red_unread=bool(filters.red_unread),
        hit_only=bool(filters.hit),
        q=filters.q,
    )
    limit, offset = filters.limit, filters.offset
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
def get_alert(request: AuthedRequest, alert_id: int) -> dict[str, Any]:
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
