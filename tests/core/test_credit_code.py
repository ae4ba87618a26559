import pytest
from hypothesis import given
from hypothesis import strategies as st

from biaozhun.core.credit_code import ALPHABET, CreditCodeError, check_character, is_valid, validate

# Published codes of real bodies (printed on their business licences / public registers).
KNOWN_VALID = [
    "91110000600037341L",
    "91310000132149237G",
]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_codes_are_valid(code: str) -> None:
    assert validate(code) == code


def test_normalises_full_width_lower_case_and_spaces() -> None:
    assert validate("９１１１００００６０００３７３４１ｌ") == "91110000600037341L"
    assert validate("9111 0000 6000 3734 1l") == "91110000600037341L"


def test_checksum_error_names_the_expected_character() -> None:
    with pytest.raises(CreditCodeError) as info:
        validate("91110000600037341A")
    assert info.value.expected == "L"
    assert "“L”" in info.value.message_zh and "'L'" in info.value.message_en


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("123", "length"),
        ("91110000600037341LL", "length"),
        ("9111000060003734IL", "bad_character"),
        ("91AB0000600037341L", "bad_division"),
    ],
)
def test_malformed_codes_say_why(text: str, code: str) -> None:
    with pytest.raises(CreditCodeError) as info:
        validate(text)
    assert info.value.code == code


bodies = st.text(alphabet=ALPHABET, min_size=17, max_size=17).map(
    lambda s: s[:2] + "321002"[:6] + s[8:]
)


@given(bodies)
def test_generated_codes_validate(body: str) -> None:
    assert is_valid(body + check_character(body))


@given(bodies, st.integers(min_value=0, max_value=17), st.sampled_from(ALPHABET))
def test_every_single_character_corruption_is_rejected(
    body: str, position: int, replacement: str
) -> None:
    code = body + check_character(body)
    if code[position] == replacement:
        replacement = ALPHABET[(ALPHABET.index(replacement) + 1) % len(ALPHABET)]
    corrupted = code[:position] + replacement + code[position + 1 :]
    assert not is_valid(corrupted)
