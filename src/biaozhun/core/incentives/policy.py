"""Incentive policies (激励政策) as versioned data, and the choice of the policy that pays.

A policy has a name, a version, a validity period, a payer, the districts it covers, its award
clauses (amounts, caps, per-product sums, one-off flags, each with its source sentence) and the
parameters that settle what the source document leaves open. Policies are read from and written
to JSON (``policy_from_dict`` / ``policy_to_dict``) so that the platform stores them as rows, not
code; ``default_policies()`` returns the Yangzhou 2011 city policy and an *example* county
policy from ``biaozhun/core/policies/yangzhou_2011.json``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from ._reader import InputError, Reader
from .case import COUNTED_ADOPTION_DEGREES, KINDS, LEVELS, Case, Kind

Scope = Literal["urban_area", "jurisdiction"]
SCOPES: tuple[Scope, ...] = ("urban_area", "jurisdiction")
SplitRule = Literal["each_full", "split_equally"]
ListYear = Literal["application_year", "establishment_year"]
OneOffScope = Literal["per_committee", "per_enterprise"]
#: how "对提出……研制项目……作为标准主要起草单位(排名前两位)并批准发布的市区企业" is read:
#: ``proposer_required`` — the enterprise itself proposed the project (项目提出单位) and is a
#: main drafter; ``main_drafter`` — "提出……研制项目" names the kind of project and the
#: condition is to be a main drafter of the approved and published standard (GB forewords
#: usually name a ministry or committee as proposer, so the first reading refuses most)
ProposerReading = Literal["proposer_required", "main_drafter"]
PROPOSER_READINGS: tuple[ProposerReading, ...] = ("proposer_required", "main_drafter")

DEFAULT_POLICY_FILE = Path(__file__).resolve().parent.parent / "policies" / "yangzhou_2011.json"


class PolicyError(InputError):
    """A malformed policy dict: ``code``, ``message_zh``, ``message_en``, ``field``."""


@dataclass(frozen=True)
class Payer:
    """Who pays: ``code`` is ``city:<division code>`` or ``county:<division code>``."""

    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class District:
    """A district of the payer's jurisdiction; ``urban_area`` marks the city's 市区.

    The map is dated: ``valid_from`` / ``valid_to`` bound the days the division existed with
    this status, and ``successor`` names the code its area belongs to afterwards (江都市
    321088 → 江都区 321012 on 2011-11-13; 维扬区 321011 → 邗江区 321003). Undated entries are
    valid on every day."""

    code: str
    name_zh: str
    name_en: str
    urban_area: bool
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Jurisdiction:
    kind: Literal["city", "county"]
    code: str
    name_zh: str
    name_en: str
    districts: tuple[District, ...]

    def district(self, code: str, on: dt.date | None = None) -> District | None:
        """The division of ``code`` — on ``on``, the one valid that day: an enterprise of
        today's 江都区 (321012) lay in the county-level 江都市 before 2011-11-13."""
        if on is None:
            return next((d for d in self.districts if d.code == code), None)
        same = next((d for d in self.districts if d.code == code and d.valid_on(on)), None)
        if same is not None:
            return same
        return next(
            (d for d in self.districts if d.successor == code and d.valid_on(on)),
            None,
        )


@dataclass(frozen=True)
class Tier:
    """A cap tier of the committee award, taken by the first tier whose requirements hold."""

    id: str
    cap: int
    requires_urban_area: bool
    requires_innovative_list: bool
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class Clause:
    """One award rule. Which fields matter depends on ``kind``:

    - ``standard_drafting``: ``amounts`` per level, ``max_rank``, ``requires_proposer``;
    - ``adoption_export``: ``per_product_amount``;
    - ``technical_committee``: ``tiers`` (caps), ``one_off``.
    """

    id: str
    kind: Kind
    scope: Scope
    text_zh: str
    text_en: str
    amounts: dict[str, int] = field(default_factory=dict)
    max_rank: int = 2
    requires_proposer: bool = True
    per_product_amount: int = 0
    tiers: tuple[Tier, ...] = ()
    one_off: bool = False


@dataclass(frozen=True)
class Delegation:
    """Kinds of award that enterprises of the counties receive from their tax county (四.3.3)."""

    id: str
    kinds: tuple[Kind, ...]
    text_zh: str
    text_en: str


