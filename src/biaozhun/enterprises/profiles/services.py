"""The write path of export profiles: every change goes through one of the functions below
(inside a transaction, with an audit row), marks the profile changed (``updated_at``) and
publishes :class:`~biaozhun.common.events.ExportProfileChanged` in the same transaction (once
per enterprise and transaction). After commit the event's subscriber
(``biaozhun.alerts.matching.on_export_profile_changed``, a task) refreshes the enterprise in
the match index and matches it against the open notifications; other processes pick the
change up through ``ExportProfile.updated_at``."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import diff_fields, record_audit
from biaozhun.common import events
from biaozhun.common.codes import clean_hs, clean_ics
from biaozhun.common.errors import DomainError, NotFound, PermissionDenied
from biaozhun.common.events import ExportProfileChanged
from biaozhun.common.reference import members
from biaozhun.core.members import GROUPS
from biaozhun.enterprises.models import Contact, Enterprise

from .models import ExportMarket, ExportProduct, ExportProfile
from .suggest import description_vectors

logger = logging.getLogger(__name__)

# ------------------------------------------------------------------------- validation


def _clean_ics(text: str) -> str:
    """An ICS code of the 7th edition, or "" if none is given."""
    return clean_ics(text) if str(text or "").strip() else ""


def clean_market(text: str) -> str:
    """A WTO member code (``USA``; ISO codes and names are read too) or a group (``EU``,
    ``ASEAN``)."""
    raw = str(text or "").strip()
    if not raw:
        raise DomainError(
            "market_required", "请填写市场。", "The market is required.", {"field": "code"}
        )
    upper = raw.upper()
    if upper in GROUPS or upper in members().group_codes:
        return upper
    member = members().get(raw)
    if member is None:
        raise DomainError(
            "market_unknown",
            f"“{raw}”不是世贸组织成员或成员集团(如 USA、EU、ASEAN)。",
            f"{raw!r} is not a WTO member or group (e.g. USA, EU, ASEAN).",
            {"field": "code"},
        )
    return member.code


def clean_share(value: Any) -> Decimal | None:
    """A share of exports 0-1 (``0.25``, ``25%``), or None if unknown."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    percent = text.endswith("%")
    try:
        share = Decimal(text.rstrip("%").strip())
    except InvalidOperation as exc:
        raise DomainError(
            "share_invalid",
            f"出口占比“{text}”不是数字。",
            f"The share {text!r} is not a number.",
            {"field": "share"},
        ) from exc
    if percent:
        share /= 100
    if not share.is_finite() or share < 0 or share > 1:
        raise DomainError(
            "share_range",
            "出口占比应在 0 到 1 之间(或 0% 到 100%)。",
            "The share must be between 0 and 1 (or 0% and 100%).",
            {"field": "share"},
        )
    return share.quantize(Decimal("0.001"))


def check_total_share(shares: Iterable[Decimal | None]) -> None:
    total = sum((s for s in shares if s is not None), Decimal(0))
    if total > 1:
        raise DomainError(
            "shares_over_one",
            f"各市场出口占比合计 {total:.3f},不能超过 1(100%)。",
            f"The shares of the markets add up to {total:.3f}: they cannot exceed 1 (100%).",
            {"field": "share", "total": str(total)},
        )


# ------------------------------------------------------------------------- permissions


def can_edit_profile(actor: User | None, enterprise: Enterprise) -> bool:
    """The enterprise's own users, the bureau, and the officers of its district."""
    scope = Scope.for_user(actor)
    if scope.kind == "enterprise":
        return scope.enterprise_id == enterprise.pk
    if getattr(actor, "is_bureau", False):
        return True
    return scope.kind == "district" and scope.district_id == enterprise.district_id


def _require_editor(actor: User | None, enterprise: Enterprise) -> None:
    if actor is None:  # the system: demo data, management commands
        return
    if not can_edit_profile(actor, enterprise):
        raise PermissionDenied(
            "只有本企业、市局或本地区工作人员可以修改出口档案。",
            "Only the enterprise itself, the bureau or its district office may edit the export "
            "profile.",
        )


def _profile(enterprise: Enterprise) -> ExportProfile:
    profile, _ = ExportProfile.objects.get_or_create(enterprise=enterprise)
    return profile


