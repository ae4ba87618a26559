"""The dated district map of the incentive engine (issue 18 §1): 江都 was the county-level
江都市 until the State Council's approval of 2011-11-13, so policy 2011.1 treats an event in
江都 before that day as a county's (四.3.3) and one after as the urban area's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from biaozhun.core.incentives import case_from_dict, decide, default_policies
from biaozhun.core.incentives.policy import policy_from_dict, policy_to_dict


def drafting(published: str, applied: str, district: str = "321012") -> Any:
    return case_from_dict(
        {
            "kind": "standard_drafting",
            "enterprise": {"name": "江都企业", "district": district, "tax_district": district},
            "application_date": applied,
            "year": int(applied[:4]),
            "standard": {
                "level": "national",
                "designation": "GB/T 2-2011",
                "approved": True,
                "published": True,
                "publish_date": published,
            },
            "drafting": {"proposer": True, "rank": 1},
        }
    )


def city() -> Any:
    return next(p for p in default_policies() if p.version == "2011.1")


def test_the_2011_map_is_dated() -> None:
    j = city().jurisdiction
    before, after = dt.date(2011, 11, 12), dt.date(2011, 11, 13)
    assert j.district("321012", before).code == "321088"  # 江都市, a county-level city
    assert not j.district("321012", before).urban_area
    assert j.district("321012", after).code == "321012" and j.district("321012", after).urban_area
    assert j.district("321011", before).name_zh == "维扬区"
    assert j.district("321011", after) is None  # merged into 邗江区
    assert j.district("321003", before).code == "321003"


def test_jiangdu_before_the_change_is_a_county_enterprise() -> None:
    decision = decide(drafting("2011-06-01", "2011-09-01"))
    assert not decision.eligible and decision.deciding_condition == "policy.available"
    assert "321088 江都市" in decision.explanation_zh and "四.3.3" in decision.explanation_zh


def test_jiangdu_after_the_change_is_urban() -> None:
    decision = decide(drafting("2012-03-01", "2012-06-01"))
    assert decision.eligible and decision.amount == 200000
    assert decision.payer_code == "city:321000"


def test_committee_of_jiangdu_before_the_change_gets_the_other_enterprise_cap() -> None:
    case = case_from_dict(
        {
            "kind": "technical_committee",
            "enterprise": {
                "name": "江都企业",
                "district": "321012",
                "tax_district": "321012",
                "innovative_list_years": [2011],
            },
            "application_date": "2011-10-01",
            "year": 2011,
            "committee": {
                "kind": "SC",
                "code": "SAC/TC 1/SC 1",
                "national": True,
                "secretariat_here": True,
                "established": "2011-05-01",
            },
        }
    )
    decision = decide(case)
    assert decision.eligible and decision.cap == 300000  # not urban on 2011-05-01
    notes = [c for c in decision.checks if c.condition == "enterprise.district_on_date"]
    assert notes and "江都市" in notes[0].message_zh


def test_dated_districts_survive_the_json_round_trip() -> None:
    policy = city()
    assert policy_from_dict(policy_to_dict(policy)) == policy
