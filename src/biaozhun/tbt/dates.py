"""Reading the dates WTO notifications give, without inventing any.

Members write comment deadlines and adoption / entry-into-force dates in many forms. A
:class:`DateReading` keeps the original text, the date when it can be read for certain, and a
``flagged`` mark when the text could only be kept as text (a person must read it):

* ``2026-01-01``, ``2026/01/01``, ``2026年1月1日``, ``1 January 2026``, ``January 1, 2026``,
  ``1er janvier 2026``, ``1 de enero de 2026`` -> the date;
* ``01/02/2026``: day and month are both <= 12 and differ -> ambiguous (1 Feb or 2 Jan): text,
  flagged; ``13/02/2026`` -> 13 February (only one reading is possible); ``02/13/2026`` ->
  13 February as well;
* ``60 days after notification`` / ``60 days from the date of distribution`` (the rule of the
  TBT Agreement, Art. 2.9.4, counted from the WTO's distribution date) -> computed as
  distribution date + N days **only** when the distribution date is known; the rule is kept in
  ``rule``; the reading is not flagged because nothing was guessed;
* anything counted from another event (``6 months after publication in the Official Journal``,
  ``upon adoption``), ``To be determined``, ``Not stated``, ``N/A`` -> text, flagged (no date);
* an empty cell -> nothing, not flagged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

__all__ = ["DateReading", "read_date"]

_MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
}  # fmt: skip


@dataclass(frozen=True)
class DateReading:
    value: date | None
    text: str
    flagged: bool
    rule: str = ""  # how a computed date was obtained


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?.*)?$")
_ZH = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DMY = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th|er|º|°)?\s+(?:de\s+)?([a-zéû]+)\.?,?\s+(?:de\s+)?(\d{4})$"
)
_MDY = re.compile(r"^([a-zéû]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_DAYS_AFTER = re.compile(
    r"^(?:within\s+)?(\d{1,3})\s+(?:calendar\s+)?days?\s+(?:after|from|following)\s+(?:the\s+)?"
    r"(?:date\s+of\s+)?(?:the\s+)?(?:wto\s+)?(notification|distribution|circulation|"
    r"circulation\s+of\s+(?:the|this)\s+notification|distribution\s+of\s+(?:the|this)\s+"
    r"notification)(?:\s+by\s+the\s+wto(?:\s+secretariat)?)?\.?$"
)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip()
    return re.sub(r"\s+", " ", s)


def read_date(value: Any, *, distributed_on: date | None = None) -> DateReading:
    """Read one date cell (see the module docstring for what is read and what is flagged)."""
    if value is None:
        return DateReading(None, "", False)
    if isinstance(value, datetime):
        return DateReading(value.date(), value.date().isoformat(), False)
    if isinstance(value, date):
        return DateReading(value, value.isoformat(), False)
    text = _clean(str(value))
    if not text:
        return DateReading(None, "", False)
    low = text.lower().rstrip(".")
    m = _ISO.match(low) or _ZH.match(low)
    if m:
        d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return DateReading(d, text, d is None)
    m = _NUMERIC.match(low)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a == b:
            d = _make(year, a, b)
        elif a > 12 >= b:
            d = _make(year, b, a)  # day first
        elif b > 12 >= a:
            d = _make(year, a, b)  # month first
        else:
            d = None  # 01/02/2026: 1 February or 2 January
        return DateReading(d, text, d is None)
    m = _DMY.match(low)
    if m and m.group(2) in _MONTHS:
        d = _make(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
        return DateReading(d, text, d is None)
    m = _MDY.match(low)
    if m and m.group(1) in _MONTHS:
        d = _make(int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2)))
        return DateReading(d, text, d is None)
    m = _DAYS_AFTER.match(low)
    if m and distributed_on is not None:
        days = int(m.group(1))
        return DateReading(
            distributed_on + timedelta(days=days),
            text,
            False,
            f"distribution date {distributed_on.isoformat()} + {days} days",
        )
    return DateReading(None, text, True)
