"""A big registry (or inspections) file imported by the task worker (see
``biaozhun.accounts.jobs``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from biaozhun.accounts.jobs import report_result, require_role

from .importers import import_inspections, import_registry
from .registries import get_registry

#: The import page's editors, checked again when the job runs; the importers keep a district
#: officer to their own district (and to the sites they manage) row by row.
IMPORT_ROLES = ("bureau_admin", "bureau_staff", "district_officer")
KIND = "programme.import"


def options(slug: str, *, inspections: bool = False) -> dict[str, Any]:
    return {"slug": slug, "what": "inspections" if inspections else "records"}


def import_upload(job: Any, data: bytes) -> dict[str, Any]:
    require_role(job.owner, IMPORT_ROLES)
    registry = get_registry(str(job.options.get("slug", "")))
    if job.options.get("what") == "inspections":
        report = import_inspections(job.owner, data, job.filename)
    else:
        report = import_registry(job.owner, registry, data, job.filename)
    return report_result(report, reverse("programme:registry_list", args=[registry.slug]))
