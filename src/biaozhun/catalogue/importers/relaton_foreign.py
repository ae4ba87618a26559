"""Importers for the relaton extracts of three further catalogues (``data/foreign/``): ETSI,
CIE and OIML. Same record shape as the ISO/IEC extracts except the titles, which are a
``titles`` mapping ``{language: title}``; see ``data/foreign/SOURCE.txt``.

None of the three gives a status field, so the status is derived from what each file holds
(documented in ``docs/catalogue.md``):

* **ETSI** (formats ``relaton-etsi``): every version of a deliverable (``V2.2.3``, ``ed.1``) is
  its own record. Among the versions of one deliverable (same ``key``: type + number + part)
  the highest version is current and each older version is replaced by the next higher one
  (withdrawal date: that version's publication). Amendment (``/A1``) and corrigendum (``/C1``)
  records follow the version they amend. A publication date in the future is upcoming.
* **CIE** (``relaton-cie``): ``updates`` links point both ways, so for every linked pair and
  for every two editions of one publication (same ``key``: ``CIE 15:2004`` and
  ``CIE 015:2018``) the older (by year) is the candidate to be replaced by the newer; the
  earliest newer candidate is the successor. Undated records and conference papers stay
  current.
* **OIML** (``relaton-oiml``): the bulletin (``OIML Bulletin …``, journal issues) is not a
  standard and is skipped; a language edition (``OIML R 111-1:2004 (E)``) is the same
  publication as its parent and only lends its title (French titles come from the ``(F)``
  edition). An edition is replaced by the earliest later edition of the same publication
  (``OIML R 76-1:1992`` -> ``OIML R 76-1:2006``); one marked ``hasSuccessor`` with no later
  edition in the file is replaced with the successor unknown. ``+Amendment`` records follow
  their edition.
"""

from __future__ import annotations

import datetime
import itertools
import re
from pathlib import Path
from typing import Any

from biaozhun.common.importing import ImportReport
from biaozhun.core.designation import DesignationError, parse

from ..models import Standard
from ..services import StandardRecord
from .relaton import partial_date, read_items

Status = Standard.Status


def read_relaton_foreign(
    path: Path, source: str, report: ImportReport, today: datetime.date
) -> list[StandardRecord]:
    """Read an ETSI, CIE or OIML relaton extract into records with status and successors."""
    records: dict[str, StandardRecord] = {}
    successors_flagged: set[str] = set()
    links: list[tuple[str, str]] = []  # (canonical, related docid)
    bulletins = source == Standard.Source.OIML
    for line, item, docid, designation in read_items(
        path, report, skip=(lambda d: d.startswith("OIML Bulletin")) if bulletins else None
    ):
        titles = item.get("titles") or {}
        published = partial_date((item.get("dates") or {}).get("published"))
        if published is None and source == Standard.Source.ETSI:
            m = re.search(r"\((\d{4}-\d{2})\)$", docid)
            published = partial_date(m[1]) if m else None
        relations = item.get("relations") or []
        canonical = designation.canonical
        if any(r.get("type") == "hasSuccessor" for r in relations):
            successors_flagged.add(canonical)
        for relation in relations:
            if relation.get("type") in ("updates", "obsoletes") and relation.get("id"):
                links.append((canonical, str(relation["id"])))
        kept = records.get(canonical)
        if kept is not None:
            # a language edition of a publication already read (or read later): one record
            kept.title_en = kept.title_en or str(titles.get("en") or "")
            kept.title_fr = kept.title_fr or str(titles.get("fr") or "")
            kept.published_on = kept.published_on or published
            continue
        records[canonical] = StandardRecord(
            designation=designation,
            status=Status.UPCOMING if published and published > today else Status.CURRENT,
            source=source,
            title_en=str(titles.get("en") or ""),
            title_fr=str(titles.get("fr") or ""),
            published_on=published,
            ics_codes=[str(c) for c in item.get("ics") or [] if c],
            source_status=str(item.get("doctype") or "")[:40],
            line=line,
        )
    if source == Standard.Source.ETSI:
        _etsi_versions(records)
    elif source == Standard.Source.CIE:
        _cie_successors(records, links)
    else:
        _oiml_successors(records, successors_flagged)
    return list(records.values())


