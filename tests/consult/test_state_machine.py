"""Property: whatever sequence of moves the desk tries, a submission only ever walks the
outcome graph (illegal moves are refused and change nothing), and its history is that walk."""

from __future__ import annotations

import itertools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biaozhun.common.errors import Conflict
from biaozhun.consult.comments import services as comment_services
from biaozhun.consult.models import Submission

pytestmark = pytest.mark.django_db

STATES = list(Submission.State.values)


class _Rollback(Exception):
    pass


@pytest.fixture
def merged(record, make_enterprise, enterprise_user, comment_data, bureau_user):
    n = record("G/TBT/N/EU/7001")
    user = enterprise_user(make_enterprise("状态机企业"))
    c = comment_services.create_comment(user, n, comment_data())
    comment_services.submit_comment(user, c)
    return comment_services.merge_comments(bureau_user, n, [c.pk])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(moves=st.lists(st.sampled_from(STATES), max_size=8))
def test_only_legal_walks(merged, bureau_user, moves):
    try:
        with transaction.atomic():
            walk = ["draft"]
            for target in moves:
                before = Submission.objects.get(pk=merged.pk)
                legal = target in comment_services.TRANSITIONS[before.state]
                try:
                    comment_services.advance_submission(bureau_user, before, target)
                except Conflict as exc:
                    assert not legal and exc.code == "illegal_transition"
                    assert Submission.objects.get(pk=merged.pk).state == before.state
                else:
                    assert legal
                    walk.append(target)
            final = Submission.objects.get(pk=merged.pk)
            assert final.state == walk[-1]
            recorded = [h["state"] for h in final.history if not h["note"].startswith("merged")]
            assert recorded == walk[1:]
            for a, b in itertools.pairwise(walk):
                assert b in comment_services.TRANSITIONS[a]
            raise _Rollback
    except _Rollback:
        pass
