"""A big notification file imported by the task worker (see ``biaozhun.accounts.jobs``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .importers import import_file


def import_upload(job: Any, data: bytes) -> dict[str, Any]:
    report = import_file(job.owner, job.options["format"], data, job.filename)
    return {
        "summary_zh": f"导入完成:{report.imported} 条成功,{len(report.errors)} 条退回。",
        "summary_en": f"Imported: {report.imported} rows, {len(report.errors)} refused.",
        "url": reverse("tbt:list"),
        "report": report.as_dict(),
    }
