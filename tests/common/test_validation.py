"""One validation for pages, API and imports (issue 15 §2, §8): the helpers, and each write path
refusing what its columns cannot hold, with a zh/en error naming the field and nothing stored."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from biaozhun.common import validation
from biaozhun.common.errors import DomainError
from biaozhun.common.validation import (
    clean_decimal,
    clean_fields,
    clean_int,
    clean_json,
    clean_text,
    clean_url,
)


def _refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    error = caught.value
    assert error.message_zh and error.message_en and error.message_zh != error.message_en
    return error


def test_text_length_and_control_characters() -> None:
    assert clean_text("扬州市邗江区", "address", 300) == "扬州市邗江区"
    assert clean_text("a\nb", "note", 10, multiline=True) == "a\nb"
    assert _refused(clean_text, "x" * 301, "address", 300).details["field"] == "address"
    assert _refused(clean_text, "a\x00b", "address", 300).code == "control_characters"
    assert _refused(clean_text, "a\nb", "name", 300).code == "control_characters"
    assert _refused(clean_text, "a\x07b", "note", 300, multiline=True).code == "control_characters"
    assert _refused(clean_text, 12, "name", 300).code == "invalid_text"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "ftp://h/x", "//h/x"]
)
def test_urls_are_http_only(url: str) -> None:
    assert _refused(clean_url, url, "website").code == "invalid_url"


def test_good_urls_pass() -> None:
    assert clean_url(" https://example.org/a?b=1 ", "website") == "https://example.org/a?b=1"
    assert clean_url("", "website") == ""


@pytest.mark.parametrize("value", ["²", "٣", "1e20", "99999999999999999999", "NaN", "", True])
def test_integers_are_ascii_and_bounded(value: object) -> None:
    _refused(clean_int, value, "year", 1900, 2100)


def test_integers_in_range() -> None:
    assert clean_int("2024", "year", 1900, 2100) == 2024
    assert clean_int(7, "count", 0, 10) == 7
    assert _refused(clean_int, -1, "count", 0, 10).details == {
        "field": "count",
        "min": 0,
        "max": 10,
    }


@pytest.mark.parametrize("value", [1e300, "1e300", float("nan"), float("inf"), "NaN", "x"])
def test_decimals_refuse_what_a_column_cannot_hold(value: object) -> None:
    _refused(clean_decimal, value, "export_value_usd", max_digits=14, decimal_places=2)


def test_decimals_are_rounded_to_their_places() -> None:
    number = clean_decimal("12.345", "share", 0, 100, max_digits=5, decimal_places=2)
    assert number == Decimal("12.35")
    _refused(clean_decimal, "100.5", "share", 0, 100, max_digits=5, decimal_places=2)


def test_json_values_are_checked_through() -> None:
    assert clean_json({"a": [1, "b", None, 2.5]}, "facts") == {"a": [1, "b", None, 2.5]}
    _refused(clean_json, {"a": ["\x00"]}, "facts")
    _refused(clean_json, {"a": 2**60}, "facts")
    _refused(clean_json, {"a": float("inf")}, "facts")


def test_fields_follow_their_model_columns() -> None:
    from biaozhun.enterprises.models import Enterprise, YearList
    from biaozhun.programme.models import Inspection

    assert clean_fields(Enterprise, {"name_zh": "甲", "industries": ["x"]})["industries"] == ["x"]
    assert _refused(clean_fields, Enterprise, {"address": "x" * 301}).details["field"] == "address"
    assert _refused(clean_fields, Enterprise, {"website": "javascript:x"}).details == {
        "field": "website"
    }
    assert _refused(clean_fields, YearList, {"year": 40000}).details["field"] == "year"
    assert clean_fields(YearList, {"year": "2024"})["year"] == 2024
    assert _refused(clean_fields, Inspection, {"score": "1e300"}).details["field"] == "score"


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), float("inf"), "abc"])
def test_number_display_never_fails(value: object) -> None:
    from biaozhun.incentives.templatetags.incentive_tags import yuan
    from biaozhun.programme.numbers import format_number

    assert isinstance(yuan(value), str)
    assert format_number(value) == "—"  # type: ignore[arg-type]


def test_number_display_of_good_values() -> None:
    from biaozhun.incentives.templatetags.incentive_tags import yuan
    from biaozhun.programme.numbers import format_number

    assert yuan(2000000) == "2,000,000"
    assert format_number(Decimal("40.00")) == "40"
    assert format_number(Decimal("97.50")) == "97.5"


# --- clean_json: the one-walk check of a plain value gives what the full check gives --------

_TEXTS = st.text(
    alphabet=st.sampled_from(["a", "标", " ", "\n", "\t", "\r", "\x00", "\x07", "\x1f", "\x7f"]),
    max_size=12,
)
_KEYS = st.one_of(_TEXTS, st.integers(-3, 3))
_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**54), 2**54),
    st.floats(allow_nan=True, allow_infinity=True),
    _TEXTS,
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, max_value=10**6, min_value=-(10**6)
    ),
)
_VALUES = st.recursive(
    _LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(_KEYS, children, max_size=4),
    ),
    max_leaves=30,
)


# only what the one-walk check takes (it must refuse exactly what the full check refuses)
_PLAIN = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**54), 2**54),
        st.floats(allow_nan=True, allow_infinity=True),
        _TEXTS,
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_TEXTS, children, max_size=4)
    ),
    max_leaves=20,
)


def _outcome(call: Any, *args: Any) -> Any:
    try:
        return ("ok", call(*args))
    except DomainError as exc:
        return ("refused", exc.code)


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(_PLAIN, _VALUES), max_text=st.sampled_from([3, 12, 5000]))
@example(value="abcd", max_text=3)
@example(value={"k": ["x" * 13, 1]}, max_text=12)
@example(value={"k" * 201: 1}, max_text=12)
@example(value=[{"a\nb": 1}], max_text=12)
def test_clean_json_fast_walk_agrees_with_the_full_check(value: Any, max_text: int) -> None:
    assert _outcome(clean_json, value, "f", max_text) == _outcome(
        validation._clean_json, value, "f", max_text, 0
    )


def test_clean_json_depth_limit_on_both_walks() -> None:
    deep: Any = "x"
    for _ in range(11):
        deep = [deep]
    assert _outcome(clean_json, deep, "f") == ("refused", "too_deep")
    assert _outcome(clean_json, deep[0], "f") == ("ok", deep[0])
    shared = {"status": "current", "title": "标准"}
    rows = [{"edition": shared, "latest": shared, "line": n} for n in range(3)]
    assert clean_json(rows, "lines") == rows
