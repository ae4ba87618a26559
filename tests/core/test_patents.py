"""Patent numbers of the offices the city's standards cite: formats, canonical forms, the
Chinese application number's check digit, and zh/en reasons for what is refused."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biaozhun.core.patents import PatentNumberError, cn_check_digit, parse_patent_number


@pytest.mark.parametrize(
    ("text", "office", "canonical"),
    [
        ("ZL200310102344.5", "CN", "ZL200310102344.5"),  # the example of ZC 0006-2003
        ("200310102344.5", "CN", "ZL200310102344.5"),
        ("ZL 2003 1 0102344.5", "CN", "ZL200310102344.5"),
        ("CN102123456A", "CN", "CN102123456A"),
        ("US 7,654,321 B2", "US", "US7654321B2"),
        ("US20110123456A1", "US", "US20110123456A1"),
        ("EP 1 234 567 B1", "EP", "EP1234567B1"),
        ("WO2011/123456A1", "WO", "WO2011123456A1"),
        ("PCT/CN2011/000123", "WO", "PCT/CN2011/000123"),
        ("JP2011-123456A", "JP", "JP2011123456A"),
        ("JP4567890B2", "JP", "JP4567890B2"),
        ("ＵＳ７６５４３２１Ｂ２", "US", "US7654321B2"),  # full-width
        ("KR1020110012345A", "KR", "KR1020110012345A"),
    ],
)
def test_formats_of_each_office(text, office, canonical):
    parsed = parse_patent_number(text)
    assert (parsed.office, parsed.canonical) == (office, canonical)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ZL200310102344.4", "bad_check_digit"),
        ("201110123456", "bad_patent_number"),
        ("US12", "bad_patent_number"),
        ("EP123", "bad_patent_number"),
        ("WO11/123456", "bad_patent_number"),
        ("JP-ABC", "bad_patent_number"),
        ("XX1234567", "unknown_office"),
        ("", "required"),
        ("1" * 60, "bad_patent_number"),
    ],
)
def test_refusals_carry_a_reason_in_both_languages(text, code):
    with pytest.raises(PatentNumberError) as caught:
        parse_patent_number(text)
    assert caught.value.code == code
    assert caught.value.message_zh and caught.value.message_en
    assert caught.value.message_zh != caught.value.message_en


def test_check_digit_ten_is_written_x():
    digits = next(
        f"2011101{n:05d}" for n in range(100000) if cn_check_digit(f"2011101{n:05d}") == "X"
    )
    assert parse_patent_number(f"ZL{digits}.X").canonical == f"ZL{digits}.X"


@given(st.text(max_size=60))
def test_any_text_is_parsed_or_refused_never_crashes(text):
    try:
        parsed = parse_patent_number(text)
    except PatentNumberError as exc:
        assert exc.message_zh and exc.message_en
    else:
        assert parsed.office in {"CN", "US", "EP", "WO", "JP", "KR", "DE", "GB", "FR"}
        assert parse_patent_number(parsed.canonical).canonical == parsed.canonical
