"""The write path of the registry lifecycles: a demonstration site (申报 → 建设 → 验收, 撤销)
and a national committee being sought (申请筹建 → 公示 → 批准 / 未获批). The allowed moves
are the pure flows of ``core.lifecycle``; this module checks the actor, the dates, stores the
state with its date and audits the move."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from biaozhun.accounts.models import User
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import DomainError
from biaozhun.core.lifecycle import (
    COMMITTEE_FLOW,
    SITE_FLOW,
    Flow,
    TransitionRefused,
    check_transition,
)

from .models import CommitteeStatus, DemonstrationSite, SiteStatus, TechnicalCommittee
from .services import require_lifecycle_writer

#: the date field each state stores its day in
SITE_DATES: dict[str, str] = {
    SiteStatus.DECLARED: "declared_on",
    SiteStatus.BUILDING: "approved_on",
    SiteStatus.ACCEPTED: "accepted_on",
    SiteStatus.REVOKED: "revoked_on",
}
COMMITTEE_DATES: dict[str, str] = {
    CommitteeStatus.APPLIED: "applied_on",
    CommitteeStatus.PUBLICISED: "publicised_on",
    CommitteeStatus.APPROVED: "approved_on",
    CommitteeStatus.REFUSED: "refused_on",
}


def _check(flow: Flow, current: str, target: str) -> None:
    try:
        check_transition(flow, current, target)
    except TransitionRefused as exc:
        raise DomainError(exc.code, exc.message_zh, exc.message_en, {"field": "to"}) from exc


def _check_date(record: Any, dates: dict[str, str], current: str, on: date | None) -> date:
    if on is None:
        raise DomainError(
            "required", "请填写变更日期。", "Give the date of the change.", {"field": "on"}
        )
    if on > date.today():
        raise DomainError(
            "future_date",
            "变更日期不能晚于今天。",
            "The change cannot be dated in the future.",
            {"field": "on"},
        )
    previous = getattr(record, dates[current], None)
    if previous is not None and on < previous:
        raise DomainError(
            "bad_dates",
            f"变更日期早于上一状态的日期({previous:%Y-%m-%d})。",
            f"The change is dated before the previous state's date ({previous:%Y-%m-%d}).",
            {"field": "on"},
        )
    return on


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > 300 or any(ord(ch) < 32 and ch not in "\n\t" for ch in note):
        raise DomainError(
            "bad_note",
            "状态说明不能超过 300 个字符,且不能含控制字符。",
            "The note has at most 300 characters and no control characters.",
            {"field": "note"},
        )
    return note


def next_site_states(site: DemonstrationSite) -> list[tuple[str, str, str]]:
    """The states the site may move to: ``(value, 中文, English)``."""
    return [(s, *SITE_FLOW.label(s)) for s in SITE_FLOW.next_states(site.status)]


def next_committee_states(committee: TechnicalCommittee) -> list[tuple[str, str, str]]:
    return [(s, *COMMITTEE_FLOW.label(s)) for s in COMMITTEE_FLOW.next_states(committee.status)]


@transaction.atomic
def advance_site(
    actor: User, site: DemonstrationSite, *, to: str, on: date | None, note: str = ""
) -> DemonstrationSite:
    """Move a demonstration site along 申报 → 建设 → 验收 (撤销 from any open state)."""
    require_lifecycle_writer(actor, "sites")
    site = DemonstrationSite.objects.select_for_update().get(pk=site.pk)
    require_lifecycle_writer(actor, "sites", site.district_id)
    note = _note(note)
    _check(SITE_FLOW, site.status, to)
    day = _check_date(site, SITE_DATES, site.status, on)
    if to == SiteStatus.REVOKED and not note:
        raise DomainError(
            "reason_required",
            "撤销须说明原因。",
            "A revocation needs its reason.",
            {"field": "note"},
        )
    before = site.status
    site.status = to
    setattr(site, SITE_DATES[to], day)
    site.status_note = note
    site.save(update_fields=["status", SITE_DATES[to], "status_note", "updated_at"])
    record_audit(
        actor,
        "programme.sites.advance",
        site,
        {"status": [before, to], "on": day.isoformat(), "note": note},
        district=site.district,
    )
    return site


@transaction.atomic
def advance_committee(
    actor: User, committee: TechnicalCommittee, *, to: str, on: date | None, note: str = ""
) -> TechnicalCommittee:
    """Move a committee being sought along 申请筹建 → 公示 → 批准 / 未获批."""
    require_lifecycle_writer(actor, "committees")
    committee = TechnicalCommittee.objects.select_for_update().get(pk=committee.pk)
    require_lifecycle_writer(actor, "committees", committee.district_id)
    note = _note(note)
    _check(COMMITTEE_FLOW, committee.status, to)
    day = _check_date(committee, COMMITTEE_DATES, committee.status, on)
    before = committee.status
    field = COMMITTEE_DATES[to]
    committee.status = to
    setattr(committee, field, day)
    committee.status_note = note
    committee.save(update_fields=["status", field, "status_note", "updated_at"])
    record_audit(
        actor,
        "programme.committees.advance",
        committee,
        {"status": [before, to], "on": day.isoformat(), "note": note},
        district=committee.district,
    )
    return committee


def advance(actor: User, record: Any, *, to: str, on: date | None, note: str = "") -> Any:
    """One entry for the pages and the API: the record's own lifecycle."""
    if isinstance(record, DemonstrationSite):
        return advance_site(actor, record, to=to, on=on, note=note)
    if isinstance(record, TechnicalCommittee):
        return advance_committee(actor, record, to=to, on=on, note=note)
    raise DomainError(
        "no_lifecycle",
        "该登记簿的记录没有状态流转。",
        "Records of this registry have no lifecycle.",
    )
