"""A big catalogue file imported by the task worker (see ``biaozhun.accounts.jobs``)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.urls import reverse

from .importers import import_file


def import_upload(job: Any, data: bytes) -> dict[str, Any]:
    suffix = Path(job.filename).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        result = import_file(
            job.options["format"],
            path,
            actor=job.owner,
            filename=job.filename,
            options=job.options.get("options") or {},
        )
    report = result.report
    skipped = " (already imported)" if result.skipped else ""
    return {
        "summary_zh": f"导入完成:{report.imported} 条成功,{len(report.errors)} 条退回"
        + (",该文件此前已导入" if result.skipped else "")
        + "。",
        "summary_en": f"Imported: {report.imported} rows, {len(report.errors)} refused{skipped}.",
        "url": reverse("catalogue:changes"),
        "report": report.as_dict(),
    }
