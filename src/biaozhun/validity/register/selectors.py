"""Reads of the city's register, always through the user's scope (an enterprise sees its own
declarations, a district officer those of its district's enterprises, the bureau all); and the
bulk read the TBT match index uses (:func:`declared_keys`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.common.errors import NotFound
from biaozhun.common.filters import ListFilter, OptBool, PageFilter, Text, WindowFilter

from ..models import DeclaredStandard


class DeclarationFilter(ListFilter):
    """The register's list (page and API): a search over designation, product and
    enterprise; ``unknown``: only designations the catalogue does not know (or only known
    ones); ``confirmed``: only those the bureau confirmed (or only unconfirmed)."""

    q: Text = ""
    unknown: OptBool = None
    confirmed: OptBool = None


class DeclarationPage(DeclarationFilter, PageFilter):
    pass


class DeclarationWindow(DeclarationFilter, WindowFilter):
    pass


class UnknownFilter(ListFilter):
    """The desk's list of unknown declared designations."""

    q: Text = ""


class UnknownPage(UnknownFilter, PageFilter):
    pass


class UnknownWindow(UnknownFilter, WindowFilter):
    pass


def declarations(
    user: User, f: DeclarationFilter | None = None, *, enterprise_id: int | None = None
) -> QuerySet[DeclaredStandard]:
    qs = Scope.for_user(user).apply(
        DeclaredStandard.objects.select_related(
            "enterprise__district", "standard", "product", "adoption", "drafted"
        ),
        enterprise_field="enterprise",
        district_field="enterprise__district",
    )
    if enterprise_id is not None:
        qs = qs.filter(enterprise_id=enterprise_id)
    if f is not None:
        if f.q:
            qs = qs.filter(
                Q(designation__icontains=f.q)
                | Q(entered__icontains=f.q)
                | Q(product_name__icontains=f.q)
                | Q(enterprise__name_zh__icontains=f.q)
            )
        if f.unknown is not None:
            qs = qs.filter(standard__isnull=f.unknown)
        if f.confirmed is not None:
            qs = qs.filter(confirmed_at__isnull=not f.confirmed)
    return qs


def get_declaration(user: User, declaration_id: int) -> DeclaredStandard:
    declaration = declarations(user).filter(pk=declaration_id).first()
    if declaration is None:
        raise NotFound("执行标准", "declared standard")
    return declaration


def unknown_designations(user: User, f: UnknownFilter | None = None) -> QuerySet[Any]:
    """The designations declared in ``user``'s scope that the catalogue does not know, most
    declared first: ``designation``, ``level``, ``declarations`` (rows), ``enterprises``."""
    qs = declarations(user).filter(standard__isnull=True)
    if f is not None and f.q:
        qs = qs.filter(designation__icontains=f.q)
    return (
        qs.order_by()
        .values("designation", "level")
        .annotate(declarations=Count("pk"), enterprises=Count("enterprise", distinct=True))
        .order_by("-declarations", "designation")
    )


def register_counts(user: User) -> dict[str, int]:
    """The register's totals in ``user``'s scope."""
    qs = declarations(user)
    return qs.aggregate(
        total=Count("pk"),
        unknown=Count("pk", filter=Q(standard__isnull=True)),
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        enterprises=Count("enterprise", distinct=True),
    )


def declared_keys(
    enterprise_ids: Iterable[Any] | None = None,
) -> dict[int, tuple[tuple[str, str], ...]]:
    """Every enterprise's declared standards as ``(key, designation)`` pairs (the match
    index's system read, not a user's): all enterprises, or those given; one query per 5 000
    enterprises."""
    out: dict[int, dict[str, str]] = defaultdict(dict)
    rows = DeclaredStandard.objects.order_by("pk").values_list(
        "enterprise_id", "key", "designation"
    )
    if enterprise_ids is None:
        chunks: list[Any] = [rows]
    else:
        ids = sorted({int(i) for i in enterprise_ids})
        chunks = [
            rows.filter(enterprise_id__in=ids[start : start + 5000])
            for start in range(0, len(ids), 5000)
        ]
    for chunk in chunks:
        for enterprise_id, key, designation in chunk:
            out[enterprise_id].setdefault(key, designation)
    return {eid: tuple(pairs.items()) for eid, pairs in out.items()}
