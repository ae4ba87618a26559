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
#: Any character ``_TRANSLATE`` maps (a search costs a tenth of the ``translate`` it saves).
_TRANSLATE_RE: Final = re.compile("[" + re.escape("".join(map(chr, _TRANSLATE))) + "]")
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
    # The steps below are skipped when they could not change anything (every line of a list
    # goes through here; the checks are exact, tests/core/test_designation_speed_equivalence.py):
    # - NFKC: every ASCII character is NFKC-stable and no two ASCII characters compose;
    # - the table: it maps only non-ASCII code points (NFKC often leaves only ASCII behind, as
    #   with full-width ``ＧＢ／Ｔ``), and ``str.translate`` with a dict costs ~0.2 µs a
    #   character, so it runs only when a character it maps is there;
    # - the spaces: ``isprintable()`` rules out every whitespace character but the ASCII space,
    #   so a printable text without a double space has no run to fold.
    t = text if text.isascii() else unicodedata.normalize("NFKC", text)
    if not t.isascii() and _TRANSLATE_RE.search(t):
        t = t.translate(_TRANSLATE)
    if "  " in t or not t.isprintable():
        t = _SPACES_RE.sub(" ", t)
    t = t.strip()
    if "--" in t:
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
