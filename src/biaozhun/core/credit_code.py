"""Unified social credit code (统一社会信用代码), GB 32100-2015.

18 characters from a 31-character alphabet (digits and upper-case letters without I, O, S, V,
Z): registration authority (1), organisation type (1), administrative division (6 digits),
organisation code (9), check character (1). The check character is computed modulo 31 with the
weights 3^i mod 31.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {char: index for index, char in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


@dataclass(frozen=True)
class CreditCodeError(ValueError):
    """Why a code is not a valid unified social credit code."""

    code: str
    message_zh: str
    message_en: str
    expected: str | None = None

    def __str__(self) -> str:
        return self.message_en


def normalise(text: str) -> str:
    """Upper-case, half-width, without spaces or hyphens."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "-_")


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate(text: str) -> str:
    """Return the normalised code, or raise ``CreditCodeError`` saying what is wrong."""
    code = normalise(text)
    if len(code) != 18:
        raise CreditCodeError(
            "length",
            f"统一社会信用代码应为 18 位,实际为 {len(code)} 位。",
            f"A unified social credit code has 18 characters, not {len(code)}.",
        )
    for position, char in enumerate(code, start=1):
        if char not in _VALUE:
            raise CreditCodeError(
                "bad_character",
                f"第 {position} 位字符“{char}”不允许出现在统一社会信用代码中"
                "(不使用 I、O、S、V、Z)。",
                f"Character {position} ({char!r}) is not allowed in a unified social credit code "
                "(I, O, S, V and Z are never used).",
            )
    if not code[2:8].isdigit():
        raise CreditCodeError(
            "bad_division",
            "第 3–8 位应为 6 位数字的行政区划码。",
            "Characters 3 to 8 must be the 6-digit administrative division code.",
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise CreditCodeError(
            "checksum",
            f"校验位错误:第 18 位应为“{expected}”,实际为“{code[17]}”。",
            f"Check character mismatch: the 18th character should be {expected!r}, "
            f"not {code[17]!r}.",
            expected=expected,
        )
    return code


def is_valid(text: str) -> bool:
    try:
        validate(text)
    except CreditCodeError:
        return False
    return True


def division_code(code: str) -> str:
    """The 6-digit administrative division code of a valid credit code."""
    return validate(code)[2:8]
