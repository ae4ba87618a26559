"""Uploads processed in the background: one mechanism every importer can use.

A page calls ``submit_import_job(owner, kind, upload, filename, options)`` instead of importing
inside the request; the job (an ``ImportJob`` row holding the file) is run by the task worker
(``biaozhun.accounts.tasks.run_import_job``, Django's tasks API) and its page shows a progress
bar (the table reader reports rows read through ``biaozhun.common.importing.progress_hook``) and
then the result. Only the owner sees a job.

``HANDLERS`` names, for each kind, the function that does the work:
``handler(job, data: bytes) -> dict`` returning a JSON-able result; the keys the job page
renders are ``summary_zh``/``summary_en``, ``url`` (where the result lives, e.g. the 查新
report), ``report`` (an ``ImportReport.as_dict()``, its refused rows listed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from ninja import Status

from biaozhun.common.errors import DomainError, NotFound, PermissionDenied
from biaozhun.common.importing import ImportReport, progress_hook, upload_bytes

from .models import ImportJob, User
from .services import record_audit

log = logging.getLogger(__name__)

HANDLERS: dict[str, str] = {
    "validity.check": "biaozhun.validity.jobs.check_upload",
    "tbt.import": "biaozhun.tbt.jobs.import_upload",
    "catalogue.import": "biaozhun.catalogue.jobs.import_upload",
    "enterprises.import": "biaozhun.enterprises.jobs.import_upload",
    "programme.import": "biaozhun.programme.jobs.import_upload",
    "consult.regulations.import": "biaozhun.consult.jobs.import_regulations_upload",
    "profiles.import": "biaozhun.enterprises.profiles.jobs.import_upload",
    "incentives.awards.import": "biaozhun.incentives.jobs.import_awards_upload",
}


def runs_in_background(data_size: int) -> bool:
    """Whether an upload of ``data_size`` bytes is big enough to go to the worker."""
    return data_size > int(getattr(settings, "IMPORT_BACKGROUND_BYTES", 256 * 1024))


def submit_import_job(
    owner: User,
    kind: str,
    upload: IO[bytes] | bytes,
    filename: str,
    options: dict[str, Any] | None = None,
) -> ImportJob:
    """Keep the upload (size-checked) and queue its processing; returns the job to follow."""
    if kind not in HANDLERS:
        raise DomainError("bad_job_kind", f"未知的任务类型 {kind}。", f"Unknown job kind {kind}.")
    data = upload_bytes(upload)
    with transaction.atomic():
        job = ImportJob.objects.create(
            owner=owner,
            kind=kind,
            filename=str(filename)[:255],
            data=data,
            options=options or {},
        )
        record_audit(owner, "import_job.submit", job, {"kind": kind, "bytes": len(data)})
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def require_role(user: Any, roles: tuple[str, ...] | list[str]) -> None:
    """The role check of an import page, repeated when its job runs (and by an API endpoint
    before it queues a job): an active user with one of ``roles`` (superusers always)."""
    allowed = getattr(user, "is_superuser", False) or getattr(user, "role", None) in roles
    if not getattr(user, "is_active", False) or getattr(user, "is_pending", False) or not allowed:
        raise PermissionDenied(
            "您当前的账号角色无权执行此导入(角色可能已变更),未导入任何数据。",
            "Your account's current role may not run this import (it may have changed): "
            "nothing was imported.",
        )


def report_result(report: ImportReport, url: str) -> dict[str, Any]:
    """A handler's result for an import report: the summary, where to look, the refused rows."""
    refused = len(report.errors)
    return {
        "summary_zh": f"导入完成:共 {report.total} 行,新增 {report.created} 条,更新 "
        f"{report.updated} 条,未变 {report.unchanged} 条,退回 {refused} 行。",
        "summary_en": f"Imported: {report.total} rows, {report.created} created, "
        f"{report.updated} updated, {report.unchanged} unchanged, {refused} refused.",
        "url": url,
        "report": report.as_dict(),
    }


def accepted(job: ImportJob) -> dict[str, Any]:
    """An API endpoint's ``202`` answer for a queued job (``JobAccepted``)."""
    return {
        "job_id": job.pk,
        "status": job.status,
        "url": reverse("import_job", args=[job.pk]),
        "status_url": reverse("api:import_job_status", args=[job.pk]),
        "message_zh": "文件较大,已转入后台处理;请在任务页面查看进度和结果。",
        "message_en": "The file is large and is processed in the background: follow its "
        "progress and result on the job page.",
    }


def queue_big_upload(
    user: User,
    kind: str,
    upload: Any,
    filename: str,
    *,
    check: Callable[[User], None],
    options: dict[str, Any] | None = None,
) -> Status[Any] | None:
    """An import endpoint's answer for a big upload: ``check`` the user (the role check the
    job repeats), queue the job and answer ``202`` with it; ``None`` for a small upload, which
    the endpoint imports in the request."""
    if not runs_in_background(getattr(upload, "size", None) or 0):
        return None
    check(user)
    job = submit_import_job(user, kind, upload, filename, options)
    return Status(202, accepted(job))


def _enqueue(job_id: int) -> None:
    # cycle: accounts.tasks imports this module
    from .tasks import run_import_job

    run_import_job.enqueue(job_id)


def job_for(user: User, job_id: int) -> ImportJob:
    """A job of ``user``'s own (404 for anyone else's)."""
    job = (
        ImportJob.objects.filter(owner_id=getattr(user, "pk", None), pk=job_id)
        .defer("data")
        .first()
    )
    if job is None:
        raise NotFound("任务", "job")
    return job


def _progress(job_id: int) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)

    return report


def run_job(job_id: int) -> ImportJob | None:
    """Claim a queued job, run its handler, store the result or the error (never raise for a
    refusal: the owner reads it on the job page)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    handler = import_string(HANDLERS[job.kind])
    token = progress_hook.set(_progress(job.pk))
    try:
        result = handler(job, bytes(job.data))
    except DomainError as exc:
        _finish(job, ImportJob.Status.FAILED, error=exc.as_dict())
    except Exception:
        log.exception("import job %s (%s) failed", job.pk, job.kind)
        _finish(
            job,
            ImportJob.Status.FAILED,
            error={
                "code": "job_failed",
                "message_zh": "处理失败,已记录,请检查文件后重试或联系管理员。",
                "message_en": "Processing failed and has been logged: check the file and try "
                "again, or ask the administrator.",
                "details": {},
            },
        )
    else:
        _finish(job, ImportJob.Status.DONE, result=result)
    finally:
        progress_hook.reset(token)
    job.refresh_from_db()
    return job


def _finish(
    job: ImportJob,
    status: str,
    *,
    result: dict[str, Any] | None = None,
    error: dict[str, Any] | None = None,
) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        result=result or {},
        error=error or {},
        finished_at=timezone.now(),
        data=b"",  # the file is not kept once processed
    )
