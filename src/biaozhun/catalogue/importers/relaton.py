"""Importers for the relaton extracts of the ISO and IEC catalogues (one JSON object a line,
gzip or plain; fields described in ``data/iso/SOURCE.txt`` and ``data/iec/SOURCE.txt``).

Status
------
* ISO, from the harmonized stage code ``stage.substage`` (``data/iso/harmonized_stage_code.json``):
  ``60.60`` and ``90.xx`` published -> current; ``95.20``/``95.60`` (withdrawal under way) still
  current; ``95.99`` withdrawn (-> replaced when a successor is known); ``60.00`` (under
  publication) upcoming; drafts (stages 00-50) upcoming while in progress, withdrawn once
  abandoned (``.98``) or superseded by the next stage (``.99``); no stage: current when dated.
* IEC, from ``stage``: PUBLISHED current (upcoming while its publication date is in the
  future), REVISED / REPLACED replaced, WITHDRAWN withdrawn; ``dates.obsoleted`` is the
  withdrawal date.

Successors (``replaced_by``)
----------------------------
Relaton ``obsoletes`` / ``updates`` links point both ways (``ISO 9001:2008`` "updates"
``ISO 9001:2015`` and ``ISO 9001:2015`` "obsoletes" ``ISO 9001:2008``; an edition also
"updates" its own amendment). For every linked pair the *older* document is the candidate to
be replaced by the *newer* one, and only if the older one is withdrawn (95.99), the newer one
is a published document (stage 60.60 or later, not a draft) and not a mere amendment or
corrigendum of the older edition. ``obsoletes`` evidence wins over ``updates``; among several
candidates the same-key successor, then the earliest, is chosen. IEC has no links: a REVISED
or REPLACED document is replaced by the earliest later edition of the same key that is not an
amendment-only or redline/consolidated variant.
"""

from __future__ import annotations

import datetime
import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from biaozhun.common.errors import DomainError
from biaozhun.common.importing import ImportReport, RowInvalid
from biaozhun.core.designation import Designation, DesignationError, parse

from ..models import Standard
from ..services import StandardRecord

Status = Standard.Status


def read_jsonl(path: Path) -> Iterator[tuple[int, str]]:
    """Lines of a JSON-lines file, gzip-compressed or not (told by its first bytes)."""
    with path.open("rb") as probe:
        compressed = probe.read(2) == b"\x1f\x8b"
    opener: Any = gzip.open if compressed else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for line_number, line in enumerate(handle, start=1):
                if line.strip():
                    yield line_number, line
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DomainError(
            "bad_file",
            f"文件无法读取(应为 UTF-8 的 JSON Lines,可 gzip 压缩):{exc}",
            f"The file cannot be read (UTF-8 JSON lines, gzip allowed): {exc}",
        ) from exc


