"""The proposer rule as a policy parameter (issue 18 §1): the bureau confirms the reading on
the policy screen; each decision names the reading that applied."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from biaozhun.core.incentives import case_from_dict, decide
from biaozhun.incentives.models import Policy
from biaozhun.incentives.policies import confirm_proposer_reading, load_default_policies

pytestmark = pytest.mark.django_db


def drafting_case(proposer: bool) -> Any:
    return case_from_dict(
        {
            "kind": "standard_drafting",
            "enterprise": {"name": "甲", "district": "321002", "tax_district": "321002"},
            "application_date": "2012-06-01",
            "year": 2012,
            "standard": {
                "level": "national",
                "designation": "GB/T 1-2012",
                "approved": True,
                "published": True,
                "publish_date": "2012-03-01",
            },
            "drafting": {"proposer": proposer, "rank": 1},
        }
    )


def test_literal_reading_refuses_and_says_so() -> None:
    decision = decide(drafting_case(False))
    assert not decision.eligible and decision.deciding_condition == "drafting.proposer"
    assert "须为项目提出单位" in decision.explanation_zh
    assert "the proposer is required" in decision.explanation_en


def test_confirmed_main_drafter_reading_pays_and_names_it(
    yangzhou: Any, bureau_user: Any, client: Any, make_user: Any
) -> None:
    load_default_policies()
    city = Policy.objects.get(payer_code="city:321000")
    client.force_login(bureau_user)
    page = client.get(reverse("incentives:policy", args=[city.pk])).text
    assert 'data-testid="proposer-reading"' in page and "尚未经市局确认" in page
    # a county officer may not confirm the city's reading
    officer = make_user("district_officer", district=yangzhou.districts.get(code="321023"))
    client.force_login(officer)
    url = reverse("incentives:policy_confirm_reading", args=[city.pk])
    assert client.post(url, {"reading": "main_drafter"}).status_code in {403, 404}
    client.force_login(bureau_user)
    assert client.post(url, {"reading": "main_drafter"}).status_code == 302
    city.refresh_from_db()  # no decision referenced it: corrected in place
    core = city.as_core()
    assert core.parameters.proposer_reading == "main_drafter"
    page = client.get(reverse("incentives:policy", args=[city.pk])).text
    assert "确认:main_drafter" in page
    decision = decide(drafting_case(False), [core])
    assert decision.eligible and decision.amount == 200000
    assert "不要求企业为提出单位" in decision.explanation_zh
    proposer = next(c for c in decision.checks if c.condition == "drafting.proposer")
    assert not proposer.required and not proposer.passed


def test_confirming_a_version_in_use_makes_a_new_version(
    yangzhou: Any, bureau_user: Any, monkeypatch: Any
) -> None:
    load_default_policies()
    city = Policy.objects.get(payer_code="city:321000")
    monkeypatch.setattr(type(city.applications), "exists", lambda self: True, raising=False)
    confirmed = confirm_proposer_reading(bureau_user, city, "main_drafter")
    assert confirmed.pk != city.pk and confirmed.version == f"{city.version}.1"
    city.refresh_from_db()
    assert city.as_core().parameters.proposer_reading == "proposer_required"
