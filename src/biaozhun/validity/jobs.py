"""The 查新 of a big uploaded list, run by the task worker (see ``biaozhun.accounts.jobs``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from . import services
from .reading import lines_from_upload


def check_upload(job: Any, data: bytes) -> dict[str, Any]:
    lines = lines_from_upload(data, job.filename or "upload.txt")
    check = services.run_check(
        job.owner, lines, source_name=job.filename or "upload", source_kind="file"
    )
    return {
        "summary_zh": f"已查新 {len(lines)} 行。",
        "summary_en": f"{len(lines)} lines checked.",
        "url": reverse("validity:report", args=[check.pk]),
        "check_id": check.pk,
    }