def _touch(profile: ExportProfile) -> None:
    """Mark the profile changed and publish :class:`ExportProfileChanged` in the current
    transaction (delivered once per enterprise and transaction: a 1 000-row import announces
    each enterprise once, see :func:`biaozhun.common.events.publish`)."""
    profile.save(update_fields=["updated_at"])
    events.publish(ExportProfileChanged(profile.enterprise_id))


def mark_standards_changed(enterprise_id: int) -> None:
    """What the enterprise declares it applies changed (the city's register in the validity
    app): its export profile, if it has one, is marked changed so every process's match index
    re-reads it, and :class:`ExportProfileChanged` is published in the current transaction
    (the matcher then matches it against the open notifications)."""
    profile = ExportProfile.objects.filter(enterprise_id=enterprise_id).first()
    if profile is not None:
        _touch(profile)


# ---------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class ProductData:
    hs_code: str
    description_zh: str
    ics_code: str = ""
    keywords: str = ""


@dataclass(frozen=True)
class MarketData:
    code: str
    share: Any = None


def _clean_product(data: ProductData) -> ProductData:
    description = data.description_zh.strip()
    if not description:
        raise DomainError(
            "description_required",
            "请填写产品的中文描述。",
            "The product's Chinese description is required.",
            {"field": "description_zh"},
        )
    return ProductData(
        clean_hs(data.hs_code), description[:200], _clean_ics(data.ics_code), data.keywords[:300]
    )


@transaction.atomic
def get_or_create_profile(actor: User | None, enterprise: Enterprise) -> ExportProfile:
    profile = ExportProfile.objects.filter(enterprise=enterprise).first()
    if profile is not None:
        return profile
    _require_editor(actor, enterprise)
    profile = ExportProfile.objects.create(enterprise=enterprise)
    record_audit(actor, "export_profile.create", profile, {}, district=enterprise.district)
    return profile


@transaction.atomic
def add_product(actor: User | None, enterprise: Enterprise, data: ProductData) -> ExportProduct:
    _require_editor(actor, enterprise)
    clean = _clean_product(data)
    profile = _profile(enterprise)
    if profile.products.filter(hs_code=clean.hs_code).exists():
        raise DomainError(
            "duplicate_product",
            f"HS 编码 {clean.hs_code} 已在档案中。",
            f"HS code {clean.hs_code} is already in the profile.",
            {"field": "hs_code"},
        )
    product = ExportProduct.objects.create(
        profile=profile,
        hs_code=clean.hs_code,
        description_zh=clean.description_zh,
        ics_code=clean.ics_code,
        keywords=clean.keywords,
        text_vector=description_vectors([clean.description_zh])[0],
    )
    record_audit(
        actor,
        "export_profile.add_product",
        profile,
        {"hs_code": clean.hs_code, "description_zh": clean.description_zh},
        district=enterprise.district,
    )
    _touch(profile)
    return product


@transaction.atomic
def add_described_product(
    actor: User | None,
    enterprise: Enterprise,
    description: str,
    hs_codes: Sequence[str],
    *,
    ics_code: str = "",
    keywords: str = "",
) -> list[ExportProduct]:
    """A product described in words with the HS codes the enterprise confirmed (picked among
    the suggestions of :func:`.suggest.suggest_hs`, or typed): one product line per confirmed
    code, all with the same description and its multilingual vector (computed once, stored
    for text matching). Only confirmed codes are stored; none confirmed is an error, and so
    is a code already in the profile (nothing is stored then)."""
    _require_editor(actor, enterprise)
    confirmed: list[str] = []
    for raw in hs_codes:
        if not str(raw or "").strip():
            continue
        code = clean_hs(raw)
        if code not in confirmed:
            confirmed.append(code)
    if not confirmed:
        raise DomainError(
            "hs_codes_required",
            "请至少确认一个 HS 编码(可从建议中勾选,或直接填写)。",
            "Confirm at least one HS code (tick a suggestion or type a code).",
            {"field": "hs_codes"},
        )
    cleaned = [
        _clean_product(ProductData(code, description, ics_code, keywords)) for code in confirmed
    ]
    profile = _profile(enterprise)
    taken = set(profile.products.filter(hs_code__in=confirmed).values_list("hs_code", flat=True))
    if taken:
        listed = "、".join(sorted(taken))
        raise DomainError(
            "duplicate_product",
            f"HS 编码 {listed} 已在档案中。",
            f"HS code {', '.join(sorted(taken))} is already in the profile.",
            {"field": "hs_codes", "codes": sorted(taken)},
        )
    vector = description_vectors([cleaned[0].description_zh])[0]
    products = [
        ExportProduct.objects.create(
            profile=profile,
            hs_code=c.hs_code,
            description_zh=c.description_zh,
            ics_code=c.ics_code,
            keywords=c.keywords,
            text_vector=vector,
        )
        for c in cleaned
    ]
    record_audit(
        actor,
        "export_profile.add_product",
        profile,
        {
            "hs_codes": confirmed,
            "description_zh": cleaned[0].description_zh,
            "confirmed": True,
            "text_vector": bool(vector),
        },
        district=enterprise.district,
    )
    _touch(profile)
    return products


