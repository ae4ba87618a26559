"""Reads of the catalogue. The catalogue is public data: any signed-in user may read it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from biaozhun.common import reference
from biaozhun.common.errors import DomainError, NotFound
from biaozhun.core.codes import IcsTree
from biaozhun.core.designation import DesignationError, parse
from biaozhun.core.searchtext import Term, compact

from .freshness import catalogue_date as catalogue_date
from .models import CatalogueChange, Standard
from .search import SearchFilters, search_standards


def find_by_canonical(text: str) -> Standard | None:
    """The standard whose canonical designation is ``text`` (messy input is parsed first)."""
    found = Standard.objects.filter(canonical=text).first()
    if found is not None:
        return found
    try:
        canonical = parse(text).canonical
    except DesignationError:
        return None
    return Standard.objects.filter(canonical=canonical).first()


def find_by_key(key: str) -> list[Standard]:
    """All editions with the edition-independent ``key`` (``Designation.key``), newest first."""
    return list(Standard.objects.filter(key=key).order_by("-year", "-published_on", "-canonical"))


def edition_chain(standard: Standard) -> list[Standard]:
    """The editions from ``standard`` to today's, following ``replaced_by`` (cycles guarded)."""
    chain = [standard]
    seen = {standard.pk}
    current = standard
    while current.replaced_by_id is not None and current.replaced_by_id not in seen:
        nxt = Standard.objects.filter(pk=current.replaced_by_id).first()
        if nxt is None:
            break
        chain.append(nxt)
        seen.add(nxt.pk)
        current = nxt
    return chain


# --- the standard's page ------------------------------------------------------------------


def get_standard(pk: int) -> Standard:
    """One standard (public data); ``NotFound`` if there is none."""
    standard = Standard.objects.select_related("replaced_by").filter(pk=pk).first()
    if standard is None:
        raise NotFound("标准", "standard")
    return standard


def predecessors(standard: Standard) -> list[Standard]:
    """Earlier editions, oldest first: from each edition the replaced one of the same key
    (else the most recent one it replaces), cycles guarded."""
    out: list[Standard] = []
    seen = {standard.pk}
    current = standard
    while True:
        olds = [s for s in current.replaces.all() if s.pk not in seen]
        if not olds:
            break
        same = [s for s in olds if s.key == current.key] or olds
        previous = max(same, key=lambda s: (s.year or 0, s.published_on or datetime.date.min))
        out.append(previous)
        seen.add(previous.pk)
        current = previous
    out.reverse()
    return out


def edition_history(standard: Standard) -> list[Standard]:
    """The whole line of editions through ``standard``: its predecessors, itself, and its
    successors to today's edition."""
    before = predecessors(standard)
    after = edition_chain(standard)
    ids = {s.pk for s in before}
    return before + [s for s in after if s.pk not in ids]


def amendments_of(standard: Standard) -> list[Standard]:
    """The amendments, corrigenda and 修改单 of this edition (``ISO 9001:2015/Amd 1:2024``,
    ``IEC 60598-1:2014+AMD1:2017 CSV``, ``GB/T 1.1-2020/XG1-2021``), oldest first."""
    return [
        other
        for other in Standard.objects.filter(key=standard.key, year=standard.year).exclude(
            pk=standard.pk
        )
        if other.canonical.startswith((standard.canonical + "/", standard.canonical + "+"))
    ]


@dataclass(frozen=True)
class AdoptionLink:
    designation: str
    degree: str | None
    standard: Standard | None


def adoption_links(standard: Standard) -> tuple[list[AdoptionLink], list[AdoptionLink]]:
    """(standards this one adopts, standards that adopt this one), with the degree."""
    adopts = [
        AdoptionLink(
            str(item.get("designation", "")),
            item.get("degree"),
            find_by_canonical(str(item.get("designation", ""))),
        )
        for item in standard.adoptions
        if isinstance(item, dict) and item.get("designation")
    ]
    adopted_by: list[AdoptionLink] = []
    token = compact(standard.canonical)
    if token:
        hits = search_standards(
            "", SearchFilters(), limit=50, extra_terms=[Term(token, False)]
        ).items
        for hit in hits:
            if hit.id == standard.pk:
                continue
            other = Standard.objects.get(pk=hit.id)
            for item in other.adoptions:
                if isinstance(item, dict) and item.get("designation") == standard.canonical:
                    adopted_by.append(AdoptionLink(other.canonical, item.get("degree"), other))
    return adopts, adopted_by


_DEGREE_ORDER = {"IDT": 0, "MOD": 1, "NEQ": 2}


def chinese_title(
    standard: Standard, adopted_by: list[AdoptionLink]
) -> tuple[str, AdoptionLink | None]:
    """The standard's Chinese title: its own (a national record's ``title_zh``), else the
    title of a Chinese standard adopting it (identical adoptions first, current first, newest
    first), with that adoption; ``("", None)`` when none is known."""
    if standard.title_zh:
        return standard.title_zh, None
    candidates = [
        link for link in adopted_by if link.standard is not None and link.standard.title_zh
    ]
    if not candidates:
        return "", None

    def order(link: AdoptionLink) -> tuple[int, int, int]:
        other = link.standard
        assert other is not None
        return (
            _DEGREE_ORDER.get((link.degree or "").upper(), 3),
            0 if other.status == Standard.Status.CURRENT else 1,
            -(other.year or 0),
        )

    best = min(candidates, key=order)
    assert best.standard is not None
    return best.standard.title_zh, best


def ics_tree() -> IcsTree | None:
    """The ICS tree (read once per process, shared with the rest of the platform); ``None``
    when its file is missing or unreadable (the pages then show the bare codes)."""
    try:
        return reference.ics_tree()
    except (OSError, ValueError):
        return None


def ics_paths(standard: Standard) -> list[list[tuple[str, str]]]:
    """For each ICS code of the standard, the path from its field: [(code, title), ...]."""
    tree = ics_tree()
    out: list[list[tuple[str, str]]] = []
    for code in standard.ics_codes:
        path = tree.path(code) if tree is not None else []
        out.append([(node.code, node.title) for node in path] or [(code, "")])
    return out


def ccs_titles(standard: Standard) -> list[tuple[str, str]]:
    return [(code, "") for code in standard.ccs_codes]


# --- changes ------------------------------------------------------------------------------


def recent_changes(
    *, kind: str = "", since: datetime.date | None = None, level: str = ""
) -> QuerySet[CatalogueChange]:
    """Catalogue changes recorded by imports, newest first (public data)."""
    if kind and kind not in CatalogueChange.Kind.values:
        raise DomainError(
            "bad_kind",
            f"变化类型“{kind}”无效。",
            f"Unknown change kind {kind!r}.",
            {"field": "kind"},
        )
    if level and level not in Standard.Level.values:
        raise DomainError(
            "bad_level", f"标准层级“{level}”无效。", f"Unknown level {level!r}.", {"field": "level"}
        )
    qs = CatalogueChange.objects.select_related("standard", "standard__replaced_by", "run")
    if kind:
        qs = qs.filter(kind=kind)
    if since:
        qs = qs.filter(detected_on__gte=since)
    if level:
        qs = qs.filter(standard__level=level)
    return qs.order_by("-detected_on", "-id")
