"""Sectors (:data:`INDUSTRIES`, :data:`EXPORT_GROUPS`): the programme's eight industries plus
agriculture and services, and the three export groups of the TBT early-warning system, each
with a stable slug and the HS / ICS / CCS prefixes that indicate it, with the reasons.

The table itself is data, ``sectors.json`` beside this module, read once at import.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .ccs import CcsMap, normalize_ccs
from .common import CodeError
from .hs import is_valid_hs, normalize_hs
from .ics import is_valid_ics, normalize_ics

SectorKind = Literal["industry", "export_group"]


@dataclass(frozen=True, slots=True)
class Sector:
    slug: str
    kind: SectorKind
    name_zh: str
    name_en: str
    hs_prefixes: tuple[str, ...]
    ics_prefixes: tuple[str, ...]
    ccs_prefixes: tuple[str, ...]
    rationale: str


def _w(text: str) -> tuple[str, ...]:
    """Whitespace-separated codes; ``"3917-3926"`` expands to every code of that length
    between the two."""
    out: list[str] = []
    for item in text.split():
        lo, _, hi = item.partition("-")
        if hi:
            out.extend(f"{n:0{len(lo)}d}" for n in range(int(lo), int(hi) + 1))
        else:
            out.append(lo)
    return tuple(out)


_DATA = Path(__file__).with_name("sectors.json")


def _sectors(rows: Iterable[Mapping[str, str]]) -> tuple[Sector, ...]:
    return tuple(
        Sector(
            r["slug"],
            "export_group" if r["kind"] == "export_group" else "industry",
            r["name_zh"],
            r["name_en"],
            _w(r["hs"]),
            _w(r["ics"]),
            _w(r["ccs"]),
            r["rationale"],
        )
        for r in rows
    )


# The table is data (``sectors.json``), read once when the module is imported.
_TABLE: dict[str, Any] = json.loads(_DATA.read_text(encoding="utf-8"))

#: The eight industries of the programme, plus agriculture and services.
INDUSTRIES: tuple[Sector, ...] = _sectors(_TABLE["industries"])

#: The three export groups of the TBT early-warning system (纺织服装、机电、轻工).
EXPORT_GROUPS: tuple[Sector, ...] = _sectors(_TABLE["export_groups"])


SECTORS: dict[str, Sector] = {s.slug: s for s in (*INDUSTRIES, *EXPORT_GROUPS)}


@dataclass(frozen=True, slots=True)
class SectorHit:
    slug: str
    via: Literal["hs", "ics", "ccs"]
    code: str  # the code classified
    prefix: str  # the sector prefix it met
    broader: bool  # the code is broader than the prefix (e.g. chapter 85 vs 8539)


def _prefix_hits(
    code: str, via: Literal["hs", "ics", "ccs"], attr: str, sectors: Iterable[Sector]
) -> list[SectorHit]:
    hits: list[SectorHit] = []
    for s in sectors:
        best: SectorHit | None = None
        for p in getattr(s, attr):
            if code.startswith(p):
                best = SectorHit(s.slug, via, code, p, False)
                break
            if p.startswith(code) and best is None:
                best = SectorHit(s.slug, via, code, p, True)
        if best is not None:
            hits.append(best)
    return hits


def _all_sectors() -> tuple[Sector, ...]:
    return (*INDUSTRIES, *EXPORT_GROUPS)


def sectors_for_hs(code: str, *, include_broader: bool = False) -> list[str]:
    """Slugs of the sectors an HS code belongs to (a chapter-85 code is not in new-light-sources
    unless ``include_broader``)."""
    s = normalize_hs(code)
    return [
        h.slug
        for h in _prefix_hits(s, "hs", "hs_prefixes", _all_sectors())
        if include_broader or not h.broader
    ]


def sectors_for_ics(code: str, *, include_broader: bool = False) -> list[str]:
    s = normalize_ics(code)
    return [
        h.slug
        for h in _prefix_hits(s, "ics", "ics_prefixes", _all_sectors())
        if include_broader or not h.broader
    ]


def sectors_for_ccs(code: str, ccs_map: CcsMap | None = None) -> list[str]:
    """By the CCS letter, and, given a :class:`CcsMap`, by the CCS code's ICS codes."""
    s = normalize_ccs(code)
    slugs = [
        h.slug for h in _prefix_hits(s, "ccs", "ccs_prefixes", _all_sectors()) if not h.broader
    ]
    if ccs_map is not None:
        for ics in ccs_map.ics_for(s):
            for slug in sectors_for_ics(ics):
                if slug not in slugs:
                    slugs.append(slug)
    return slugs


def classify(
    hs_codes: Iterable[str] = (),
    ics_codes: Iterable[str] = (),
    ccs_codes: Iterable[str] = (),
    *,
    ccs_map: CcsMap | None = None,
    include_broader: bool = True,
) -> dict[str, list[SectorHit]]:
    """Sectors for a set of codes (invalid codes are ignored), with the evidence.

    A code inside a sector prefix is a direct hit; with ``include_broader`` a code broader
    than a prefix (a notification on chapter 85 and the new-light-sources heading 8539) is a
    hit with ``broader=True``, for callers to weigh lower.
    """
    out: dict[str, list[SectorHit]] = {}
    sectors = _all_sectors()

    def add(hits: Iterable[SectorHit]) -> None:
        for h in hits:
            if include_broader or not h.broader:
                out.setdefault(h.slug, []).append(h)

    for c in hs_codes:
        if is_valid_hs(c):
            add(_prefix_hits(normalize_hs(c), "hs", "hs_prefixes", sectors))
    for c in ics_codes:
        if is_valid_ics(c):
            add(_prefix_hits(normalize_ics(c), "ics", "ics_prefixes", sectors))
    for c in ccs_codes:
        try:
            s = normalize_ccs(c)
        except CodeError:
            continue
        add(_prefix_hits(s, "ccs", "ccs_prefixes", sectors))
        if ccs_map is not None:
            for ics in ccs_map.ics_for(s):
                add(_prefix_hits(ics, "ics", "ics_prefixes", sectors))
    return out
