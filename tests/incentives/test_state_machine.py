"""Property: whatever sequence of steps anyone tries, an application only ever moves along the
transition table; every refused step leaves it as it was, every accepted one is in its history."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biaozhun.common.errors import DomainError
from biaozhun.incentives import review
from biaozhun.incentives.models import Application

from .conftest import drafting_facts

pytestmark = pytest.mark.django_db
ACTIONS = sorted({action for _, action in review.TRANSITIONS})
ACTORS = ["owner", "bureau", "baoying", "guangling", "stranger"]
_numbers = itertools.count(1)


@pytest.fixture
def cast(urban, county, apply, bureau_user, district_officer, make_enterprise, enterprise_user):
    return {
        "bureau": bureau_user,
        "baoying": district_officer("宝应县"),
        "guangling": district_officer("广陵区"),
        "stranger": enterprise_user(make_enterprise("旁观企业", "邗江区")),
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    county_enterprise=st.booleans(),
    steps=st.lists(
        st.tuples(st.sampled_from(ACTORS), st.sampled_from(ACTIONS), st.booleans()), max_size=8
    ),
)
def test_only_table_transitions_happen(cast, urban, county, apply, county_enterprise, steps):
    enterprise = county if county_enterprise else urban
    facts = drafting_facts(f"GB/T {next(_numbers)}-2013")
    if county_enterprise:
        facts["standard"]["level"] = "provincial_local"
    app = apply(enterprise, facts=facts)
    actors = cast | {"owner": app.created_by}
    accepted = 0
    for actor_name, action, with_note in steps:
        before = Application.objects.get(pk=app.pk).state
        try:
            review.transition(actors[actor_name], app, action, note="理由" if with_note else "")
        except DomainError:
            assert Application.objects.get(pk=app.pk).state == before
            continue
        after = Application.objects.get(pk=app.pk).state
        assert review.TRANSITIONS[(before, action)] == after
        accepted += 1
        if action in {"submit", "withdraw"}:
            assert actor_name == "owner"
        if after == "approved":
            assert actor_name == ("baoying" if county_enterprise else "bureau")
        if before == "bureau_review":
            assert actor_name == "bureau" and not county_enterprise
    assert app.steps.count() == accepted + 1
