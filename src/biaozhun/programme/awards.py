"""Approved awards feed the registries (issue 18 §4).

When an incentive application is approved (``incentives.review.transition``), the standard it
funds, the adopted-and-exported products it rewards or the committee it honours is recorded in
the programme's registry in the same transaction — or, when the registry already holds that
record (same natural key), the record is linked to the award (``award``) and confirmed. Nothing
is entered twice, and the programme's counts include every awarded item.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from biaozhun.accounts.services import record_audit

from .models import Adoption, DraftedStandard, RegistryRecord, TechnicalCommittee
from .models.common import check_designation
from .services import _clean


def _day(value: Any, default: dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return default


def _canonical(designation: str) -> str:
    try:
        return check_designation(designation)[0]
    except ValidationError:
        return designation.strip()


def _keep(
    actor: Any, slug: str, application: Any, existing: RegistryRecord | None, new: RegistryRecord
) -> RegistryRecord:
    """Link ``existing`` to the award (confirming an enterprise's report), or save ``new``."""
    if existing is not None:
        changes: dict[str, Any] = {}
        if existing.award_id != application.pk:
            changes["award"] = [existing.award_id, application.pk]
            existing.award = application
        if existing.confirmation != RegistryRecord.Confirmation.CONFIRMED:
            changes["confirmation"] = [existing.confirmation, RegistryRecord.Confirmation.CONFIRMED]
            existing.confirmation = RegistryRecord.Confirmation.CONFIRMED
            existing.confirmed_by = actor
        if changes:
            existing.save()
            record_audit(
                actor,
                f"programme.{slug}.link_award",
                existing,
                changes | {"application": application.reference},
                district=existing.district,
            )
        return existing
    new.award = application
    new.confirmation = RegistryRecord.Confirmation.CONFIRMED
    new.confirmed_by = actor
    new.district_id = application.enterprise.district_id
    _clean(new)
    new.save()
    record_audit(
        actor,
        f"programme.{slug}.from_award",
        new,
        {"application": application.reference},
        district=new.district,
    )
    return new


def record_award(actor: Any, application: Any) -> list[RegistryRecord]:
    """The registry records of an approved application (created or linked)."""
    facts = application.facts or {}
    enterprise = application.enterprise
    applied = application.application_date
    kind = application.kind
    if kind == "standard_drafting":
        standard = facts.get("standard") or {}
        drafting = facts.get("drafting") or {}
        designation = _canonical(str(standard.get("designation") or ""))
        existing = DraftedStandard.objects.filter(
            designation=designation, enterprise=enterprise, organisation=""
        ).first()
        new = DraftedStandard(
            designation=designation,
            title=str(standard.get("title") or designation)[:300],
            enterprise=enterprise,
            rank=int(drafting.get("rank") or 1),
            published_on=_day(standard.get("publish_date"), applied),
        )
        return [_keep(actor, "drafted", application, existing, new)]
    if kind == "adoption_export":
        awarded = {
            (p.get("name"), p.get("adopted_standard"))
            for p in (application.decision or {}).get("products", [])
            if p.get("eligible")
        }
        records: list[RegistryRecord] = []
        for product in facts.get("products") or []:
            name, adopted = product.get("name"), product.get("adopted_standard")
            if (name, adopted) not in awarded:
                continue
            designation = _canonical(str(adopted))
            linked = Adoption.objects.filter(
                enterprise=enterprise, product=name, designation=designation
            ).first()
            adoption = Adoption(
                enterprise=enterprise,
                product=str(name)[:200],
                designation=designation,
                # a product made directly to the standard (no degree stated) counts as identical
                degree=product.get("adoption_degree") or Adoption.Degree.IDT,
                export_sales=bool(product.get("exported")),
                adopted_on=applied,
            )
            records.append(_keep(actor, "adoptions", application, linked, adoption))
        return records
    if kind == "technical_committee":
        committee = facts.get("committee") or {}
        code = str(committee.get("code") or "").strip()
        seated = TechnicalCommittee.objects.filter(code=code).first()
        committee_record = TechnicalCommittee(
            code=code,
            name=str(committee.get("name") or code)[:200],
            kind=str(committee.get("kind") or "TC").lower(),
            enterprise=enterprise,
            focus=TechnicalCommittee.Focus.OTHER,
            approved_on=_day(committee.get("established"), applied),
        )
        return [_keep(actor, "committees", application, seated, committee_record)]
    return []
