"""A big export-profile file imported by the task worker (see ``biaozhun.accounts.jobs``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from biaozhun.accounts.jobs import report_result, require_role

from .importers import import_profiles

#: The import page's roles, checked again when the job runs; the importer reaches only the
#: enterprises the owner sees then (an enterprise user: their own).
IMPORT_ROLES = ("enterprise_user", "bureau_admin", "bureau_staff", "district_officer")
KIND = "profiles.import"


def import_upload(job: Any, data: bytes) -> dict[str, Any]:
    require_role(job.owner, IMPORT_ROLES)
    report = import_profiles(job.owner, data, job.filename)
    return report_result(report, reverse("profiles:list"))
