"""Account endpoints: the state of one's own background upload jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Router, Schema

from biaozhun.common.http import AuthedRequest

from . import jobs

router = Router(tags=["accounts 账户"])


class JobOut(Schema):
    """A background upload: ``status`` queued / running / done / failed, the rows read so far,
    then ``result`` (``summary_zh``/``summary_en``, ``url``, ``report`` with the refused rows)
    or ``error`` (``code``, ``message_zh``, ``message_en``)."""

    id: int
    kind: str
    filename: str
    status: str
    progress_done: int
    progress_total: int
    percent: int
    result: dict[str, Any]
    error: dict[str, Any]
    created_at: datetime
    finished_at: datetime | None


@router.get(
    "/jobs/{job_id}",
    response=JobOut,
    url_name="import_job_status",
    summary="One of my upload jobs 我的上传任务",
)
def import_job_status(request: AuthedRequest, job_id: int) -> Any:
    return jobs.job_for(request.user, job_id)
