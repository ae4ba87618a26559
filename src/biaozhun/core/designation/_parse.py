"""Entry points: :func:`parse` and :func:`as_cli_dict`."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any, Final

from ._chinese import parse_chinese
from ._foreign import parse_foreign
from ._international import parse_international
from ._model import Designation, DesignationError, error
from ._normalize import normalize

MAX_INPUT: Final[int] = 400
_CJK_RE: Final = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff《〈「『【]")
_LEAD_RE: Final = re.compile(r"[A-Za-z]+")


def _head(t: str) -> tuple[Designation, str]:
    """Parse the designation at the start of normalised ``t``; return it and the rest."""
    for fn in (parse_international, _chinese, parse_foreign):
        r = fn(t)
        if r is not None:
            return r
    lead = _LEAD_RE.match(t)
    if lead is None:
        raise error("unknown_prefix", "没有标准代号", "no standard prefix")
    return_code = "unknown_prefix"
    raise error(return_code, f"“{lead[0]}”", f"'{lead[0]}'")


def _chinese(t: str) -> tuple[Designation, str] | None:
    return parse_chinese(t, _head)


def _title(rest: str) -> str | None:
    if not rest:
        return None
    r = rest.strip()
    if not r:
        return None
    if r.startswith("(") and r.endswith(")") and r.count("(") == 1:
        return r[1:-1].strip() or None
    if rest[0] in " (" or _CJK_RE.match(rest):
        r = r.strip("《》()“”\"' ")
        if r and r[0] not in "-/:+.,0123456789":
            return r
        if not r:
            return None
    raise error("trailing_garbage", f"“{rest.strip()[:40]}”", f"'{rest.strip()[:40]}'")


def _parse_uncached(text: str) -> Designation:
    if not isinstance(text, str):
        raise error("unparseable", "输入不是字符串", "the input is not a string")
    if len(text) > MAX_INPUT * 4:
        raise error("too_long")
    t = normalize(text)
    if not t:
        raise error("empty")
    if len(t) > MAX_INPUT:
        raise error("too_long")
    d, rest = _head(t)
    title = _title(rest)
    if title is not None and title[:1].isascii() and title[:1].isalpha():
        try:
            other, _ = _head(title)
        except DesignationError:
            pass
        else:
            raise error(
                "ambiguous",
                "输入中有多个标准号，请逐个输入",
                "the input holds more than one designation; give one per line",
                (d.canonical, other.canonical),
            )
    if title is not None:
        d = replace(d, title=title)
    return d


@lru_cache(maxsize=65536)
def _parse_cached(text: str) -> Designation:
    try:
        return _parse_uncached(text)
    except DesignationError:
        raise
    except Exception as exc:  # safety net: the contract is "only DesignationError"
        raise error("unparseable", type(exc).__name__, type(exc).__name__) from exc


def parse(text: str) -> Designation:
    """Parse a standard designation written the way people write them.

    Raises :class:`DesignationError` (and nothing else) when the input cannot be read, or
    can be read in more than one way (``code == "ambiguous"``, readings in ``candidates``).
    """
    if not isinstance(text, str):
        raise error("unparseable", "输入不是字符串", "the input is not a string")
    return _parse_cached(text)


def as_cli_dict(text: str) -> dict[str, Any]:
    """The JSON shape printed by ``biaozhun designation parse`` for one input line."""
    try:
        d = parse(text)
    except DesignationError as exc:
        return {
            "input": text,
            "ok": False,
            "canonical": None,
            "publisher": None,
            "prefix": None,
            "number": None,
            "part": None,
            "year": None,
            "error": exc.as_dict(),
        }
    return {
        "input": text,
        "ok": True,
        "canonical": d.canonical,
        "publisher": d.publisher,
        "prefix": d.prefix,
        "number": d.number,
        "part": d.part,
        "year": d.year,
        "error": None,
    }
