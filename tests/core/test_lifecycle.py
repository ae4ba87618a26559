"""The lifecycles of demonstration sites and committees being sought: allowed moves only,
refusals with zh/en reasons."""

import pytest

from biaozhun.core.lifecycle import COMMITTEE_FLOW, SITE_FLOW, TransitionRefused, check_transition


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("declared", "building"),
        ("declared", "revoked"),
        ("building", "accepted"),
        ("building", "revoked"),
        ("accepted", "revoked"),
    ],
)
def test_site_moves(current, target):
    check_transition(SITE_FLOW, current, target)


@pytest.mark.parametrize(
    ("current", "target", "code"),
    [
        ("declared", "accepted", "bad_transition"),  # 验收 before 建设
        ("accepted", "building", "bad_transition"),
        ("revoked", "building", "bad_transition"),  # final
        ("building", "building", "same_state"),
        ("building", "closed", "unknown_state"),
    ],
)
def test_site_refusals(current, target, code):
    with pytest.raises(TransitionRefused) as caught:
        check_transition(SITE_FLOW, current, target)
    assert caught.value.code == code
    assert caught.value.message_zh and caught.value.message_en


def test_refusal_names_the_allowed_moves():
    with pytest.raises(TransitionRefused) as caught:
        check_transition(COMMITTEE_FLOW, "applied", "approved")
    assert "公示" in caught.value.message_zh and "publicised" in caught.value.message_en
    with pytest.raises(TransitionRefused) as final:
        check_transition(COMMITTEE_FLOW, "refused", "approved")
    assert "终态" in final.value.message_zh and "final" in final.value.message_en


def test_committee_flow_order():
    assert COMMITTEE_FLOW.next_states("applied") == ["publicised", "refused"]
    assert COMMITTEE_FLOW.next_states("publicised") == ["approved", "refused"]
    assert COMMITTEE_FLOW.is_final("approved") and COMMITTEE_FLOW.is_final("refused")
