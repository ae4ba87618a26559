"""Each clause of 四.3 (incentives) as its own test, against the default Yangzhou 2011 policy."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from typing import Any

import pytest

from biaozhun.core.incentives import (
    Decision,
    Policy,
    PriorAward,
    case_from_dict,
    decide,
    default_policies,
    evaluate,
    select_policy,
)

URBAN = "321003"  # 邗江区
BAOYING = "321023"  # 宝应县 (county)
GAOYOU = "321084"  # 高邮市 (county-level city, no policy configured)


def city() -> Policy:
    return default_policies()[0]


def baoying() -> Policy:
    return default_policies()[1]


def merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def drafting(**changes: Any) -> dict[str, Any]:
    base = {
        "kind": "standard_drafting",
        "application_date": "2014-03-10",
        "year": 2014,
        "enterprise": {"name": "扬州示例电缆有限公司", "district": URBAN},
        "standard": {
            "level": "national",
            "designation": "GB/T 99999-2013",
            "approved": True,
            "published": True,
            "publish_date": "2013-11-12",
        },
        "drafting": {"proposer": True, "rank": 1},
    }
    return merge(base, changes)


def product(name: str, **changes: Any) -> dict[str, Any]:
    base = {
        "name": name,
        "adopted_standard": "IEC 60598-2-3:2002",
        "adopted_standard_kind": "international",
        "exported": True,
        "export_evidence": "报关单 0001",
    }
    return merge(base, changes)


def adoption(*products: dict[str, Any], **changes: Any) -> dict[str, Any]:
    base = {
        "kind": "adoption_export",
        "application_date": "2013-06-20",
        "year": 2013,
        "enterprise": {"name": "扬州示例灯具有限公司", "district": URBAN},
        "products": list(products) or [product("LED 路灯")],
    }
    return merge(base, changes)


def committee(**changes: Any) -> dict[str, Any]:
    base = {
        "kind": "technical_committee",
        "application_date": "2014-09-01",
        "year": 2014,
        "enterprise": {
            "name": "扬州示例电子书有限公司",
            "district": URBAN,
            "innovative_list_years": [2014],
        },
        "committee": {
            "kind": "SC",
            "code": "SAC/TC 999/SC 9",
            "national": True,
            "secretariat_here": True,
            "established": "2014-05-20",
        },
    }
    return merge(base, changes)


def run(data: dict[str, Any], policies: tuple[Policy, ...] | None = None) -> Decision:
    return decide(case_from_dict(data), policies)


def refused_by(decision: Decision, condition: str) -> None:
    assert not decision.eligible
    assert decision.amount is None
    assert decision.deciding_condition == condition
    # the Chinese letter names the deciding check by its sentence (no rule ids, issue 16 §3),
    # the English one by its id as well
    assert decision.deciding_check.message_zh in decision.explanation_zh
    assert condition not in decision.explanation_zh and condition in decision.explanation_en


# --- 四.3.1 standard drafting -----------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "amount"),
    [
        ("international", 600_000),
        ("national", 200_000),
        ("industry", 150_000),
        ("provincial_local", 50_000),
        ("municipal_local", 20_000),
    ],
)
def test_drafting_amount_per_level(level: str, amount: int) -> None:
    d = run(drafting(standard={"level": level}))
    assert d.eligible and d.amount == amount
    assert d.payer_code == "city:321000" and d.payer_zh == "扬州市财政局"
    assert d.deciding_condition == "amount.level" and d.deciding_clause == "四.3.1"
    assert d.basis == "level_amount" and d.cap is None


@pytest.mark.parametrize("rank", [1, 2])
def test_drafting_rank_one_and_two_eligible(rank: int) -> None:
    assert run(drafting(drafting={"rank": rank})).amount == 200_000


@pytest.mark.parametrize("rank", [3, 7])
def test_drafting_rank_three_and_below_refused(rank: int) -> None:
    refused_by(run(drafting(drafting={"rank": rank})), "drafting.rank")


def test_drafting_unpublished_refused() -> None:
    refused_by(
        run(drafting(standard={"published": False, "publish_date": None})), "standard.published"
    )


def test_drafting_not_approved_refused() -> None:
    refused_by(run(drafting(standard={"approved": False})), "standard.approved")


def test_drafting_not_proposer_refused() -> None:
    refused_by(run(drafting(drafting={"proposer": False})), "drafting.proposer")


@pytest.mark.parametrize("level", ["group", "enterprise"])
def test_group_and_enterprise_standards_refused(level: str) -> None:
    d = run(drafting(standard={"level": level, "designation": "T/YZ 001-2014"}))
    refused_by(d, "standard.level")
    assert "不在本条所列级别" in d.deciding_check.message_zh


def test_drafting_published_before_the_policy_is_not_retroactive() -> None:
    refused_by(run(drafting(standard={"publish_date": "2010-12-01"})), "standard.publish_date")


def test_drafting_published_after_the_application_refused() -> None:
    refused_by(run(drafting(standard={"publish_date": "2014-05-01"})), "standard.publish_date")


def test_first_failure_decides_but_every_condition_is_checked() -> None:
    d = run(drafting(standard={"approved": False}, drafting={"rank": 3, "proposer": False}))
    assert d.deciding_condition == "standard.approved"
    failed = [c.condition for c in d.checks if not c.passed]
    assert failed == ["standard.approved", "drafting.proposer", "drafting.rank"]


def test_drafting_same_standard_twice_is_a_duplicate() -> None:
    first = run(drafting())
    assert first.award_keys == ("standard:GB/T99999-2013",)
    again = drafting(
        prior_awards=[{"kind": "standard_drafting", "key": "standard:GB/T 99999—2013"}]
    )
    refused_by(run(again), "award.not_duplicate")


def test_drafting_prior_award_passed_to_evaluate() -> None:
    case = case_from_dict(drafting())
    prior = [PriorAward("standard_drafting", "standard:gb/t 99999-2013")]
    refused_by(evaluate(case, city(), prior), "award.not_duplicate")


def test_split_parameter_each_full_by_default() -> None:
    d = run(drafting(drafting={"co_drafters_top_two": 1}))
    assert d.amount == 200_000
    assert "each_full" in d.deciding_check.message_en


def test_split_parameter_split_equally() -> None:
    base = city()
    params = dataclasses.replace(base.parameters, split_between_top_two="split_equally")
    policy = dataclasses.replace(base, parameters=params)
    shared = evaluate(case_from_dict(drafting(drafting={"co_drafters_top_two": 1})), policy)
    assert shared.amount == 100_000
    alone = evaluate(case_from_dict(drafting()), policy)
    assert alone.amount == 200_000


# --- 四.3.3 county enterprises: payer follows the tax district ---------------------------


def test_county_enterprise_is_paid_by_its_county() -> None:
    d = run(drafting(enterprise={"district": BAOYING}, standard={"level": "industry"}))
    assert d.eligible and d.payer_code == "county:321023" and d.payer_zh == "宝应县财政局"
    assert d.policy_example and d.amount == 80_000  # the example county's own amount
    assert d.deciding_clause == "宝应-1"


def test_county_enterprise_under_the_city_policy_is_refused() -> None:
    d = evaluate(case_from_dict(drafting(enterprise={"district": BAOYING})), city())
    refused_by(d, "enterprise.urban_area")
    assert "四.3.3" in d.deciding_check.message_zh


def test_tax_relationship_elsewhere_than_registered_address() -> None:
    # registered in the urban area, taxed in 宝应县: 宝应县 pays
    d = run(drafting(enterprise={"district": URBAN, "tax_district": BAOYING}))
    assert d.payer_code == "county:321023"
    assert any(c.condition == "enterprise.tax_district" for c in d.checks)
    # registered in 宝应县, taxed in the urban area: the city pays
    d = run(drafting(enterprise={"district": BAOYING, "tax_district": URBAN}))
    assert d.payer_code == "city:321000" and d.amount == 200_000


def test_county_without_a_policy_is_refused_with_the_reason() -> None:
    d = run(drafting(enterprise={"district": GAOYOU}))
    refused_by(d, "policy.available")
    assert d.payer_code is None and d.deciding_clause == "四.3.3"
    assert "高邮市" in d.explanation_zh


def test_enterprise_outside_the_city_is_refused() -> None:
    refused_by(run(drafting(enterprise={"district": "320100"})), "policy.available")


def test_select_policy_by_kind_and_tax_district() -> None:
    policies = default_policies()
    assert select_policy(case_from_dict(drafting()), policies) is policies[0]
    county = case_from_dict(adoption(enterprise={"district": BAOYING}))
    assert select_policy(county, policies) is policies[1]
    # the committee award is the city's for every enterprise of the city
    tc = case_from_dict(committee(enterprise={"district": BAOYING}))
    assert select_policy(tc, policies) is policies[0]


def test_application_outside_the_policy_period() -> None:
    d = run(drafting(application_date="2016-03-01", year=2016))
    refused_by(d, "policy.valid_on_date")
    assert d.policy_name == city().name


def test_newer_policy_version_takes_over_on_its_date() -> None:
    newer = dataclasses.replace(
        city(), version="2016.1", valid_from=dt.date(2016, 1, 1), valid_to=None
    )
    policies = (*default_policies(), newer)
    assert run(drafting(), policies).policy_version == "2011.1"
    later = drafting(application_date="2017-03-01", year=2017)
    assert run(later, policies).policy_version == "2016.1"


# --- 四.3.2 adoption with export -----------------------------------------------------------


def test_adoption_three_products_thirty_thousand() -> None:
    d = run(adoption(product("A"), product("B"), product("C")))
    assert d.eligible and d.amount == 30_000 and d.basis == "per_product"
    assert d.deciding_condition == "amount.per_product" and d.deciding_clause == "四.3.2"
    assert len(d.award_keys) == 3


def test_adoption_product_not_exported_is_excluded() -> None:
    d = run(adoption(product("A"), product("B"), product("C"), product("D", exported=False)))
    assert d.amount == 30_000
    excluded = [p for p in d.products if not p.eligible]
    assert [(p.name, p.condition) for p in excluded] == [("D", "product.exported")]


def test_adoption_without_export_evidence_excluded() -> None:
    d = run(adoption(product("A"), product("B", export_evidence=None)))
    assert d.amount == 10_000
    assert d.products[1].condition == "product.export_evidence"


def test_adoption_domestic_standard_or_neq_excluded() -> None:
    d = run(
        adoption(
            product("A"),
            product("B", adopted_standard="GB/T 7000.1", adopted_standard_kind="other"),
            product("C", adoption_degree="NEQ"),
        )
    )
    assert d.amount == 10_000
    assert [p.condition for p in d.products] == [
        "amount.per_product",
        "product.adopted_standard_kind",
        "product.adoption_degree",
    ]


def test_adoption_no_product_qualifies() -> None:
    refused_by(run(adoption(product("A", exported=False))), "products.any_eligible")


def test_adoption_product_rewarded_before_and_twice_in_one_application() -> None:
    prior = [{"kind": "adoption_export", "key": "product:A|IEC 60598-2-3:2002", "year": 2012}]
    d = run(adoption(product("A"), product("B"), product("B"), prior_awards=prior))
    assert d.amount == 10_000
    assert [p.condition for p in d.products] == [
        "product.not_duplicate",
        "amount.per_product",
        "product.not_duplicate",
    ]


def test_adoption_county_enterprise_paid_by_county_with_yearly_limit() -> None:
    products = [product(f"P{i}") for i in range(7)]
    prior = [{"kind": "adoption_export", "key": "product:OLD|ISO 1", "year": 2013}]
    d = run(adoption(*products, enterprise={"district": BAOYING}, prior_awards=prior))
    assert d.payer_code == "county:321023"
    # example county: 5 a year, one already this year, 5,000 each
    assert d.amount == 4 * 5_000
    assert [p.condition for p in d.products][-3:] == ["product.yearly_limit"] * 3


def test_adoption_urban_enterprise_of_a_zone() -> None:
    assert run(adoption(enterprise={"district": "3210ETDZ"})).payer_code == "city:321000"


# --- 四.3.4 technical committees -------------------------------------------------------------


def test_committee_innovative_urban_enterprise_cap_600k() -> None:
    d = run(committee())
    assert d.eligible and d.cap == 600_000 and d.amount == 600_000 and d.basis == "up_to_cap"
    assert d.deciding_condition == "amount.cap_tier" and d.deciding_clause == "四.3.4"
    assert "上限" in d.explanation_zh and "up to" in d.explanation_en


def test_committee_requested_amount_within_cap() -> None:
    assert run(committee(requested_amount=500_000)).amount == 500_000
    assert run(committee(requested_amount=900_000)).amount == 600_000


def test_committee_list_of_an_earlier_year_does_not_count() -> None:
    d = run(committee(enterprise={"innovative_list_years": [2013]}))
    assert d.eligible and d.cap == 300_000 and d.amount == 300_000


def test_committee_list_year_parameter_establishment_year() -> None:
    base = city()
    policy = dataclasses.replace(
        base,
        parameters=dataclasses.replace(base.parameters, innovative_list_year="establishment_year"),
    )
    case = case_from_dict(
        committee(
            enterprise={"innovative_list_years": [2013]},
            committee={"established": "2013-10-01"},
        )
    )
    assert evaluate(case, policy).cap == 600_000


def test_committee_urban_enterprise_not_on_list_cap_300k() -> None:
    assert run(committee(enterprise={"innovative_list_years": []})).cap == 300_000


def test_committee_county_enterprise_paid_by_city_cap_300k() -> None:
    d = run(committee(enterprise={"district": BAOYING}))
    assert d.payer_code == "city:321000" and d.cap == 300_000


def test_committee_one_off_refused_the_second_time() -> None:
    first = run(committee())
    assert first.award_keys == ("committee:SAC/TC999/SC9",)
    prior = [{"kind": "technical_committee", "key": first.award_keys[0], "year": 2014}]
    refused_by(run(committee(prior_awards=prior)), "award.not_duplicate")
    # another committee at the same enterprise is a new award by default (per_committee) ...
    other = committee(prior_awards=prior, committee={"code": "SAC/TC 998"})
    assert run(other).eligible
    # ... and refused when the policy makes the award once per enterprise
    base = city()
    policy = dataclasses.replace(
        base, parameters=dataclasses.replace(base.parameters, one_off_scope="per_enterprise")
    )
    refused_by(evaluate(case_from_dict(other), policy), "award.not_duplicate")


def test_committee_not_national_refused() -> None:
    refused_by(run(committee(committee={"national": False})), "committee.national")


def test_committee_secretariat_elsewhere_refused() -> None:
    refused_by(run(committee(committee={"secretariat_here": False})), "committee.secretariat_here")


def test_policy_without_a_clause_for_the_kind() -> None:
    d = evaluate(case_from_dict(committee(enterprise={"district": BAOYING})), baoying())
    refused_by(d, "policy.clause_for_kind")