@dataclass(frozen=True)
class Parameters:
    """The open choices of the source document, each with its documented default."""

    split_between_top_two: SplitRule = "each_full"
    max_products_per_year: int | None = None
    require_export_evidence: bool = True
    accepted_adoption_degrees: tuple[str, ...] = COUNTED_ADOPTION_DEGREES
    innovative_list_year: ListYear = "application_year"
    one_off_scope: OneOffScope = "per_committee"
    earliest_event_date: dt.date | None = None
    proposer_reading: ProposerReading = "proposer_required"


@dataclass(frozen=True)
class Policy:
    name: str
    name_en: str
    version: str
    valid_from: dt.date
    valid_to: dt.date | None
    payer: Payer
    jurisdiction: Jurisdiction
    clauses: tuple[Clause, ...]
    parameters: Parameters = Parameters()
    delegation: Delegation | None = None
    example: bool = False
    source: str = ""
    parameter_notes: dict[str, dict[str, str]] = field(default_factory=dict)

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def clause_for(self, kind: Kind) -> Clause | None:
        return next((c for c in self.clauses if c.kind == kind), None)

    def covers(self, scope: Scope, district_code: str, on: dt.date | None = None) -> bool:
        district = self.jurisdiction.district(district_code, on)
        if district is None:
            return False
        return district.urban_area if scope == "urban_area" else True


# --- reading and writing ------------------------------------------------------------------


def _payer(r: Reader) -> Payer:
    payer = Payer(r.req_text("code"), r.req_text("name_zh"), r.req_text("name_en"))
    r.done()
    return payer


def _district(r: Reader) -> District:
    d = District(
        r.req_text("code"),
        r.req_text("name_zh"),
        r.req_text("name_en"),
        r.boolean("urban_area"),
        valid_from=r.date("valid_from", required=False),
        valid_to=r.date("valid_to", required=False),
        successor=r.text("successor", required=False) or None,
    )
    r.done()
    return d


def _district_to_dict(d: District) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": d.code,
        "name_zh": d.name_zh,
        "name_en": d.name_en,
        "urban_area": d.urban_area,
    }
    if d.valid_from is not None:
        out["valid_from"] = d.valid_from.isoformat()
    if d.valid_to is not None:
        out["valid_to"] = d.valid_to.isoformat()
    if d.successor:
        out["successor"] = d.successor
    return out


def _jurisdiction(r: Reader) -> Jurisdiction:
    j = Jurisdiction(
        kind=cast(Literal["city", "county"], r.choice("kind", ("city", "county"))),
        code=r.req_text("code"),
        name_zh=r.req_text("name_zh"),
        name_en=r.req_text("name_en"),
        districts=tuple(_district(d) for d in r.objects("districts", required=True)),
    )
    r.done()
    return j


def _tier(r: Reader) -> Tier:
    t = Tier(
        id=r.req_text("id"),
        cap=r.req_integer("cap", minimum=0),
        requires_urban_area=r.boolean("requires_urban_area", default=False),
        requires_innovative_list=r.boolean("requires_innovative_list", default=False),
        label_zh=r.req_text("label_zh"),
        label_en=r.req_text("label_en"),
    )
    r.done()
    return t


def _amounts(r: Reader | None) -> dict[str, int]:
    if r is None:
        return {}
    amounts: dict[str, int] = {}
    for level in LEVELS:
        value = r.integer(level, required=False, minimum=0)
        if value is not None:
            amounts[level] = value
    r.done()
    return amounts


def _clause(r: Reader) -> Clause:
    kind = cast(Kind, r.choice("kind", KINDS))
    c = Clause(
        id=r.req_text("id"),
        kind=kind,
        scope=cast(Scope, r.choice("scope", SCOPES)),
        text_zh=r.req_text("text_zh"),
        text_en=r.req_text("text_en"),
        amounts=_amounts(r.obj("amounts", required=kind == "standard_drafting")),
        max_rank=r.integer("max_rank", required=False, minimum=1) or 2,
        requires_proposer=r.boolean("requires_proposer", default=True),
        per_product_amount=r.integer(
            "per_product_amount", required=kind == "adoption_export", minimum=0
        )
        or 0,
        tiers=tuple(_tier(t) for t in r.objects("tiers", required=kind == "technical_committee")),
        one_off=r.boolean("one_off", default=False),
    )
    r.done()
    return c


