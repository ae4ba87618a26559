"""Reads of the enterprise registry, always through the user's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from biaozhun.accounts.scoping import Scope
from biaozhun.common.errors import NotFound
from biaozhun.common.filters import ListFilter, OptBool, PageFilter, Text, WindowFilter

from .models import Enterprise

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


def visible_enterprises(user: User) -> QuerySet[Enterprise]:
    """The enterprises ``user`` may see (bureau: all; district officer: the district's; an
    enterprise user: its own)."""
    return Scope.for_user(user).apply(
        Enterprise.objects.select_related("district", "tax_district"),
        enterprise_field="pk",
        district_field="district",
    )


class EnterpriseFilter(ListFilter):
    """The enterprise list's filter (page and API)."""

    q: Text = ""
    district: Text = ""
    industry: Text = ""
    exporter: OptBool = None
    status: Text = ""


class EnterprisePage(EnterpriseFilter, PageFilter):
    pass


class EnterpriseWindow(EnterpriseFilter, WindowFilter):
    pass


def search_enterprises(
    user: User,
    *,
    q: str = "",
    district: str = "",
    industry: str = "",
    exporter: bool | None = None,
    status: str = "",
) -> QuerySet[Enterprise]:
    """The one filter the enterprise list page and the API share."""
    qs = visible_enterprises(user)
    if q:
        qs = qs.filter(
            Q(name_zh__icontains=q) | Q(name_en__icontains=q) | Q(credit_code__icontains=q.upper())
        )
    if district:
        qs = qs.filter(district__code=district)
    if industry:
        qs = qs.filter(industries__slug=industry)
    if exporter is not None:
        qs = qs.filter(is_exporter=exporter)
    if status:
        qs = qs.filter(status=status)
    return qs.prefetch_related("industries").distinct()


def get_enterprise(user: User, enterprise_id: int) -> Enterprise:
    enterprise = (
        visible_enterprises(user)
        .prefetch_related("industries", "contacts", "year_lists")
        .filter(pk=enterprise_id)
        .first()
    )
    if enterprise is None:
        raise NotFound("企业", "enterprise")
    return enterprise
