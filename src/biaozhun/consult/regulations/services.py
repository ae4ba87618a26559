"""The write path of the technical-regulations register (技术法规): a regulation of a market,
its product scope (HS and ICS codes), the standards it cites (resolved against the catalogue)
and the notifications that announced it. Only the desk writes; imports and demo data write as
the system (``actor=None``).

HS/ICS codes go through the one cleaner (:mod:`biaozhun.common.codes`: ``hs_invalid`` /
``ics_invalid``; the register keeps codes it cannot find in HS 2022 / ICS ed. 7, as it did).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from biaozhun.accounts.models import User
from biaozhun.accounts.services import record_audit
from biaozhun.catalogue.models import Standard
from biaozhun.catalogue.selectors import find_by_canonical, find_by_key
from biaozhun.common.codes import clean_hs_list, clean_ics_list
from biaozhun.common.errors import DomainError
from biaozhun.common.validation import clean_fields, clean_text
from biaozhun.core.designation import DesignationError, parse
from biaozhun.enterprises.profiles.services import clean_market
from biaozhun.tbt.models import Notification
from biaozhun.tbt.services import parse_symbol

from ..models import TechnicalRegulation
from ..station import notification_by_symbol, require_desk


@dataclass
class RegulationData:
    market: str
    reference: str
    title: str
    kind: str = TechnicalRegulation.Kind.REGULATION
    title_zh: str = ""
    summary_zh: str = ""
    hs_codes: list[str] = field(default_factory=list)
    ics_codes: list[str] = field(default_factory=list)
    cited_standards: list[str] = field(default_factory=list)
    notification_symbols: list[str] = field(default_factory=list)
    adopted_on: date | None = None
    in_force_from: date | None = None
    applies_until: date | None = None
    url: str = ""


def clean_regulation(
    data: RegulationData,
) -> tuple[dict[str, Any], list[Standard], list[Notification]]:
    """Validated fields, the catalogue standards the cited designations resolve to, and the
    notifications named by symbol."""
    try:
        market = clean_market(data.market)
    except DomainError as exc:
        exc.details["field"] = "market"
        raise
    for name in ("reference", "title"):
        if not str(getattr(data, name)).strip():
            raise DomainError(
                f"{name}_required",
                "请填写编号和标题。",
                "The reference and the title are required.",
                {"field": name},
            )
    if data.kind not in TechnicalRegulation.Kind.values:
        raise DomainError("bad_kind", "类型无效。", "Unknown kind.", {"field": "kind"})
    if data.in_force_from and data.applies_until and data.applies_until < data.in_force_from:
        raise DomainError(
            "dates_order",
            "失效日期不能早于生效日期。",
            "The end date cannot be before the date in force.",
            {"field": "applies_until"},
        )
    notifications: list[Notification] = []
    for symbol in data.notification_symbols:
        if not symbol.strip():
            continue
        n = notification_by_symbol(symbol)
        if n is None:
            canonical = parse_symbol(symbol).canonical
            raise DomainError(
                "unknown_notification",
                f"通报 {canonical} 尚未录入。",
                f"Notification {canonical} is not recorded.",
                {"field": "notification_symbols"},
            )
        notifications.append(n)
    cited = [str(s).strip() for s in data.cited_standards if str(s).strip()]
    standards = [s for s in (_catalogue_standard(c) for c in cited) if s is not None]
    fields = {
        "market": market,
        "kind": data.kind,
        "reference": data.reference.strip()[:200],
        "title": data.title.strip(),
        "title_zh": data.title_zh.strip(),
        "summary_zh": data.summary_zh.strip(),
        "hs_codes": clean_hs_list(data.hs_codes, field="hs_codes", known=False),
        "ics_codes": clean_ics_list(data.ics_codes, field="ics_codes", known=False),
        "cited_standards": cited,
        "adopted_on": data.adopted_on,
        "in_force_from": data.in_force_from,
        "applies_until": data.applies_until,
        "url": data.url.strip(),
    }
    fields = clean_fields(TechnicalRegulation, fields)
    fields["cited_standards"] = [clean_text(c, "cited_standards", 200) for c in cited]
    return fields, standards, notifications


def _catalogue_standard(text: str) -> Standard | None:
    """The catalogue edition a cited designation names; an undated citation (``IEC 62133-2``)
    means the latest edition in the catalogue. None if the catalogue does not have it."""
    found = find_by_canonical(text)
    if found is not None:
        return found
    try:
        designation = parse(text)
    except DesignationError:
        return None
    editions = find_by_key(designation.key)
    # the newest year; within it the base document rather than its amendments, corrigenda or
    # redline versions (which carry a longer designation)
    editions.sort(key=lambda s: (-(s.year or 0), len(s.canonical), s.canonical))
    return editions[0] if editions else None


@transaction.atomic
def save_regulation(
    actor: User | None, data: RegulationData, regulation: TechnicalRegulation | None = None
) -> TechnicalRegulation:
    if actor is not None:  # None: the system (demo data, imports from the command line)
        require_desk(actor)
    fields, standards, notifications = clean_regulation(data)
    clash = TechnicalRegulation.objects.filter(
        market=fields["market"], reference=fields["reference"]
    )
    if regulation is not None:
        clash = clash.exclude(pk=regulation.pk)
    if clash.exists():
        raise DomainError(
            "duplicate_regulation",
            "该市场已登记同一编号的法规。",
            "This market already has a regulation with that reference.",
            {"field": "reference"},
        )
    if regulation is None:
        regulation = TechnicalRegulation.objects.create(**fields)
        action = "regulation.create"
    else:
        for name, value in fields.items():
            setattr(regulation, name, value)
        regulation.save()
        action = "regulation.update"
    regulation.standards.set(standards)
    regulation.notifications.set(notifications)
    record_audit(actor, action, regulation, {"market": fields["market"]})
    return regulation
