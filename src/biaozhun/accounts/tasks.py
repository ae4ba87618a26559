"""Background tasks of the accounts app (Django's tasks API)."""

from __future__ import annotations

from django.tasks import task

from .jobs import run_job


@task()
def run_import_job(job_id: int) -> str:
    """Run one queued upload job (see ``biaozhun.accounts.jobs``)."""
    job = run_job(job_id)
    return job.status if job is not None else "skipped"
