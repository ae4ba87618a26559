"""The facts of an incentive application (激励申请), as plain frozen dataclasses.

A ``Case`` holds what an applicant claims and the office has checked: who the enterprise is and
where its tax relationship lies (纳税关系所在地), and, depending on the kind of award, the
standard it drafted, the products that adopt international standards and are exported, or the
national technical committee seated at it. ``case_from_dict`` reads the JSON shape documented in
``docs/incentives.md`` and raises ``CaseError`` (stable code, zh/en message, field path) for
anything malformed, so that ``evaluate`` only ever sees well-formed facts.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal, cast

from ._reader import InputError, Reader

Kind = Literal["standard_drafting", "adoption_export", "technical_committee"]
KINDS: tuple[Kind, ...] = ("standard_drafting", "adoption_export", "technical_committee")

Level = Literal[
    "international",
    "national",
    "industry",
    "provincial_local",
    "municipal_local",
    "group",
    "enterprise",
]
LEVELS: tuple[Level, ...] = (
    "international",
    "national",
    "industry",
    "provincial_local",
    "municipal_local",
    "group",
    "enterprise",
)

AdoptedKind = Literal["international", "foreign_advanced", "other"]
ADOPTED_KINDS: tuple[AdoptedKind, ...] = ("international", "foreign_advanced", "other")
AdoptionDegree = Literal["IDT", "MOD", "NEQ"]
ADOPTION_DEGREES: tuple[AdoptionDegree, ...] = ("IDT", "MOD", "NEQ")
#: What counts as "an adoption" (采标) everywhere — the incentive's default and the programme's
#: 500-adoption target: identical (IDT) or modified (MOD) adoption, one per product made to
#: the standard. A non-equivalent (NEQ) standard is not an adoption under
#: 《采用国际标准管理办法》; the programme shows NEQ rows apart (docs/programme.md).
COUNTED_ADOPTION_DEGREES: tuple[AdoptionDegree, ...] = ("IDT", "MOD")
CommitteeKind = Literal["TC", "SC", "WG"]
COMMITTEE_KINDS: tuple[CommitteeKind, ...] = ("TC", "SC", "WG")


class CaseError(InputError):
    """A malformed case dict: ``code``, ``message_zh``, ``message_en``, ``field``."""


@dataclass(frozen=True)
class Enterprise:
    """The applicant. ``tax_district`` (纳税关系所在地) decides the payer and may differ from
    ``district``, the district of the registered address."""

    name: str
    district: str
    tax_district: str
    innovative_list_years: tuple[int, ...] = ()
    credit_code: str | None = None


@dataclass(frozen=True)
class StandardFacts:
    """The standard drafted (标准): its level and whether it was approved and published."""

    level: Level
    designation: str
    approved: bool
    published: bool
    publish_date: dt.date | None = None
    title: str | None = None


@dataclass(frozen=True)
class DraftingFacts:
    """The applicant's part in drafting: proposer of the project (项目提出单位), its rank among
    the drafting units, and how many *other* enterprises of the city are ranked first or second."""

    proposer: bool
    rank: int
    co_drafters_top_two: int = 0


@dataclass(frozen=True)
class Product:
    """A product made to an international or foreign advanced standard (采标产品)."""

    name: str
    adopted_standard: str
    adopted_standard_kind: AdoptedKind
    exported: bool
    export_evidence: str | None = None
    adoption_degree: AdoptionDegree | None = None


@dataclass(frozen=True)
class Committee:
    """A technical committee (TC), subcommittee (SC) or working group (WG)."""

    kind: CommitteeKind
    code: str
    national: bool
    secretariat_here: bool
    established: dt.date | None = None
    name: str | None = None


@dataclass(frozen=True)
class PriorAward:
    """An award this enterprise already received: the same ``kind`` and ``key`` is a duplicate."""

    kind: Kind
    key: str
    year: int | None = None
    amount: int | None = None


@dataclass(frozen=True)
class Case:
    """One application: the facts ``evaluate`` decides on. ``year`` is the award year (the year
    whose innovative-enterprise list counts); ``application_date`` picks the policy version."""

    kind: Kind
    enterprise: Enterprise
    application_date: dt.date
    year: int
    standard: StandardFacts | None = None
    drafting: DraftingFacts | None = None
    products: tuple[Product, ...] = ()
    committee: Committee | None = None
    prior_awards: tuple[PriorAward, ...] = ()
    requested_amount: int | None = None
    reference: str | None = None


Application = Case


def normalise_key(text: str) -> str:
    """Fold a designation, code or product name for comparison: half-width, upper-case, no
    spaces, every dash a hyphen (``GB/T 1234—2008`` and ``gb/t1234-2008`` are the same)."""
    folded = unicodedata.normalize("NFKC", text).upper()
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc":
        folded = folded.replace(dash, "-")
    return "".join(ch for ch in folded if not ch.isspace())


def standard_key(standard: StandardFacts) -> str:
    return "standard:" + normalise_key(standard.designation)


def product_key(product: Product) -> str:
    return f"product:{normalise_key(product.name)}|{normalise_key(product.adopted_standard)}"


def committee_key(committee: Committee) -> str:
    return "committee:" + normalise_key(committee.code)


# --- reading -------------------------------------------------------------------------------


def _enterprise(r: Reader) -> Enterprise:
    district = r.req_text("district")
    tax = r.text("tax_district", required=False) or district
    years = tuple(sorted(set(r.integers("innovative_list_years"))))
    result = Enterprise(
        name=r.req_text("name"),
        district=district,
        tax_district=tax,
        innovative_list_years=years,
        credit_code=r.text("credit_code", required=False),
    )
    r.done()
    return result


def _standard(r: Reader) -> StandardFacts:
    result = StandardFacts(
        level=cast(Level, r.choice("level", LEVELS)),
        designation=r.req_text("designation"),
        approved=r.boolean("approved"),
        published=r.boolean("published"),
        publish_date=r.date("publish_date", required=False),
        title=r.text("title", required=False),
    )
    r.done()
    return result


def _drafting(r: Reader) -> DraftingFacts:
    result = DraftingFacts(
        proposer=r.boolean("proposer"),
        rank=r.req_integer("rank", minimum=1),
        co_drafters_top_two=r.integer("co_drafters_top_two", required=False, minimum=0) or 0,
    )
    if result.co_drafters_top_two > 1:
        raise r.fail(
            "co_drafters_top_two",
            "invalid_value",
            "排名前两位的其他本市企业最多 1 家。",
            "At most one other enterprise of the city can be ranked first or second.",
        )
    r.done()
    return result


def _product(r: Reader) -> Product:
    degree = r.choice("adoption_degree", (*ADOPTION_DEGREES, ""), default="")
    result = Product(
        name=r.req_text("name"),
        adopted_standard=r.req_text("adopted_standard"),
        adopted_standard_kind=cast(AdoptedKind, r.choice("adopted_standard_kind", ADOPTED_KINDS)),
        exported=r.boolean("exported"),
        export_evidence=r.text("export_evidence", required=False),
        adoption_degree=cast(AdoptionDegree, degree) if degree else None,
    )
    r.done()
    return result


def _committee(r: Reader) -> Committee:
    result = Committee(
        kind=cast(CommitteeKind, r.choice("kind", COMMITTEE_KINDS)),
        code=r.req_text("code"),
        national=r.boolean("national"),
        secretariat_here=r.boolean("secretariat_here"),
        established=r.date("established", required=False),
        name=r.text("name", required=False),
    )
    r.done()
    return result


def _prior(r: Reader) -> PriorAward:
    result = PriorAward(
        kind=cast(Kind, r.choice("kind", KINDS)),
        key=normalise_prior_key(r.req_text("key")),
        year=r.integer("year", required=False),
        amount=r.integer("amount", required=False, minimum=0),
    )
    r.done()
    return result


def normalise_prior_key(key: str) -> str:
    """Keys are ``<type>:<value>``; the value part is folded like ``normalise_key``."""
    prefix, sep, rest = key.partition(":")
    if not sep:
        return normalise_key(key)
    if prefix == "product":
        name, bar, standard = rest.partition("|")
        return f"product:{normalise_key(name)}{bar}{normalise_key(standard)}"
    return f"{prefix}:{normalise_key(rest)}"


def case_from_dict(data: object) -> Case:
    """Read a case from its JSON shape; raise ``CaseError`` if it is malformed."""
    r = Reader(data, "", CaseError)
    kind = cast(Kind, r.choice("kind", KINDS))
    application_date = r.date("application_date")
    assert application_date is not None
    year = r.integer("year", required=False, minimum=1900) or application_date.year
    standard_r = r.obj("standard", required=kind == "standard_drafting")
    drafting_r = r.obj("drafting", required=kind == "standard_drafting")
    committee_r = r.obj("committee", required=kind == "technical_committee")
    products = tuple(_product(p) for p in r.objects("products"))
    if kind == "adoption_export" and not products:
        raise r.fail(
            "products",
            "missing_field",
            "采标出口奖励申请至少需要一个产品。",
            "An adoption-with-export application needs at least one product.",
        )
    case = Case(
        kind=kind,
        enterprise=_enterprise(r.req_obj("enterprise")),
        application_date=application_date,
        year=year,
        standard=_standard(standard_r) if standard_r else None,
        drafting=_drafting(drafting_r) if drafting_r else None,
        products=products,
        committee=_committee(committee_r) if committee_r else None,
        prior_awards=tuple(_prior(p) for p in r.objects("prior_awards")),
        requested_amount=r.integer("requested_amount", required=False, minimum=1),
        reference=r.text("reference", required=False),
    )
    r.done()
    return case


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def case_to_dict(case: Case) -> dict[str, Any]:
    """The JSON shape of a case; ``case_from_dict(case_to_dict(c)) == c`` for read cases."""
    e = case.enterprise
    out: dict[str, Any] = {
        "kind": case.kind,
        "reference": case.reference,
        "application_date": case.application_date.isoformat(),
        "year": case.year,
        "enterprise": {
            "name": e.name,
            "district": e.district,
            "tax_district": e.tax_district,
            "innovative_list_years": list(e.innovative_list_years),
            "credit_code": e.credit_code,
        },
    }
    if case.standard:
        s = case.standard
        out["standard"] = {
            "level": s.level,
            "designation": s.designation,
            "title": s.title,
            "approved": s.approved,
            "published": s.published,
            "publish_date": _date(s.publish_date),
        }
    if case.drafting:
        d = case.drafting
        out["drafting"] = {
            "proposer": d.proposer,
            "rank": d.rank,
            "co_drafters_top_two": d.co_drafters_top_two,
        }
    if case.products:
        out["products"] = [
            {
                "name": p.name,
                "adopted_standard": p.adopted_standard,
                "adopted_standard_kind": p.adopted_standard_kind,
                "adoption_degree": p.adoption_degree,
                "exported": p.exported,
                "export_evidence": p.export_evidence,
            }
            for p in case.products
        ]
    if case.committee:
        c = case.committee
        out["committee"] = {
            "kind": c.kind,
            "code": c.code,
            "name": c.name,
            "national": c.national,
            "secretariat_here": c.secretariat_here,
            "established": _date(c.established),
        }
    out["prior_awards"] = [
        {"kind": p.kind, "key": p.key, "year": p.year, "amount": p.amount}
        for p in case.prior_awards
    ]
    out["requested_amount"] = case.requested_amount
    return out
