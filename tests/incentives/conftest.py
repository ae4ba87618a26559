"""Fixtures of the incentives tests: the default policies stored, enterprises of the urban area
and of a county, and application facts of each kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture
def policies(yangzhou: Any) -> Any:
    from biaozhun.incentives.policies import load_default_policies

    load_default_policies()
    from biaozhun.incentives.models import Policy

    return Policy.objects.all()


def drafting_facts(designation: str = "GB/T 99999-2013", **standard: Any) -> dict[str, Any]:
    drafting = standard.pop("drafting", {"proposer": True, "rank": 1})
    return {
        "standard": {
            "level": "national",
            "designation": designation,
            "title": "示例标准(虚构)",
            "approved": True,
            "published": True,
            "publish_date": "2013-11-12",
        }
        | standard,
        "drafting": drafting,
    }


def committee_facts(code: str = "SAC/TC 999/SC 9", requested: int | None = 500000) -> dict:
    facts: dict[str, Any] = {
        "committee": {
            "kind": "SC",
            "code": code,
            "name": "示例分技术委员会",
            "national": True,
            "secretariat_here": True,
            "established": "2014-05-20",
        }
    }
    if requested:
        facts["requested_amount"] = requested
    return facts


def adoption_facts(*names: str) -> dict[str, Any]:
    return {
        "products": [
            {
                "name": name,
                "adopted_standard": "IEC 60598-2-3:2002",
                "adopted_standard_kind": "international",
                "adoption_degree": "IDT",
                "exported": True,
                "export_evidence": f"报关单 {i}",
            }
            for i, name in enumerate(names or ("LED 路灯",))
        ]
    }


DAY = dt.date(2014, 3, 10)


@pytest.fixture
def urban(make_enterprise: Any, policies: Any) -> Any:
    return make_enterprise("邗江示例企业", "邗江区")


@pytest.fixture
def county(make_enterprise: Any, policies: Any) -> Any:
    return make_enterprise("宝应示例企业", "宝应县")


@pytest.fixture
def apply(enterprise_user: Any) -> Any:
    """Create an application as the enterprise's own user."""
    from biaozhun.incentives.applications import create_application

    users: dict[int, Any] = {}

    def make(enterprise: Any, kind: str = "standard_drafting", facts: Any = None, **kw: Any) -> Any:
        if enterprise.pk not in users:
            users[enterprise.pk] = enterprise_user(enterprise)
        facts = facts if facts is not None else drafting_facts()
        kw.setdefault("application_date", DAY)
        return create_application(users[enterprise.pk], enterprise, kind, facts, **kw)

    make.user_of = lambda enterprise: users[enterprise.pk]  # type: ignore[attr-defined]
    return make
