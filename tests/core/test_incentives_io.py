"""Reading cases and policies (errors with code, zh/en message and field), the compute command,
and the documented example cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from biaozhun.core.incentives import (
    CaseError,
    PolicyError,
    case_from_dict,
    decide,
    decision_to_dict,
    default_policies,
    policies_from_dict,
    policy_from_dict,
    policy_to_dict,
)
from biaozhun.core.incentives.command import main

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "incentive-cases"


def valid() -> dict[str, Any]:
    return {
        "kind": "standard_drafting",
        "application_date": "2014-03-10",
        "enterprise": {"name": "扬州示例电缆有限公司", "district": "321003"},
        "standard": {
            "level": "national",
            "designation": "GB/T 99999-2013",
            "approved": True,
            "published": True,
            "publish_date": "2013-11-12",
        },
        "drafting": {"proposer": True, "rank": 1},
    }


def test_defaults_year_and_tax_district() -> None:
    case = case_from_dict(valid())
    assert case.year == 2014
    assert case.enterprise.tax_district == "321003"
    assert case.drafting is not None and case.drafting.co_drafters_top_two == 0


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"kind": "bonus"}, "invalid_value", "kind"),
        ({"kind": None}, "missing_field", "kind"),
        ({"application_date": "2014-13-01"}, "invalid_date", "application_date"),
        ({"enterprise": {"name": "x"}}, "missing_field", "enterprise.district"),
        ({"enterprise": "扬州"}, "invalid_type", "enterprise"),
        ({"standard": None}, "missing_field", "standard"),
        ({"drafting": {"proposer": True, "rank": 0}}, "invalid_value", "drafting.rank"),
        ({"drafting": {"proposer": "yes", "rank": 1}}, "invalid_type", "drafting.proposer"),
        (
            {"drafting": {"proposer": True, "rank": 1, "co_drafters_top_two": 2}},
            "invalid_value",
            "drafting.co_drafters_top_two",
        ),
        ({"standrad": {}}, "unknown_field", "standrad"),
        ({"kind": "adoption_export"}, "missing_field", "products"),
        ({"kind": "technical_committee"}, "missing_field", "committee"),
        ({"products": [{"name": "A"}]}, "missing_field", "products[0].adopted_standard"),
        ({"requested_amount": 0}, "invalid_value", "requested_amount"),
    ],
)
def test_malformed_case_raises_case_error(change: dict[str, Any], code: str, field: str) -> None:
    data = valid() | change
    with pytest.raises(CaseError) as info:
        case_from_dict(data)
    assert (info.value.code, info.value.field) == (code, field)
    assert info.value.message_zh and info.value.message_en


def test_not_an_object() -> None:
    with pytest.raises(CaseError) as info:
        case_from_dict([1, 2])
    assert info.value.code == "invalid_type"


def test_comment_keys_are_ignored() -> None:
    assert case_from_dict(valid() | {"_comment": "示例"}).kind == "standard_drafting"


def test_default_policies_round_trip_through_json() -> None:
    for policy in default_policies():
        data = json.loads(json.dumps(policy_to_dict(policy), ensure_ascii=False))
        assert policy_from_dict(data) == policy


def test_default_policy_is_the_2011_city_policy() -> None:
    city, county = default_policies()
    assert city.payer.code == "city:321000" and not city.example
    assert [c.id for c in city.clauses] == ["四.3.1", "四.3.2", "四.3.4"]
    assert city.delegation is not None and city.delegation.id == "四.3.3"
    assert city.parameters.split_between_top_two == "each_full"
    assert city.parameters.max_products_per_year is None
    assert county.example and county.jurisdiction.code == "321023"
    # every clause quotes its source sentence
    source = Path(__file__).resolve().parents[2] / "docs" / "incentives.md"
    if source.exists():
        text = source.read_text(encoding="utf-8")
        for clause in city.clauses:
            assert clause.id in text


def test_malformed_policy_raises_policy_error() -> None:
    data = policy_to_dict(default_policies()[0])
    data["clauses"][0]["amounts"]["national"] = "二十万"
    with pytest.raises(PolicyError) as info:
        policy_from_dict(data)
    assert info.value.field == "clauses[0].amounts.national"
    with pytest.raises(PolicyError) as info:
        policies_from_dict({"policies": [data]})
    assert info.value.field == "policies[0].clauses[0].amounts.national"
    data = policy_to_dict(default_policies()[0])
    data["clauses"].append(data["clauses"][0])
    with pytest.raises(PolicyError) as info:
        policy_from_dict(data)
    assert info.value.code == "duplicate_clause"


def test_compute_command_prints_the_decision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(valid(), ensure_ascii=False), encoding="utf-8")
    assert main(["compute", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["eligible"] is True and out["amount"] == 200_000
    assert out["payer"] == {
        "code": "city:321000",
        "name_zh": "扬州市财政局",
        "name_en": "Yangzhou Municipal Finance Bureau",
    }
    assert list(out) == [
        "reference",
        "kind",
        "eligible",
        "amount",
        "cap",
        "basis",
        "currency",
        "payer",
        "policy",
        "deciding_condition",
        "deciding_clause",
        "checks",
        "products",
        "award_keys",
        "explanation_zh",
        "explanation_en",
    ]
    assert set(out["checks"][0]) == {
        "condition",
        "clause",
        "passed",
        "required",
        "subject",
        "value",
        "message_zh",
        "message_en",
    }


def test_compute_command_reports_a_malformed_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(valid() | {"kind": "x"}), encoding="utf-8")
    assert main(["compute", str(path)]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "invalid_value" and error["field"] == "kind"
    path.write_text("{not json", encoding="utf-8")
    assert main(["compute", str(path)]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "invalid_json"
    assert main(["compute", str(tmp_path / "missing.json")]) == 2
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "unreadable_file"


def test_compute_command_with_own_policies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = policy_to_dict(default_policies()[0])
    policy["clauses"][0]["amounts"]["national"] = 250_000
    policies = tmp_path / "policies.json"
    policies.write_text(json.dumps({"policies": [policy]}, ensure_ascii=False), encoding="utf-8")
    case = tmp_path / "case.json"
    case.write_text(json.dumps(valid(), ensure_ascii=False), encoding="utf-8")
    assert main(["compute", str(case), "--policies", str(policies)]) == 0
    assert json.loads(capsys.readouterr().out)["amount"] == 250_000


EXPECTED = {
    "drafting-national-urban.json": (True, 200_000, "city:321000"),
    "adoption-export-three-products.json": (True, 30_000, "city:321000"),
    "technical-committee-innovative.json": (True, 500_000, "city:321000"),
    "drafting-county-tax-elsewhere.json": (True, 80_000, "county:321023"),
    "drafting-group-standard-refused.json": (False, None, "city:321000"),
}


def test_documented_example_cases() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.json")) == sorted(EXPECTED)
    for name, (eligible, amount, payer) in EXPECTED.items():
        data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
        decision = decide(case_from_dict(data))
        assert (decision.eligible, decision.amount, decision.payer_code) == (
            eligible,
            amount,
            payer,
        ), name
        decision_to_dict(decision)