def _parameters(r: Reader | None) -> Parameters:
    if r is None:
        return Parameters()
    p = Parameters(
        split_between_top_two=cast(
            SplitRule,
            r.choice("split_between_top_two", ("each_full", "split_equally"), default="each_full"),
        ),
        max_products_per_year=r.integer("max_products_per_year", required=False, minimum=0),
        require_export_evidence=r.boolean("require_export_evidence", default=True),
        accepted_adoption_degrees=tuple(r.texts("accepted_adoption_degrees"))
        if r.has("accepted_adoption_degrees")
        else COUNTED_ADOPTION_DEGREES,
        innovative_list_year=cast(
            ListYear,
            r.choice(
                "innovative_list_year",
                ("application_year", "establishment_year"),
                default="application_year",
            ),
        ),
        one_off_scope=cast(
            OneOffScope,
            r.choice("one_off_scope", ("per_committee", "per_enterprise"), default="per_committee"),
        ),
        earliest_event_date=r.date("earliest_event_date", required=False),
        proposer_reading=cast(
            ProposerReading,
            r.choice("proposer_reading", PROPOSER_READINGS, default="proposer_required"),
        ),
    )
    r.done()
    return p


def _delegation(r: Reader | None) -> Delegation | None:
    if r is None:
        return None
    kinds = r.texts("kinds")
    for k in kinds:
        if k not in KINDS:
            raise r.fail("kinds", "invalid_value", f"未知奖励类别:{k}", f"Unknown award kind: {k}")
    d = Delegation(
        r.req_text("id"),
        tuple(cast(Kind, k) for k in kinds),
        r.req_text("text_zh"),
        r.req_text("text_en"),
    )
    r.done()
    return d


def _notes(r: Reader) -> dict[str, dict[str, str]]:
    value = r.data.get("parameter_notes")
    r.seen.add("parameter_notes")
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(v, dict) and all(isinstance(x, str) for x in v.values()) for v in value.values()
    ):
        raise r.fail(
            "parameter_notes",
            "invalid_type",
            "parameter_notes 应为 {参数: {zh, en}}。",
            "parameter_notes must map each parameter to {zh, en} texts.",
        )
    return {str(k): dict(v) for k, v in value.items()}


def policy_from_dict(data: object) -> Policy:
    """Read one policy from its JSON shape; raise ``PolicyError`` if it is malformed."""
    r = Reader(data, "", PolicyError)
    valid_from = r.date("valid_from")
    assert valid_from is not None
    policy = Policy(
        name=r.req_text("name"),
        name_en=r.req_text("name_en"),
        version=r.req_text("version"),
        valid_from=valid_from,
        valid_to=r.date("valid_to", required=False),
        payer=_payer(r.req_obj("payer")),
        jurisdiction=_jurisdiction(r.req_obj("jurisdiction")),
        clauses=tuple(_clause(c) for c in r.objects("clauses", required=True)),
        parameters=_parameters(r.obj("parameters", required=False)),
        delegation=_delegation(r.obj("delegation", required=False)),
        example=r.boolean("example", default=False),
        source=r.text("source", required=False) or "",
        parameter_notes=_notes(r),
    )
    r.done()
    kinds = [c.kind for c in policy.clauses]
    if len(set(kinds)) != len(kinds):
        raise PolicyError(
            "duplicate_clause",
            "同一政策中每类奖励只能有一条条款。",
            "A policy has at most one clause per award kind.",
            "clauses",
        )
    if policy.valid_to is not None and policy.valid_to < policy.valid_from:
        raise PolicyError(
            "invalid_period",
            "有效期截止日期早于起始日期。",
            "The validity period ends before it starts.",
            "valid_to",
        )
    return policy


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    """The JSON shape of a policy; ``policy_from_dict(policy_to_dict(p)) == p``."""
    p = policy.parameters
    j = policy.jurisdiction
    out: dict[str, Any] = {
        "name": policy.name,
        "name_en": policy.name_en,
        "version": policy.version,
        "example": policy.example,
        "source": policy.source,
        "valid_from": policy.valid_from.isoformat(),
        "valid_to": _iso(policy.valid_to),
        "payer": {
            "code": policy.payer.code,
            "name_zh": policy.payer.name_zh,
            "name_en": policy.payer.name_en,
        },
        "jurisdiction": {
            "kind": j.kind,
            "code": j.code,
            "name_zh": j.name_zh,
            "name_en": j.name_en,
            "districts": [_district_to_dict(d) for d in j.districts],
        },
        "parameters": {
            "split_between_top_two": p.split_between_top_two,
            "max_products_per_year": p.max_products_per_year,
            "require_export_evidence": p.require_export_evidence,
            "accepted_adoption_degrees": list(p.accepted_adoption_degrees),
            "innovative_list_year": p.innovative_list_year,
            "one_off_scope": p.one_off_scope,
            "earliest_event_date": _iso(p.earliest_event_date),
            "proposer_reading": p.proposer_reading,
        },
        "parameter_notes": policy.parameter_notes,
        "delegation": None,
        "clauses": [_clause_to_dict(c) for c in policy.clauses],
    }
    if policy.delegation:
        d = policy.delegation
        out["delegation"] = {
            "id": d.id,
            "kinds": list(d.kinds),
            "text_zh": d.text_zh,
            "text_en": d.text_en,
        }
    return out