def _replace(old: StandardRecord, new: StandardRecord | None) -> None:
    old.status = Status.REPLACED
    if new is not None:
        old.replaced_by = new.canonical
        old.withdrawn_on = new.published_on


def _follow(amendment: StandardRecord, edition: StandardRecord) -> None:
    if edition.status == Status.REPLACED:
        amendment.status = Status.REPLACED
        amendment.replaced_by = edition.replaced_by
        amendment.withdrawn_on = edition.withdrawn_on


def _etsi_version(record: StandardRecord) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", record.designation.suffix or ""))


def _etsi_versions(records: dict[str, StandardRecord]) -> None:
    versions: dict[str, list[StandardRecord]] = {}
    amendments: list[StandardRecord] = []
    for record in records.values():
        if record.designation.amendments:
            amendments.append(record)
        elif record.designation.stage is None:
            versions.setdefault(record.designation.key, []).append(record)
    by_version: dict[tuple[str, str | None], StandardRecord] = {}
    for group in versions.values():
        group.sort(key=lambda r: (_etsi_version(r), r.published_on or datetime.date.min))
        for older, newer in itertools.pairwise(group):
            if newer.status != Status.UPCOMING:
                _replace(older, newer)
        for record in group:
            by_version[(record.designation.key, record.designation.suffix)] = record
    for amendment in amendments:
        edition = by_version.get((amendment.designation.key, amendment.designation.suffix))
        if edition is not None:
            _follow(amendment, edition)


def _year(record: StandardRecord) -> int:
    return record.designation.year or 0


def _lookup(docid: str, records: dict[str, StandardRecord]) -> StandardRecord | None:
    if docid in records:
        return records[docid]
    try:
        return records.get(parse(docid).canonical)
    except DesignationError:
        return None


def _earliest_newer(records: dict[str, StandardRecord], candidates: dict[str, set[str]]) -> None:
    for old_canonical, news in candidates.items():
        old = records[old_canonical]
        best = min((records[c] for c in news), key=lambda r: (_year(r), r.canonical))
        _replace(old, best)


def _cie_successors(records: dict[str, StandardRecord], links: list[tuple[str, str]]) -> None:
    candidates: dict[str, set[str]] = {}

    def consider(a: StandardRecord, b: StandardRecord) -> None:
        if not _year(a) or not _year(b) or _year(a) == _year(b) or a is b:
            return
        old, new = (a, b) if _year(a) < _year(b) else (b, a)
        candidates.setdefault(old.canonical, set()).add(new.canonical)

    for canonical, target_docid in links:
        target = _lookup(target_docid, records)
        if target is not None:
            consider(records[canonical], target)
    by_key: dict[str, list[StandardRecord]] = {}
    for record in records.values():
        if record.designation.doc_type != "paper":
            by_key.setdefault(record.designation.key, []).append(record)
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                consider(a, b)
    _earliest_newer(records, candidates)


def _oiml_successors(records: dict[str, StandardRecord], flagged: set[str]) -> None:
    editions: dict[str, list[StandardRecord]] = {}
    amendments: list[StandardRecord] = []
    for record in records.values():
        if record.designation.amendments:
            amendments.append(record)
        else:
            editions.setdefault(record.designation.key, []).append(record)
    candidates: dict[str, set[str]] = {}
    for group in editions.values():
        for a in group:
            newer = {b.canonical for b in group if _year(a) and _year(b) > _year(a)}
            if newer:
                candidates[a.canonical] = newer
    _earliest_newer(records, candidates)
    for canonical in flagged:
        marked = records.get(canonical)
        if marked is not None and marked.status != Status.REPLACED:
            _replace(marked, None)
    by_canonical = {r.canonical: r for group in editions.values() for r in group}
    for amendment in amendments:
        base = amendment.canonical.split("+", 1)[0]
        edition = by_canonical.get(base)
        if edition is not None:
            _follow(amendment, edition)


def source_for(fmt: str) -> Any:
    return {
        "relaton-etsi": Standard.Source.ETSI,
        "relaton-cie": Standard.Source.CIE,
        "relaton-oiml": Standard.Source.OIML,
    }[fmt]