@transaction.atomic
def upsert_product(
    actor: User | None, enterprise: Enterprise, data: ProductData
) -> tuple[ExportProduct, str]:
    """Add a product line or update the one with the same HS code (imports): returns the line
    and ``"created"``, ``"updated"`` or ``"unchanged"``."""
    _require_editor(actor, enterprise)
    clean = _clean_product(data)
    profile = _profile(enterprise)
    product = profile.products.filter(hs_code=clean.hs_code).first()
    values = {
        "description_zh": clean.description_zh,
        "ics_code": clean.ics_code,
        "keywords": clean.keywords,
    }
    if product is None:
        product = ExportProduct.objects.create(
            profile=profile,
            hs_code=clean.hs_code,
            text_vector=description_vectors([clean.description_zh])[0],
            **values,
        )
        outcome = "created"
    else:
        changes = diff_fields(product, values)
        if not changes:
            return product, "unchanged"
        if "description_zh" in changes or not product.text_vector:
            product.text_vector = description_vectors([clean.description_zh])[0]
        product.save()
        outcome = "updated"
    record_audit(
        actor,
        f"export_profile.{'add' if outcome == 'created' else 'update'}_product",
        profile,
        {"hs_code": clean.hs_code, **values},
        district=enterprise.district,
    )
    _touch(profile)
    return product, outcome


@transaction.atomic
def remove_product(actor: User | None, enterprise: Enterprise, product_id: int) -> None:
    _require_editor(actor, enterprise)
    product = ExportProduct.objects.filter(pk=product_id, profile__enterprise=enterprise).first()
    if product is None:
        raise NotFound("产品", "product")
    profile = product.profile
    product.delete()
    record_audit(
        actor,
        "export_profile.remove_product",
        profile,
        {"hs_code": product.hs_code},
        district=enterprise.district,
    )
    _touch(profile)


@transaction.atomic
def set_market(actor: User | None, enterprise: Enterprise, data: MarketData) -> ExportMarket:
    """Add a market or change its share; the shares of all markets may not exceed 1."""
    _require_editor(actor, enterprise)
    code = clean_market(data.code)
    share = clean_share(data.share)
    profile = _profile(enterprise)
    others = profile.markets.exclude(code=code).values_list("share", flat=True)
    check_total_share([*others, share])
    market, created = ExportMarket.objects.update_or_create(
        profile=profile, code=code, defaults={"share": share}
    )
    record_audit(
        actor,
        "export_profile.set_market",
        profile,
        {"code": code, "share": share, "created": created},
        district=enterprise.district,
    )
    _touch(profile)
    return market


@transaction.atomic
def remove_market(actor: User | None, enterprise: Enterprise, market_id: int) -> None:
    _require_editor(actor, enterprise)
    market = ExportMarket.objects.filter(pk=market_id, profile__enterprise=enterprise).first()
    if market is None:
        raise NotFound("市场", "market")
    profile = market.profile
    market.delete()
    record_audit(
        actor,
        "export_profile.remove_market",
        profile,
        {"code": market.code},
        district=enterprise.district,
    )
    _touch(profile)


def _recipients(
    enterprise: Enterprise, user_ids: Sequence[int], contact_ids: Sequence[int]
) -> tuple[list[User], list[Contact]]:
    users = list(enterprise.users.filter(pk__in=user_ids, is_active=True))
    contacts = list(Contact.objects.filter(enterprise=enterprise, pk__in=contact_ids))
    if len(users) != len(set(user_ids)) or len(contacts) != len(set(contact_ids)):
        raise DomainError(
            "recipient_not_of_enterprise",
            "接收人必须是本企业的用户或联系人。",
            "Recipients must be users or contacts of the enterprise.",
            {"field": "recipients"},
        )
    return users, contacts