def _clause_to_dict(c: Clause) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": c.id,
        "kind": c.kind,
        "scope": c.scope,
        "text_zh": c.text_zh,
        "text_en": c.text_en,
    }
    if c.kind == "standard_drafting":
        out |= {
            "amounts": dict(c.amounts),
            "max_rank": c.max_rank,
            "requires_proposer": c.requires_proposer,
        }
    elif c.kind == "adoption_export":
        out["per_product_amount"] = c.per_product_amount
    else:
        out["one_off"] = c.one_off
        out["tiers"] = [
            {
                "id": t.id,
                "cap": t.cap,
                "requires_urban_area": t.requires_urban_area,
                "requires_innovative_list": t.requires_innovative_list,
                "label_zh": t.label_zh,
                "label_en": t.label_en,
            }
            for t in c.tiers
        ]
    return out


def policies_from_dict(data: object) -> tuple[Policy, ...]:
    """Read ``{"policies": [...]}`` or a single policy dict."""
    if isinstance(data, dict) and "policies" in data:
        items = data["policies"]
        if not isinstance(items, list):
            raise PolicyError(
                "invalid_type", "policies 应为数组。", "policies must be an array.", "policies"
            )
        result = []
        for i, item in enumerate(items):
            try:
                result.append(policy_from_dict(item))
            except PolicyError as exc:
                where = f"policies[{i}]" + (f".{exc.field}" if exc.field else "")
                raise PolicyError(exc.code, exc.message_zh, exc.message_en, where) from None
        return tuple(result)
    return (policy_from_dict(data),)


def load_policies(path: Path | str) -> tuple[Policy, ...]:
    """Read policies from a JSON file (one policy, or ``{"policies": [...]}``)."""
    with open(path, encoding="utf-8") as handle:
        return policies_from_dict(json.load(handle))


@functools.cache
def default_policies() -> tuple[Policy, ...]:
    """The Yangzhou 2011 city policy and the example 宝应县 county policy."""
    return load_policies(DEFAULT_POLICY_FILE)


# --- choosing the payer's policy -----------------------------------------------------------


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"[.\-]", version)
    )


def event_date(case: Case) -> dt.date:
    """The day whose district map decides the payer: the standard's publication, the
    committee's establishment, else the application date."""
    if case.standard is not None and case.standard.publish_date is not None:
        return case.standard.publish_date
    if case.committee is not None and case.committee.established is not None:
        return case.committee.established
    return case.application_date


def covering_policies(case: Case, policies: Iterable[Policy]) -> list[Policy]:
    """Policies with a clause for the case's kind whose scope includes the enterprise's tax
    district as the map stood on the event's date (``event_date``), at any policy date."""
    result = []
    for policy in policies:
        clause = policy.clause_for(case.kind)
        if clause is not None and policy.covers(
            clause.scope, case.enterprise.tax_district, event_date(case)
        ):
            result.append(policy)
    return result


def select_policy(case: Case, policies: Sequence[Policy]) -> Policy | None:
    """The policy of the payer for this case, valid on its application date, or ``None``.

    The payer follows the enterprise's tax district (纳税关系所在地), never its registered
    address: urban-area enterprises fall under the city's clauses scoped to 市区; enterprises of
    a county, for the kinds the city delegates (四.3.3), under their tax county's policy; the
    committee award is scoped to the whole city, so the city pays it for every enterprise of the
    city. If several policies qualify, the one with the smallest jurisdiction wins, then the
    latest ``valid_from``, then the highest version.
    """
    valid = [p for p in covering_policies(case, policies) if p.valid_on(case.application_date)]
    if not valid:
        return None
    newest_first = sorted(
        valid, key=lambda p: (p.valid_from, _version_key(p.version), p.name), reverse=True
    )
    return min(newest_first, key=lambda p: len(p.jurisdiction.districts))
