"""Helpers of the background-import tests (issue 15 §5): an upload above
``IMPORT_BACKGROUND_BYTES`` is queued as an ``ImportJob``; ``run_worker`` runs the queue as the
production worker does (``biaozhun worker --batch``, the database task backend), so the tests that call it use
``pytest.mark.django_db(transaction=True)`` (the worker closes its connection when done)."""

from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from biaozhun.accounts.models import ImportJob

RUN_IMPORT_JOB = "biaozhun.accounts.tasks.run_import_job"


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/octet-stream")


def _queued(job: ImportJob) -> None:
    assert job.status == "queued" and job.data  # the file waits for the worker
    tasks = DBTaskResult.objects.filter(task_path=RUN_IMPORT_JOB, status="READY")
    assert [task.args_kwargs["args"] for task in tasks] == [[job.pk]]  # queued once


def post_page(client: Any, url: str, fields: dict[str, Any]) -> ImportJob:
    """Post an import page; assert it redirects to the job page; return the queued job."""
    answer = client.post(url, fields)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    match = re.fullmatch(r"/accounts/jobs/(\d+)/", answer.url)
    assert match, answer.url
    job = ImportJob.objects.get(pk=int(match.group(1)))
    _queued(job)
    page = client.get(answer.url).content.decode()
    assert 'data-status="queued"' in page and "排队中" in page
    return job


def post_api(client: Any, url: str, fields: dict[str, Any]) -> ImportJob:
    """Post an import endpoint; assert the 202 answer naming the job; return the job."""
    answer = client.post(url, fields)
    assert answer.status_code == 202, answer.content.decode()[:2000]
    body = answer.json()
    assert body["status"] == "queued" and "后台" in body["message_zh"]
    assert body["url"] == f"/accounts/jobs/{body['job_id']}/"
    status = client.get(body["status_url"])
    assert status.status_code == 200 and status.json()["status"] == "queued"
    job = ImportJob.objects.get(pk=body["job_id"])
    _queued(job)
    return job


def run_worker() -> None:
    call_command("worker", "--batch")


def finished(job: ImportJob) -> ImportJob:
    job.refresh_from_db()
    assert job.status in {"done", "failed"}, job.status
    assert not job.data  # the file is not kept once processed
    return job


def job_page(client: Any, job: ImportJob, *, english: bool = False) -> str:
    if english:
        client.cookies["django_language"] = "en"
        answer = client.get(f"/accounts/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        del client.cookies["django_language"]
    else:
        answer = client.get(f"/accounts/jobs/{job.pk}/")
    assert answer.status_code == 200
    return answer.content.decode()


def assert_private(client: Any, job: ImportJob, other: Any) -> None:
    """Another user gets 404 for the job, on the page and through the API."""
    client.force_login(other)
    assert client.get(f"/accounts/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/api/accounts/jobs/{job.pk}").status_code == 404
    assert str(job.filename) not in client.get("/accounts/jobs/").content.decode()