def partial_date(value: Any) -> datetime.date | None:
    """``2015-09-15``, ``2015-09`` (first of the month) or ``2015`` (1 January)."""
    if not value or not isinstance(value, str):
        return None
    parts = value.strip()[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return datetime.date(year, month, day)
    except (ValueError, IndexError):
        return None


def iso_status(stage: str | None, substage: str | None, published: datetime.date | None) -> str:
    if not stage:
        return Status.CURRENT if published else Status.UPCOMING
    try:
        major = int(stage)
    except ValueError:
        return Status.CURRENT if published else Status.UPCOMING
    sub = substage or "00"
    if major >= 95:
        return Status.WITHDRAWN if sub == "99" else Status.CURRENT
    if major >= 90:
        return Status.CURRENT
    if major == 60:
        return Status.CURRENT if sub == "60" else Status.UPCOMING
    return Status.WITHDRAWN if sub in ("98", "99") else Status.UPCOMING


def iec_status(stage: str | None, published: datetime.date | None, today: datetime.date) -> str:
    value = (stage or "").upper()
    if value in ("REVISED", "REPLACED"):
        return Status.REPLACED
    if value == "WITHDRAWN":
        return Status.WITHDRAWN
    if published is not None and published > today:
        return Status.UPCOMING
    return Status.CURRENT if published or value == "PUBLISHED" else Status.UPCOMING


@dataclass
class _Candidate:
    new: str
    obsoletes: bool


def _is_published(record: StandardRecord) -> bool:
    return record.status != Status.UPCOMING and record.designation.stage is None


def _date(record: StandardRecord) -> tuple[int, datetime.date]:
    return (record.designation.year or 0, record.published_on or datetime.date.min)


def _is_amendment_of(new: StandardRecord, old: StandardRecord) -> bool:
    return bool(new.designation.amendments) and not old.designation.amendments


def read_items(
    path: Path, report: ImportReport, skip: Callable[[str], bool] | None = None
) -> Iterator[tuple[int, dict[str, Any], str, Designation]]:
    """``(line, item, docid, designation)`` of each line of a relaton extract; a line that is
    not JSON or whose docid does not parse is refused with its line and reason, a docid that
    ``skip`` names is passed over."""
    for line, text in read_jsonl(path):
        try:
            item = json.loads(text)
        except json.JSONDecodeError as exc:
            report.refuse(
                line,
                RowInvalid("json", "bad_json", f"JSON 格式错误:{exc.msg}", f"Bad JSON: {exc.msg}"),
            )
            continue
        docid = str(item.get("docid") or "").strip()
        if skip is not None and skip(docid):
            continue
        try:
            designation = parse(docid)
        except DesignationError as exc:
            report.refuse(
                line,
                RowInvalid(
                    "docid",
                    exc.code,
                    f"标准号“{docid}”:{exc.message_zh}",
                    f"Designation {docid!r}: {exc.message_en}",
                ),
            )
            continue
        yield line, item, docid, designation


def read_relaton(
    path: Path, source: str, report: ImportReport, today: datetime.date
) -> list[StandardRecord]:
    """Read a relaton extract into records with status and ``replaced_by`` set."""
    records: dict[str, StandardRecord] = {}
    duplicates: list[StandardRecord] = []
    links: list[tuple[str, str, str]] = []  # (type, from canonical, to docid)
    for line, item, _docid, designation in read_items(path, report):
        dates = item.get("dates") or {}
        published = partial_date(dates.get("published"))
        if designation.amendments and dates.get("updated"):
            published = partial_date(dates.get("updated")) or published
        if source == Standard.Source.ISO:
            stage, substage = item.get("stage"), item.get("substage")
            status = iso_status(stage, substage, published)
            source_status = f"{stage}.{substage}" if stage else ""
            withdrawn = None
        else:
            status = iec_status(item.get("stage"), published, today)
            source_status = str(item.get("stage") or "")
            withdrawn = (
                partial_date(dates.get("obsoleted"))
                if status
                in (
                    Status.REPLACED,
                    Status.WITHDRAWN,
                )
                else None
            )
        committees = [str(c) for c in item.get("committee") or [] if c]
        record = StandardRecord(
            designation=designation,
            status=status,
            source=source,
            title_en=str(item.get("title_en") or ""),
            title_fr=str(item.get("title_fr") or ""),
            published_on=published,
            withdrawn_on=withdrawn,
            ics_codes=[str(c) for c in item.get("ics") or [] if c],
            committee=", ".join(committees),
            source_ref=str(item.get("src") or ""),
            source_status=source_status,
            line=line,
        )
        for relation in item.get("relations") or []:
            kind = relation.get("type")
            if kind in ("obsoletes", "updates") and relation.get("docid"):
                links.append((kind, designation.canonical, str(relation["docid"])))
        kept = records.get(designation.canonical)
        if kept is not None:
            # ISO alias files repeat a record, sometimes at different stages: the later stage
            # of the life cycle (e.g. 95.99 over 90.92) is kept
            if _stage_order(record) > _stage_order(kept):
                records[designation.canonical] = record
                duplicates.append(kept)
            else:
                duplicates.append(record)
            continue
        records[designation.canonical] = record
    if source == Standard.Source.ISO:
        _iso_successors(records, links)
    else:
        _iec_successors(records)
    return [*records.values(), *duplicates]


def _stage_order(record: StandardRecord) -> tuple[int, ...]:
    parts = record.source_status.split(".")
    try:
        return tuple(int(p) for p in parts if p)
    except ValueError:
        return ()


def _canonical(docid: str, records: dict[str, StandardRecord]) -> str | None:
    if docid in records:
        return docid
    try:
        canonical = parse(docid).canonical
    except DesignationError:
        return None
    return canonical if canonical in records else None


def _iso_successors(records: dict[str, StandardRecord], links: list[tuple[str, str, str]]) -> None:
    candidates: dict[str, list[_Candidate]] = {}
    for kind, source, target_docid in links:
        target = _canonical(target_docid, records)
        if target is None or target == source:
            continue
        a, b = records[source], records[target]
        if kind == "obsoletes":
            old, new = b, a
        else:
            old, new = (a, b) if _date(a) <= _date(b) else (b, a)
        if _date(new) < _date(old):
            continue
        if old.status != Status.WITHDRAWN or not _is_published(new) or _is_amendment_of(new, old):
            continue
        candidates.setdefault(old.canonical, []).append(
            _Candidate(new.canonical, kind == "obsoletes")
        )
    for old_canonical, options in candidates.items():
        old = records[old_canonical]

        def rank(c: _Candidate, old: StandardRecord = old) -> tuple[int, int, tuple[int, Any]]:
            new = records[c.new]
            return (
                0 if c.obsoletes else 1,
                0 if new.designation.key == old.designation.key else 1,
                _date(new),
            )

        best = min(options, key=rank)
        old.replaced_by = best.new
        old.status = Status.REPLACED
        if old.withdrawn_on is None:
            old.withdrawn_on = records[best.new].published_on


def _iec_successors(records: dict[str, StandardRecord]) -> None:
    editions: dict[str, list[StandardRecord]] = {}
    for record in records.values():
        d = record.designation
        if not d.amendments and not d.suffix and d.stage is None:
            editions.setdefault(d.key, []).append(record)
    for group in editions.values():
        group.sort(key=_date)
    for record in records.values():
        if record.status != Status.REPLACED:
            continue
        for edition in editions.get(record.designation.key, []):
            if edition is record or edition.canonical == record.canonical:
                continue
            if _date(edition) > _date(record) and (edition.designation.year or 0) >= (
                record.designation.year or 0
            ):
                if edition.designation.year == record.designation.year and not (
                    record.designation.amendments or record.designation.suffix
                ):
                    continue
                record.replaced_by = edition.canonical
                break
