"""Reads of the technical-regulations register, open to anyone signed in: search, one
regulation, and what applies to an exporter (its products' HS/ICS codes and its markets) today
or is coming. Export profiles are read through ``biaozhun.alerts.selectors``, enterprises
through ``biaozhun.enterprises.selectors``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from biaozhun.accounts.models import User
from biaozhun.alerts.reference import members
from biaozhun.common.errors import NotFound
from biaozhun.core.codes import hs_overlap, ics_overlap
from biaozhun.enterprises.models import Enterprise
from biaozhun.enterprises.profiles.selectors import profile_of
from biaozhun.enterprises.selectors import visible_enterprises

from ..models import TechnicalRegulation
from ..station import signed_in

#: How many exporters the "what applies to me" page offers to choose from.
EXPORTERS_SHOWN = 500


def visible_regulations(user: User) -> QuerySet[TechnicalRegulation]:
    if not signed_in(user):
        return TechnicalRegulation.objects.none()
    return TechnicalRegulation.objects.prefetch_related("notifications", "standards")


def get_regulation(user: User, pk: int) -> TechnicalRegulation:
    reg = visible_regulations(user).filter(pk=pk).first()
    if reg is None:
        raise NotFound("技术法规", "technical regulation")
    return reg


def search_regulations(
    user: User, *, q: str = "", market: str = "", hs: str = "", kind: str = ""
) -> QuerySet[TechnicalRegulation]:
    qs = visible_regulations(user)
    if q:
        qs = qs.filter(
            Q(reference__icontains=q)
            | Q(title__icontains=q)
            | Q(title_zh__icontains=q)
            | Q(summary_zh__icontains=q)
        )
    if market:
        qs = qs.filter(market=market.strip().upper())
    if kind:
        qs = qs.filter(kind=kind)
    if hs:
        code = hs.strip()
        ids = [r.pk for r in qs if any(hs_overlap(code, c) for c in r.hs_codes)]
        qs = qs.filter(pk__in=ids)
    return qs


@dataclass
class Applicable:
    regulation: TechnicalRegulation
    products: list[str]
    market: str
    status: str  # "in_force" or "coming"


def regulations_for_profile(
    products: list[tuple[str, str]], markets: list[str], all_markets: bool, day: date
) -> list[Applicable]:
    """Regulations of the exporter's markets whose product scope (HS, or ICS) covers one of
    its products: in force on ``day`` or coming. ``products`` are (hs_code, ics_code)."""
    registry = members()
    covered: set[str] = set()
    for m in markets:
        try:
            covered |= registry.expand(m)
        except KeyError:
            covered.add(m)
    out: list[Applicable] = []
    for reg in TechnicalRegulation.objects.prefetch_related("notifications", "standards"):
        if reg.applies_until is not None and reg.applies_until < day:
            continue
        if not all_markets:
            try:
                reg_markets = registry.expand(reg.market)
            except KeyError:
                reg_markets = frozenset({reg.market})
            if not (reg_markets & covered):
                continue
        hits = [
            hs
            for hs, ics in products
            if any(hs_overlap(hs, c) for c in reg.hs_codes)
            or (ics and any(ics_overlap(ics, c) for c in reg.ics_codes))
        ]
        if not hits:
            continue
        coming = reg.in_force_from is not None and reg.in_force_from > day
        out.append(Applicable(reg, hits, reg.market, "coming" if coming else "in_force"))
    out.sort(key=lambda a: (a.status != "in_force", a.regulation.in_force_from or day))
    return out


def regulations_for_enterprise(enterprise: Enterprise, day: date) -> list[Applicable]:
    profile = profile_of(enterprise)
    if profile is None:
        return []
    products = [(p.hs_code, p.ics_code) for p in profile.products.all()]
    markets = [m.code for m in profile.markets.all()]
    return regulations_for_profile(products, markets, profile.all_markets, day)


def exporter_in_scope(user: User, pk: int) -> Enterprise:
    """An enterprise the user may see (404 otherwise)."""
    enterprise = visible_enterprises(user).filter(pk=pk).first()
    if enterprise is None:
        raise NotFound("企业", "enterprise")
    return enterprise


def exporters(user: User) -> QuerySet[Enterprise]:
    """Enterprises in the user's scope with an export profile, by name."""
    return (
        visible_enterprises(user)
        .filter(export_profile__isnull=False)
        .order_by("name_zh")[:EXPORTERS_SHOWN]
    )
