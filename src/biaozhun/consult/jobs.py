"""A big technical-regulations file imported by the task worker (see
``biaozhun.accounts.jobs``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from biaozhun.accounts.jobs import report_result, require_role

from .importers import import_regulations
from .station import DESK_ROLES

REGULATIONS_KIND = "consult.regulations.import"


def import_regulations_upload(job: Any, data: bytes) -> dict[str, Any]:
    # the desk's roles, checked again when the job runs (the importer checks the desk too)
    require_role(job.owner, tuple(DESK_ROLES))
    report = import_regulations(job.owner, data, job.filename)
    return report_result(report, reverse("consult:regulations"))
