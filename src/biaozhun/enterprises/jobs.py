"""A big enterprise list imported by the task worker (see ``biaozhun.accounts.jobs``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from biaozhun.accounts.jobs import report_result, require_role

from .importers import import_enterprises

#: Who may import enterprises (the import page's ``staff_required``), checked again when the
#: job runs; the importer keeps a district officer to their own district row by row.
IMPORT_ROLES = ("bureau_admin", "bureau_staff", "district_officer")
KIND = "enterprises.import"


def import_upload(job: Any, data: bytes) -> dict[str, Any]:
    require_role(job.owner, IMPORT_ROLES)
    report = import_enterprises(job.owner, data, job.filename)
    return report_result(report, reverse("enterprises:list"))
