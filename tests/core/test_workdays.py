from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biaozhun.core.workdays import (
    CHINA_ADJUSTED_WORKDAYS,
    CHINA_HOLIDAYS,
    WorkCalendar,
    add_working_days,
    china_calendar,
    internal_deadline,
    subtract_working_days,
    working_days_between,
)

CAL = china_calendar()
PLAIN = WorkCalendar()


def test_calendar_data_sane() -> None:
    # adjusted working days are all weekend days and never holidays
    assert all(d.weekday() >= 5 for d in CHINA_ADJUSTED_WORKDAYS)
    assert not (CHINA_ADJUSTED_WORKDAYS & CHINA_HOLIDAYS)
    for year, expected in ((2024, 28), (2025, 28), (2026, 33)):
        days = [d for d in CHINA_HOLIDAYS if d.year == year]
        assert len(days) == expected, year
    # 2025 National Day + Mid-Autumn: 8 days
    assert all(date(2025, 10, d) in CHINA_HOLIDAYS for d in range(1, 9))


@pytest.mark.parametrize(
    ("d", "working"),
    [
        (date(2024, 2, 4), True),  # Sunday, adjusted working day
        (date(2024, 2, 12), False),  # Spring Festival, Monday
        (date(2025, 1, 26), True),
        (date(2025, 10, 8), False),
        (date(2026, 2, 14), True),
        (date(2026, 2, 23), False),
        (date(2026, 11, 28), False),  # plain Saturday
        (date(2026, 11, 27), True),  # plain Friday
    ],
)
def test_is_working_day(d: date, working: bool) -> None:
    assert CAL.is_working_day(d) is working


def test_subtract_across_national_day() -> None:
    # final date Friday 2025-10-10; 5 working days before: Oct 9 and Sep 30, 29, 28 (Sun,
    # adjusted), 26 -> Sep 26
    assert subtract_working_days(date(2025, 10, 10), 5, CAL) == date(2025, 9, 26)
    assert internal_deadline(date(2025, 10, 10), 5, CAL) == date(2025, 9, 26)
    # without holidays it is the plain Friday a week earlier
    assert subtract_working_days(date(2025, 10, 10), 5, PLAIN) == date(2025, 10, 3)


def test_add_and_zero() -> None:
    assert add_working_days(date(2024, 2, 8), 1, CAL) == date(2024, 2, 9)
    assert add_working_days(date(2024, 2, 9), 1, CAL) == date(2024, 2, 18)  # adjusted Sunday
    assert add_working_days(date(2024, 2, 12), 0, CAL) == date(2024, 2, 18)
    assert subtract_working_days(date(2024, 2, 12), 0, CAL) == date(2024, 2, 9)
    assert internal_deadline(date(2026, 11, 29), 0, CAL) == date(2026, 11, 27)
    assert add_working_days(date(2026, 11, 27), -1, CAL) == date(2026, 11, 26)
    assert subtract_working_days(date(2026, 11, 26), -1, CAL) == date(2026, 11, 27)
    with pytest.raises(ValueError):
        internal_deadline(date(2026, 1, 1), -1, CAL)


def test_between() -> None:
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 27), CAL) == 4
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 23), CAL) == -4
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 27), CAL) == 0


def test_with_days_and_custom_weekend() -> None:
    cal = PLAIN.with_days(holidays=[date(2027, 1, 1)])
    assert not cal.is_working_day(date(2027, 1, 1))
    gulf = WorkCalendar(weekend=frozenset({4, 5}))  # Friday-Saturday weekend
    assert gulf.is_working_day(date(2026, 11, 29))  # Sunday
    assert not gulf.is_working_day(date(2026, 11, 27))  # Friday
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 1), 1, WorkCalendar(weekend=frozenset(range(7))))


days = st.dates(min_value=date(2023, 6, 1), max_value=date(2027, 6, 30))
counts = st.integers(min_value=0, max_value=60)


@given(days, st.integers(min_value=1, max_value=60))
def test_result_is_working_day(d: date, n: int) -> None:
    r = subtract_working_days(d, n, CAL)
    assert CAL.is_working_day(r)
    assert r < d
    assert working_days_between(r, d, CAL) == n - 1 + (1 if CAL.is_working_day(d) else 0)
    a = add_working_days(d, n, CAL)
    assert CAL.is_working_day(a)
    assert a > d
    assert working_days_between(d, a, CAL) == n


@given(days, days, counts)
def test_monotonic_in_date(d1: date, d2: date, n: int) -> None:
    lo, hi = sorted((d1, d2))
    assert internal_deadline(lo, n, CAL) <= internal_deadline(hi, n, CAL)
    assert add_working_days(lo, n, CAL) <= add_working_days(hi, n, CAL)


@given(days, counts, counts)
def test_monotonic_in_lead(d: date, n1: int, n2: int) -> None:
    lo, hi = sorted((n1, n2))
    assert internal_deadline(d, hi, CAL) <= internal_deadline(d, lo, CAL)
    assert internal_deadline(d, lo, CAL) <= d


@given(days, st.integers(min_value=1, max_value=60))
def test_round_trip_on_working_days(d: date, n: int) -> None:
    w = CAL.next_working_day(d)
    assert subtract_working_days(add_working_days(w, n, CAL), n, CAL) == w
    assert CAL.previous_working_day(w + timedelta(days=1), inclusive=False) == w


def _walk(a: date, b: date, cal: WorkCalendar) -> int:
    """The definition: each day of (a, b] looked at one by one."""
    return sum(cal.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


weekends = st.frozensets(st.integers(min_value=0, max_value=6), max_size=3)
wide_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(
    wide_days,
    wide_days,
    weekends,
    st.frozensets(wide_days, max_size=30),
    st.frozensets(wide_days, max_size=10),
)
def test_counting_agrees_with_walking_each_day(
    d1: date,
    d2: date,
    weekend: frozenset[int],
    holidays: frozenset[date],
    adjusted: frozenset[date],
) -> None:
    # holidays and adjusted working days may overlap: an adjusted day is a working day
    for cal in (CAL, WorkCalendar(holidays, adjusted, weekend)):
        lo, hi = sorted((d1, d2))
        assert working_days_between(lo, hi, cal) == _walk(lo, hi, cal)
        assert working_days_between(hi, lo, cal) == -_walk(lo, hi, cal)
