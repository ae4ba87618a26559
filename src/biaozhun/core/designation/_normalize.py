"""Clean-up of messy input before the grammar runs: width, dashes, spaces, wrappers."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_DASHES: Final[str] = (
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u2501\ufe58\ufe63\uff0d\u30fc\u2e3a\u2e3b\u02d7"
)
_TRANSLATE: Final[dict[int, str | None]] = {
    **{ord(c): "-" for c in _DASHES},
    ord("\u2044"): "/",  # fraction slash
    ord("\u2215"): "/",  # division slash
    ord("\u3001"): ",",
    ord("\u200b"): None,
    ord("\u200c"): None,
    ord("\u200d"): None,
    ord("\u2060"): None,
    ord("\ufeff"): None,
    ord("\u00ad"): None,
}
_SPACES_RE: Final = re.compile(r"\s+")
_DASH_RUN_RE: Final = re.compile(r"-{2,}")
_AROUND_RE: Final = re.compile(r" ?([/:+]) ?")
_LEADING: Final[str] = "《<“\"'「『【[〈‘"
_TRAILING: Final[str] = "》>”\"'」』】]〉’。，,;；.、!！?？:"


def normalize(text: str) -> str:
    """Return ``text`` folded to half-width ASCII punctuation with single spaces.

    Letters keep their case (the grammar matches case-insensitively and some families keep
    meaningful case variants such as ISO ``Amd`` versus IEC ``AMD``).
    """
    t = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    t = _SPACES_RE.sub(" ", t).strip()
    t = _DASH_RUN_RE.sub("-", t)
    changed = True
    while changed and t:
        changed = False
        if t[0] in _LEADING:
            t = t[1:].lstrip()
            changed = True
        if t and t[-1] in _TRAILING:
            t = t[:-1].rstrip()
            changed = True
    return t


def tidy_separators(t: str) -> str:
    """Remove spaces around ``/``, ``:`` and ``+`` (used for the structural part only)."""
    return _AROUND_RE.sub(r"\1", t)
