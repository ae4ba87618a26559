"""The pure alert rules (core.alerting): the risk level (table and properties), the internal
deadline, the WTO rule of a family's effective scope and its state."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biaozhun.core import alerting
from biaozhun.core.alerting import risk_level
from biaozhun.core.workdays import china_calendar, internal_deadline

RANK = {"yellow": 0, "orange": 1, "red": 2}
TODAY = date(2026, 5, 11)
offsets = st.one_of(st.none(), st.integers(min_value=-400, max_value=400))
scores = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def _day(offset):
    return TODAY + timedelta(days=offset) if offset is not None else None


@given(scores, scores, offsets, offsets)
def test_more_relevant_is_never_less_urgent(a, b, comment, force):
    low, high = sorted((a, b))
    assert (
        RANK[risk_level(low, _day(comment), _day(force), TODAY)]
        <= RANK[risk_level(high, _day(comment), _day(force), TODAY)]
    )


@given(scores, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_a_closer_comment_deadline_is_never_less_urgent(score, a, b):
    near, far = sorted((a, b))
    assert (
        RANK[risk_level(score, _day(near), None, TODAY)]
        >= RANK[risk_level(score, _day(far), None, TODAY)]
    )


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)), st.integers(0, 30))
def test_internal_deadline_is_a_working_day_before_the_final_date(final, lead):
    cal = china_calendar()
    internal = internal_deadline(final, lead, cal)
    assert internal <= final and cal.is_working_day(internal)
    if lead:
        assert internal < final


TABLE_DAY = date(2026, 3, 2)  # a Monday


@pytest.mark.parametrize(
    ("score", "comment_days", "force_days", "expected"),
    [
        (0.9, 10, None, "red"),  # relevant and comments due soon
        (0.9, 45, None, "red"),  # very relevant, comments due in 31-60 days
        (0.9, 120, 400, "orange"),  # very relevant, nothing soon
        (0.5, 10, None, "red"),  # relevant enough and urgent
        (0.5, 45, None, "orange"),
        (0.5, 120, 400, "yellow"),
        (0.2, 10, None, "orange"),  # weak match but urgent
        (0.2, 120, 400, "yellow"),
        (0.9, None, 60, "red"),  # entry into force within 90 days
        (0.9, -5, -10, "red"),  # already in force: must comply now
        (0.5, -5, -10, "orange"),
        (0.9, None, None, "red"),  # dates to be determined: find out
        (0.5, None, None, "orange"),
        (0.9, 200, 400, "orange"),  # comments due in more than 60 days
        (0.3, -5, None, "yellow"),  # comments closed, no entry into force
    ],
)
def test_risk_levels(score, comment_days, force_days, expected):
    cd = TABLE_DAY + timedelta(days=comment_days) if comment_days is not None else None
    ef = TABLE_DAY + timedelta(days=force_days) if force_days is not None else None
    assert risk_level(score, cd, ef, TABLE_DAY) == expected


def _doc(pk, kind, parent=None, hs=(), ics=(), keywords=()):
    return SimpleNamespace(
        pk=pk,
        kind=kind,
        parent_id=parent,
        hs_codes=list(hs),
        ics_codes=list(ics),
        keywords=list(keywords),
    )


def test_effective_scope_rule():
    base = _doc(1, "regular", hs=["8507"], ics=["29.220"])
    add = _doc(2, "addendum", parent=1, hs=["8504"])
    # a corrigendum to the addendum corrects the addendum's codes only
    add_corr = _doc(3, "corrigendum", parent=2, hs=["850440"])
    scope, _ = alerting.effective_scope([base, add, add_corr], base)
    assert scope["hs_codes"] == ["8507", "850440"] and scope["ics_codes"] == ["29.220"]
    # a corrigendum giving only ICS codes keeps the HS codes of the document it corrects
    corr_ics = _doc(4, "corrigendum", parent=1, ics=["29.200"])
    scope, _ = alerting.effective_scope([base, corr_ics], base)
    assert scope["hs_codes"] == ["8507"] and scope["ics_codes"] == ["29.200"]
    # a revision replaces everything before it; its addendum adds
    rev = _doc(5, "revision", parent=1, hs=["9503"])
    rev_add = _doc(6, "addendum", parent=5, hs=["9504"])
    scope, in_effect = alerting.effective_scope([base, add, rev, rev_add], base)
    assert scope["hs_codes"] == ["9503", "9504"] and scope["ics_codes"] == []
    assert [d.pk for d in in_effect] == [5, 6]
    # a late corrigendum to the superseded notification changes nothing
    late = _doc(7, "corrigendum", parent=1, hs=["8507"])
    scope, _ = alerting.effective_scope([base, rev, late], base)
    assert scope["hs_codes"] == ["9503"]
    # a revision that gives no codes leaves them
    bare_rev = _doc(8, "revision", parent=1)
    scope, _ = alerting.effective_scope([base, add, bare_rev], base)
    assert scope["hs_codes"] == ["8507", "8504"]


def _full(pk, kind, day, **fields):
    values = {
        "pk": pk,
        "kind": kind,
        "parent_id": fields.pop("parent", None),
        "member_code": "EU",
        "distributed_on": date(2026, 1, day),
        "comment_deadline": None,
        "entry_into_force": None,
        "adoption_date": None,
        "hs_codes": [],
        "ics_codes": [],
        "keywords": [],
        "hs_headings": [],
        "ics_predicted": [],
        "title": "",
        "title_zh": "",
        "products_text": "",
    }
    values.update(fields)
    return SimpleNamespace(**values)


def test_family_state_takes_latest_dates_and_predictions_when_no_codes():
    base = _full(
        1,
        "regular",
        5,
        title="Batteries",
        comment_deadline=date(2026, 3, 1),
        hs_headings=[{"code": "8507", "confidence": 0.8}, {"code": "8504", "confidence": 0.2}],
    )
    add = _full(2, "addendum", 9, parent=1, comment_deadline=date(2026, 4, 1))
    # given in any order: the root comes first, then by distribution
    root, state = alerting.family_state([add, base])
    assert root is base
    assert state.comment_deadline == date(2026, 4, 1) and state.entry_into_force is None
    assert state.hs_codes == ("8507",)  # only the confident prediction stands in
    assert state.text == "Batteries"
    # the fingerprint follows the scope and dates, not the order of the documents
    assert alerting.family_state([base, add])[1].fingerprint() == state.fingerprint()
    later = _full(3, "corrigendum", 12, parent=1, entry_into_force=date(2026, 9, 1))
    assert alerting.family_state([base, add, later])[1].fingerprint() != state.fingerprint()
    assert state.for_matching().hs_codes == ("8507",)
