"""Properties of the risk rule and of the internal deadline."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from biaozhun.alerts.services import risk_level
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
