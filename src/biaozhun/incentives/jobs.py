"""A big file of earlier awards imported by the task worker (see ``biaozhun.accounts.jobs``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from biaozhun.accounts.jobs import report_result, require_role
from biaozhun.common.errors import PermissionDenied

from .importers import import_awards
from .policies import payer_codes_managed_by

#: The awards page's roles; of those, only who manages a payer (the bureau, a county's
#: officer) may import, as ``import_awards`` checks.
IMPORT_ROLES = ("bureau_admin", "bureau_staff", "department_member", "district_officer")
AWARDS_KIND = "incentives.awards.import"


def require_importer(actor: Any) -> None:
    """Who may import awards: checked before a job is queued and again when it runs."""
    require_role(actor, IMPORT_ROLES)
    if not payer_codes_managed_by(actor):
        raise PermissionDenied(
            "只有市局或县(市)工作人员可以导入历史奖励。",
            "Only the bureau or a county's officer can import earlier awards.",
        )


def import_awards_upload(job: Any, data: bytes) -> dict[str, Any]:
    require_importer(job.owner)
    report = import_awards(job.owner, data, job.filename)
    return report_result(report, reverse("incentives:awards"))
