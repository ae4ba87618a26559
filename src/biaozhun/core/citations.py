"""The standards a free text cites (a WTO notification's title, description, products): pure
Python over the designation parser, never guessing.

A candidate starts at an upper-case publisher-like token (``EN``, ``ISO/IEC``, ``GB/T``,
``ASTM``, ``Q/``…) not glued to a preceding letter, digit or slash, with a digit within the
next few characters. The text from there to the next list separator (``,`` ``;`` ``、`` ``。``
``《`` a line end) is given to :func:`biaozhun.core.designation.parse`, which reads the
designation and leaves any title after it; on a refusal the window is cut before each later
candidate inside it, then shortened word by word (at most :data:`RETRIES` times). What the parser refuses is no citation: ``Regulation (EU)
2019/1020`` or ``No. 2019`` cite nothing.

:func:`cited_designations` returns ``{key: canonical}`` (the edition-independent key, the first
canonical seen for it), in the order of the text; matching reads the keys, so a notification
citing ``EN 60335-1:2012`` concerns whoever applies ``EN 60335-1:2002``.
"""

from __future__ import annotations

import itertools
import re

from biaozhun.core.designation import DesignationError, parse

__all__ = ["MAX_CANDIDATES", "RETRIES", "cited_designations"]

#: a publisher-like start: capitals (with ``/`` joins, as in ``GB/T``, ``ISO/IEC``, ``Q/``),
#: not glued to a preceding letter, digit, slash, dot or dash, and a digit within 24 characters
_START = re.compile(r"(?<![A-Za-z0-9/.\-])[A-Z][A-Z]*(?:/[A-Z]*)*(?=[^\n,;,;、。]{0,24}?\d)")
_STOP = re.compile(r"[\n,;,;、。《》“”\"]")
#: punctuation after a designation that is not part of it ("(EN 62471)", "EN 62471.")
_TRAILING = ").]:;."
#: how many shorter windows are tried after the parser refuses one
RETRIES = 4
#: candidates read per text at most (a long text cannot make matching slow)
MAX_CANDIDATES = 200
#: the longest window read for one candidate
WINDOW = 90


def _parse(windows: list[str]) -> tuple[str, str] | None:
    """The first window (longest first) the parser reads; the last one is also shortened
    word by word."""
    tries: list[str] = []
    for window in windows:
        for text in (window.strip(), window.strip().rstrip(_TRAILING).rstrip()):
            if text and text not in tries:
                tries.append(text)
    if not tries:
        return None
    text = tries[-1]
    for _ in range(RETRIES):
        text = text.rpartition(" ")[0].rstrip(" (").rstrip(_TRAILING)
        if text:
            tries.append(text)
    for text in tries:
        try:
            designation = parse(text)
        except DesignationError:
            continue
        return designation.key, designation.canonical
    return None


def cited_designations(text: str) -> dict[str, str]:
    """The designations ``text`` cites, ``{key: canonical}`` in the order first cited."""
    out: dict[str, str] = {}
    if not text:
        return out
    starts = [m.start() for m in itertools.islice(_START.finditer(text), MAX_CANDIDATES + 3)]
    for i, start in enumerate(starts[:MAX_CANDIDATES]):
        window = text[start : start + WINDOW]
        stop = _STOP.search(window)
        if stop is not None:
            window = window[: stop.start()]
        end = start + len(window)
        # the window, then the window cut before each later candidate inside it (longest
        # first): "ISO 1000 ISO 1001" reads ISO 1000, "DIN EN 71-3" stays whole
        cuts = [s - start for s in starts[i + 1 : i + 4] if s < end]
        found = _parse([window] + [window[:cut] for cut in reversed(cuts)])
        if found is not None and found[0] not in out:
            out[found[0]] = found[1]
    return out
