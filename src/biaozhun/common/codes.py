"""The one HS/ICS cleaner of the apps: :func:`biaozhun.core.codes.clean_hs` /
:func:`~biaozhun.core.codes.clean_ics` (pure normalisation and existence in HS 2022 / ICS ed. 7)
turned into one :class:`DomainError` per kind of failure:

========================  =====================================================
``hs_invalid``            not an HS code (empty, not digits, wrong length, chapter 00)
``hs_unknown``            well formed, but not in HS 2022
``ics_invalid``           not an ICS code
``ics_unknown``           well formed, but not in ICS edition 7
========================  =====================================================

``details`` carries the ``field`` and, for ``*_invalid``, the core ``reason``
(``hs_chars``, ``hs_length``...). Pages show the message, the API returns the error as is,
importers turn it into a row error.
"""

from __future__ import annotations

from collections.abc import Iterable

from biaozhun.core import codes
from biaozhun.core.codes import CodeError

from .errors import DomainError
from .reference import hs_tree, ics_tree


def code_error(exc: CodeError, kind: str, field: str) -> DomainError:
    """The DomainError of a core :class:`CodeError` (``kind`` is ``"hs"`` or ``"ics"``)."""
    if exc.code == f"{kind}_unknown":
        return DomainError(exc.code, exc.message_zh, exc.message_en, {"field": field})
    return DomainError(
        f"{kind}_invalid", exc.message_zh, exc.message_en, {"field": field, "reason": exc.code}
    )


def clean_hs(text: str, *, field: str = "hs_code", known: bool = True) -> str:
    """An HS code's digits; with ``known`` (the default) it must exist in HS 2022."""
    try:
        return codes.clean_hs(text, hs_tree() if known else None)
    except CodeError as exc:
        raise code_error(exc, "hs", field) from exc


def clean_ics(text: str, *, field: str = "ics_code", known: bool = True) -> str:
    """A dotted ICS code; with ``known`` (the default) it must exist in ICS edition 7."""
    try:
        return codes.clean_ics(text, ics_tree() if known else None)
    except CodeError as exc:
        raise code_error(exc, "ics", field) from exc


def clean_hs_list(values: Iterable[str], *, field: str, known: bool = True) -> list[str]:
    """Several HS codes, in order, blanks skipped, without duplicates."""
    out: list[str] = []
    for raw in values:
        if str(raw or "").strip():
            code = clean_hs(str(raw), field=field, known=known)
            if code not in out:
                out.append(code)
    return out


def clean_ics_list(values: Iterable[str], *, field: str, known: bool = True) -> list[str]:
    """Several ICS codes, in order, blanks skipped, without duplicates."""
    out: list[str] = []
    for raw in values:
        if str(raw or "").strip():
            code = clean_ics(str(raw), field=field, known=known)
            if code not in out:
                out.append(code)
    return out
