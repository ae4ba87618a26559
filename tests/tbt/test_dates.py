"""Reading the dates members write: read for certain, or kept as text and flagged."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biaozhun.tbt.dates import read_date

D = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-01", date(2026, 1, 1)),
        ("2026/01/31", date(2026, 1, 31)),
        ("2026年1月5日", date(2026, 1, 5)),
        ("1 January 2026", date(2026, 1, 1)),
        ("January 1, 2026", date(2026, 1, 1)),
        ("1st March 2026", date(2026, 3, 1)),
        ("1er janvier 2026", date(2026, 1, 1)),
        ("3 de julio de 2026", date(2026, 7, 3)),
        ("13/02/2026", date(2026, 2, 13)),
        ("02/13/2026", date(2026, 2, 13)),
        ("05/05/2026", date(2026, 5, 5)),
        ("2026-03-02T00:00:00", date(2026, 3, 2)),
    ],
)
def test_read(text: str, expected: date) -> None:
    r = read_date(text)
    assert r.value == expected and not r.flagged and r.text == text


@pytest.mark.parametrize(
    "text",
    [
        "01/02/2026",  # 1 February or 2 January
        "To be determined",
        "Not stated",
        "180 days after publication in the Official Gazette",
        "Six months after publication",
        "Fourth quarter 2026",
        "2026-02-30",
        "31 February 2026",
    ],
)
def test_kept_as_text_and_flagged(text: str) -> None:
    r = read_date(text, distributed_on=D)
    assert r.value is None and r.flagged and r.text == text


def test_days_after_notification_computed_only_with_distribution_date() -> None:
    r = read_date("60 days after notification", distributed_on=D)
    assert r.value == date(2026, 5, 1) and not r.flagged
    assert "60 days" in r.rule
    r = read_date("60 days from the date of distribution", distributed_on=D)
    assert r.value == date(2026, 5, 1)
    unknown = read_date("60 days after notification")
    assert unknown.value is None and unknown.flagged


def test_empty_and_native() -> None:
    assert read_date(None) == read_date("  ")
    assert read_date("").value is None and not read_date("").flagged
    assert read_date(datetime(2026, 4, 5, 10, 0)).value == date(2026, 4, 5)
    assert read_date(date(2026, 4, 5)).value == date(2026, 4, 5)


@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_and_long_forms_round_trip(d: date) -> None:
    assert read_date(d.isoformat()).value == d
    assert read_date(f"{d.day} {d.strftime('%B')} {d.year}").value == d


@given(st.text(max_size=40))
def test_never_invents(text: str) -> None:
    r = read_date(text)
    if r.value is None:
        assert r.flagged or not r.text