@transaction.atomic
def update_profile_settings(
    actor: User | None,
    enterprise: Enterprise,
    *,
    all_markets: bool,
    alert_user_ids: Sequence[int] = (),
    alert_contact_ids: Sequence[int] = (),
    note: str = "",
) -> ExportProfile:
    """Who is alerted, and whether the enterprise exports to all markets."""
    _require_editor(actor, enterprise)
    users, contacts = _recipients(enterprise, alert_user_ids, alert_contact_ids)
    profile = _profile(enterprise)
    profile.all_markets = all_markets
    profile.note = note[:500]
    profile.save()
    profile.alert_users.set(users)
    profile.alert_contacts.set(contacts)
    record_audit(
        actor,
        "export_profile.update",
        profile,
        {
            "all_markets": all_markets,
            "alert_users": sorted(u.pk for u in users),
            "alert_contacts": sorted(c.pk for c in contacts),
        },
        district=enterprise.district,
    )
    _touch(profile)
    return profile


@transaction.atomic
def replace_profile(
    actor: User | None,
    enterprise: Enterprise,
    *,
    products: Sequence[ProductData],
    markets: Sequence[MarketData],
    all_markets: bool = False,
    alert_user_ids: Sequence[int] | None = None,
    alert_contact_ids: Sequence[int] | None = None,
) -> ExportProfile:
    """Replace the whole profile (the API's PUT): everything is validated first, so a bad
    line changes nothing."""
    _require_editor(actor, enterprise)
    clean_products: dict[str, ProductData] = {}
    for index, item in enumerate(products):
        try:
            clean = _clean_product(item)
        except DomainError as exc:
            exc.details["index"] = index
            exc.details["list"] = "products"
            raise
        if clean.hs_code in clean_products:
            raise DomainError(
                "duplicate_product",
                f"HS 编码 {clean.hs_code} 重复。",
                f"HS code {clean.hs_code} is repeated.",
                {"field": "hs_code", "index": index, "list": "products"},
            )
        clean_products[clean.hs_code] = clean
    clean_markets: dict[str, Decimal | None] = {}
    for index, market in enumerate(markets):
        try:
            code = clean_market(market.code)
            share = clean_share(market.share)
        except DomainError as exc:
            exc.details["index"] = index
            exc.details["list"] = "markets"
            raise
        if code in clean_markets:
            raise DomainError(
                "duplicate_market",
                f"市场 {code} 重复。",
                f"Market {code} is repeated.",
                {"field": "code", "index": index, "list": "markets"},
            )
        clean_markets[code] = share
    check_total_share(clean_markets.values())
    profile = _profile(enterprise)
    profile.all_markets = all_markets
    profile.save()
    if alert_user_ids is not None or alert_contact_ids is not None:
        users, contacts = _recipients(enterprise, alert_user_ids or (), alert_contact_ids or ())
        if alert_user_ids is not None:
            profile.alert_users.set(users)
        if alert_contact_ids is not None:
            profile.alert_contacts.set(contacts)
    profile.products.all().delete()
    descriptions = sorted({p.description_zh for p in clean_products.values()})
    vectors = dict(zip(descriptions, description_vectors(descriptions), strict=True))
    ExportProduct.objects.bulk_create(
        ExportProduct(
            profile=profile,
            hs_code=p.hs_code,
            description_zh=p.description_zh,
            ics_code=p.ics_code,
            keywords=p.keywords,
            text_vector=vectors[p.description_zh],
        )
        for p in clean_products.values()
    )
    profile.markets.all().delete()
    ExportMarket.objects.bulk_create(
        ExportMarket(profile=profile, code=code, share=share)
        for code, share in clean_markets.items()
    )
    record_audit(
        actor,
        "export_profile.replace",
        profile,
        {
            "products": sorted(clean_products),
            "markets": {k: v for k, v in clean_markets.items()},
            "all_markets": all_markets,
        },
        district=enterprise.district,
    )
    _touch(profile)
    return profile
