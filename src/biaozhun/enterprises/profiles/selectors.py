"""Reads of export profiles, always through the user's scope; and the bulk read the alerts
app's match index uses (:func:`core_profiles`, :func:`changed_since`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from biaozhun.accounts.models import User
from biaozhun.common.errors import NotFound
from biaozhun.core.matching import Product, Profile
from biaozhun.enterprises.models import Contact, Enterprise
from biaozhun.enterprises.selectors import visible_enterprises

from .models import KEYWORD_SPLIT, ExportMarket, ExportProduct, ExportProfile
from .suggest import vector_of


def get_profile_enterprise(user: User, enterprise_id: int) -> Enterprise:
    """The enterprise whose profile ``user`` may see (404 otherwise)."""
    enterprise = visible_enterprises(user).filter(pk=enterprise_id).first()
    if enterprise is None:
        raise NotFound("企业", "enterprise")
    return enterprise


def profile_of(enterprise: Enterprise) -> ExportProfile | None:
    return (
        ExportProfile.objects.filter(enterprise=enterprise)
        .prefetch_related("products", "markets", "alert_users", "alert_contacts")
        .first()
    )


def profiles_overview(user: User, *, q: str = "", district: str = "") -> QuerySet[Enterprise]:
    """Enterprises in scope that are exporters or have a profile, with line counts."""
    qs = visible_enterprises(user).filter(Q(is_exporter=True) | Q(export_profile__isnull=False))
    if q:
        qs = qs.filter(Q(name_zh__icontains=q) | Q(credit_code__icontains=q.upper()))
    if district:
        qs = qs.filter(district__code=district)
    return qs.annotate(
        n_products=Count("export_profile__products", distinct=True),
        n_markets=Count("export_profile__markets", distinct=True),
    ).order_by("name_zh")


def profile_recipients(enterprise: Enterprise) -> tuple[list[User], list[Contact]]:
    """Who is alerted for ``enterprise``: the users and contacts chosen in its export profile;
    if none are chosen, all its active users and the contacts marked "receives alerts"."""
    profile = ExportProfile.objects.filter(enterprise=enterprise).first()
    if profile is not None:
        users = list(profile.alert_users.filter(is_active=True))
        contacts = list(profile.alert_contacts.all())
        if users or contacts:
            return users, contacts
    return (
        list(enterprise.users.filter(is_active=True)),
        list(Contact.objects.filter(enterprise=enterprise, receives_alerts=True)),
    )


def standards_used(enterprise: Enterprise, limit: int = 20) -> dict[str, Any]:
    """The standards the enterprise uses, from its watch list (validity app): the first
    ``limit`` designations, the total, and the link to the list (if that app is there)."""
    related = getattr(enterprise, "watched_standards", None)
    if related is None:
        return {"items": [], "count": 0, "url": ""}
    try:
        url = reverse("validity:watchlist_detail", args=[enterprise.pk])
    except NoReverseMatch:
        url = ""
    items = list(related.values_list("designation", flat=True)[:limit])
    return {"items": items, "count": related.count(), "url": url}


# ------------------------------------------------------------------ for the match index


def _keywords(description: str, keywords: str) -> tuple[str, ...]:
    out = [k.strip() for k in KEYWORD_SPLIT.split(keywords) if k.strip()]
    if description.strip():
        out.append(description.strip())
    return tuple(out)


def core_profiles(
    profile_ids: Iterable[int] | None = None, *, enterprise_ids: Iterable[int] | None = None
) -> Iterator[Profile]:
    """Profiles as :class:`biaozhun.core.matching.Profile` (all, or those with the given
    profile or enterprise ids): three queries whatever the number of profiles. Product lines
    carry their description and its stored vector (for text similarity), if any."""
    profiles = ExportProfile.objects.all()
    if profile_ids is not None:
        profiles = profiles.filter(pk__in=list(profile_ids))
    if enterprise_ids is not None:
        profiles = profiles.filter(enterprise_id__in=list(enterprise_ids))
    heads = list(profiles.values_list("pk", "enterprise_id", "all_markets"))
    ids = [h[0] for h in heads]
    products: dict[int, list[Product]] = defaultdict(list)
    markets: dict[int, dict[str, float | None]] = defaultdict(dict)
    chunk = 5000
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        for pid, hs, ics, description, keywords, vector in ExportProduct.objects.filter(
            profile_id__in=part
        ).values_list(
            "profile_id", "hs_code", "ics_code", "description_zh", "keywords", "text_vector"
        ):
            products[pid].append(
                Product(
                    hs,
                    (ics,) if ics else (),
                    _keywords(description, keywords),
                    description,
                    vector_of(vector),
                )
            )
        for pid, code, share in ExportMarket.objects.filter(profile_id__in=part).values_list(
            "profile_id", "code", "share"
        ):
            markets[pid][code] = float(share) if share is not None else None
    for pid, enterprise_id, all_markets in heads:
        yield Profile(enterprise_id, tuple(products[pid]), markets[pid], all_markets)


def changed_since(moment: datetime) -> list[int]:
    """Ids of the profiles changed at or after ``moment`` (``updated_at``, indexed)."""
    return list(ExportProfile.objects.filter(updated_at__gte=moment).values_list("pk", flat=True))
