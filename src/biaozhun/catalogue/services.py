"""Writes to the catalogue (the only write path): imports, and the change listeners.

Every importer turns its file into :class:`StandardRecord` objects and hands them to
:func:`import_records`, which creates and updates ``Standard`` rows in batches, links
``replaced_by`` in one pass, keeps ``search_text`` (and so the full-text index) in sync,
records a ``CatalogueChange`` for every new standard, status change, replacement and
withdrawal it detects on a re-import, and publishes
:class:`~biaozhun.common.events.CatalogueChanged` with the ids of those changes in the same
transaction (delivered to its subscribers through the task queue after commit).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.services import record_audit
from biaozhun.common import events
from biaozhun.common.events import CatalogueChanged
from biaozhun.common.importing import ImportReport
from biaozhun.core.codes import CodeError, sectors_for_ccs, sectors_for_ics
from biaozhun.core.designation import Designation
from biaozhun.core.searchtext import index_text
from biaozhun.core.validity import edition_form
from biaozhun.enterprises.models import Enterprise, Industry

from .models import CatalogueChange, DraftingOrganisation, ImportRun, Standard

log = logging.getLogger(__name__)

Status = Standard.Status
Kind = CatalogueChange.Kind
RELATON_SOURCES = {
    Standard.Source.ISO,
    Standard.Source.IEC,
    Standard.Source.ETSI,
    Standard.Source.CIE,
    Standard.Source.OIML,
}
BATCH = 1000
SMALL_IMPORT = 5000

# fields compared on re-import; a difference in the first group is a status event
STATUS_FIELDS = ("status", "withdrawn_on")
DATA_FIELDS = (
    "prefix",
    "publisher",
    "number",
    "part",
    "year",
    "level",
    "doc_type",
    "title_zh",
    "title_en",
    "title_fr",
    "published_on",
    "implemented_on",
    "ics_codes",
    "ccs_codes",
    "committee",
    "adoptions",
    "source_ref",
    "source_status",
    "is_example",
)
DERIVED_FIELDS = ("key", "edition_form", "search_text", "search_len", "ics_fields", "source")
ALL_FIELDS = STATUS_FIELDS + DATA_FIELDS + DERIVED_FIELDS


@dataclass
class StandardRecord:
    """One standard as an importer read it (before it meets the database)."""

    designation: Designation
    status: str
    source: str
    title_zh: str = ""
    title_en: str = ""
    title_fr: str = ""
    published_on: datetime.date | None = None
    implemented_on: datetime.date | None = None
    withdrawn_on: datetime.date | None = None
    ics_codes: list[str] = field(default_factory=list)
    ccs_codes: list[str] = field(default_factory=list)
    committee: str = ""
    adoptions: list[dict[str, Any]] = field(default_factory=list)
    source_ref: str = ""
    source_status: str = ""
    is_example: bool = False
    replaced_by: str | None = None  # canonical of the successor, if the source says
    replaces: list[str] = field(default_factory=list)  # canonicals this one replaces
    drafters: list[str] | None = None  # organisation names in rank order; None: keep
    line: int = 0

    @property
    def canonical(self) -> str:
        return self.designation.canonical

    def values(self) -> dict[str, Any]:
        d = self.designation
        text = index_text(
            d, self.title_zh, self.title_en, ics_codes=self.ics_codes, ccs_codes=self.ccs_codes
        )
        return {
            "status": self.status,
            "withdrawn_on": self.withdrawn_on,
            "prefix": d.prefix[:60],
            "publisher": d.publisher[:60],
            "number": d.number[:60],
            "part": (d.part or "")[:60],
            "year": d.year,
            "level": d.level,
            "doc_type": (d.doc_type or "")[:20],
            "title_zh": self.title_zh[:500],
            "title_en": self.title_en[:1000],
            "title_fr": self.title_fr[:1000],
            "published_on": self.published_on,
            "implemented_on": self.implemented_on,
            "ics_codes": list(self.ics_codes),
            "ccs_codes": list(self.ccs_codes),
            "committee": self.committee[:200],
            "adoptions": list(self.adoptions),
            "source_ref": self.source_ref[:300],
            "source_status": self.source_status[:40],
            "is_example": self.is_example,
            "key": d.key[:200],
            "edition_form": edition_form(d),
            "search_text": text,
            "search_len": min(text.count(" ") + 1 if text else 0, 32767),
            "ics_fields": ics_fields(self.ics_codes),
            "source": self.source,
        }


def ics_fields(codes: Iterable[str]) -> str:
    """``["29.140.40", "29.020", "31.080"]`` -> ``"29 31"`` (the ICS facet's values)."""
    fields = dict.fromkeys(code[:2] for code in codes if code[:2].isdigit())
    return " ".join(fields)[:60]


@dataclass
class ImportResult:
    run: ImportRun | None
    report: ImportReport
    skipped: bool = False
    change_ids: list[int] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def already_imported(fmt: str, sha256: str) -> ImportRun | None:
    return (
        ImportRun.objects.filter(source=fmt, sha256=sha256, finished_at__isnull=False)
        .order_by("-finished_at")
        .first()
    )


def _change_kind(old_status: str, new_status: str) -> str:
    if new_status == Status.WITHDRAWN:
        return Kind.WITHDRAWN
    if new_status == Status.REPLACED:
        return Kind.REPLACED
    return Kind.STATUS_CHANGED


_SECTOR_CACHE: dict[tuple[str, str], list[str]] = {}


def _industry_slugs(ics_codes: Iterable[str], ccs_codes: Iterable[str]) -> set[str]:
    slugs: set[str] = set()
    for kind, codes in (("ics", ics_codes), ("ccs", ccs_codes)):
        for code in codes:
            cached = _SECTOR_CACHE.get((kind, code))
            if cached is None:
                try:
                    cached = sectors_for_ics(code) if kind == "ics" else sectors_for_ccs(code)
                except CodeError:
                    cached = []
                _SECTOR_CACHE[(kind, code)] = cached
            slugs.update(cached)
    return slugs


@transaction.atomic
def import_records(
    fmt: str,
    records: Iterable[StandardRecord],
    report: ImportReport,
    *,
    filename: str = "",
    sha256: str = "",
    catalogue_date: datetime.date | None = None,
    actor: User | None = None,
) -> ImportResult:
    """Create/update the standards of ``records`` (one import run) and record the changes.

    The first import of a relaton catalogue records no "new" events (everything would be
    new); later runs, and every national-platform or template import, record every new standard, status change, replacement and withdrawal, dated
    ``catalogue_date`` (default: today). Records of a standard that another relaton source
    owns (ISO/IEC joint documents appear in both extracts) are left to that source.
    """
    today = catalogue_date or timezone.localdate()
    run = ImportRun.objects.create(
        source=fmt,
        filename=filename[:500],
        sha256=sha256,
        started_at=timezone.now(),
        catalogue_date=today,
    )
    # the first load of a whole publisher's catalogue is not 100,000 "new" events
    first_run = (
        fmt.startswith("relaton-")
        and not ImportRun.objects.filter(source=fmt, finished_at__isnull=False).exists()
    )

    records = list(records)
    # a small file (a template, a platform page) reads only the rows it names; a whole
    # catalogue reads the table once
    named: list[str] | None = None
    if len(records) <= SMALL_IMPORT:
        named = list({c for r in records for c in (r.canonical, r.replaced_by, *r.replaces) if c})
    existing: dict[str, dict[str, Any]] = {
        row["canonical"]: row
        for row in _rows(named, "id", "canonical", "replaced_by_id", *ALL_FIELDS)
    }
    counts: dict[str, Any] = {
        "records": 0,
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 0,
        "other_source": 0,
    }
    seen: dict[str, StandardRecord] = {}
    new_rows: list[dict[str, Any]] = []
    updated_rows: list[dict[str, Any]] = []
    pending: list[
        tuple[str, str, str, str, dict[str, Any]]
    ] = []  # canonical, kind, old, new, details
    touched: set[str] = set()  # canonicals whose industries / drafters are (re)computed

    for record in records:
        counts["records"] += 1
        canonical = record.canonical
        if canonical in seen:
            counts["duplicates"] += 1
            continue
        seen[canonical] = record
        values = record.values()
        old = existing.get(canonical)
        if old is None:
            new_rows.append({"canonical": canonical, **values})
            touched.add(canonical)
            if not first_run:
                pending.append((canonical, Kind.NEW, "", record.status, {}))
            continue
        if (
            old["source"] != record.source
            and old["source"] in RELATON_SOURCES
            and record.source in RELATON_SOURCES
        ):
            counts["other_source"] += 1
            seen.pop(canonical)
            continue
        diff = [name for name in ALL_FIELDS if old[name] != values[name]]
        if not diff:
            counts["unchanged"] += 1
            if record.drafters is not None:
                touched.add(canonical)
            continue
        counts["updated"] += 1
        touched.add(canonical)
        updated_rows.append({"id": old["id"], **values})
        if old["status"] != record.status:
            pending.append(
                (
                    canonical,
                    _change_kind(old["status"], record.status),
                    old["status"],
                    record.status,
                    {"source_status": record.source_status},
                )
            )
        else:
            data_diff = [name for name in diff if name in STATUS_FIELDS + DATA_FIELDS]
            if data_diff:
                pending.append(
                    (
                        canonical,
                        Kind.UPDATED,
                        old["status"],
                        record.status,
                        {"fields": data_diff},
                    )
                )
    counts["created"] = len(new_rows)
    _insert_standards(new_rows)
    _update_standards(updated_rows, ALL_FIELDS)

    ids: dict[str, int] = {row["canonical"]: row["id"] for row in _rows(named, "canonical", "id")}
    _link_successors(seen, existing, ids, pending, today, counts)
    _sync_industries(seen, touched, ids, {row["canonical"] for row in new_rows})
    _sync_drafters(seen, touched, ids)

    changes = [
        CatalogueChange(
            standard_id=ids[canonical],
            run=run,
            kind=kind,
            old_status=old_status,
            new_status=new_status,
            detected_on=today,
            details=details,
        )
        for canonical, kind, old_status, new_status, details in pending
        if canonical in ids
    ]
    CatalogueChange.objects.bulk_create(changes, batch_size=BATCH)
    change_ids = list(CatalogueChange.objects.filter(run=run).values_list("id", flat=True))
    by_kind: dict[str, int] = {}
    for change in changes:
        by_kind[change.kind] = by_kind.get(change.kind, 0) + 1
    counts["changes"] = by_kind
    counts["errors"] = len(report.errors)
    report.total = counts["records"] + len(report.errors)
    report.created = counts["created"]
    report.updated = counts["updated"]
    report.unchanged = counts["unchanged"]
    run.counts = counts
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    record_audit(actor, "catalogue.import", run, {"format": fmt, "counts": counts})
    publish_changes(change_ids)
    if counts["created"] + counts["updated"] >= STATISTICS_AFTER:
        transaction.on_commit(refresh_statistics)
    return ImportResult(run=run, report=report, change_ids=change_ids, counts=counts)


#: rows written by one import above which PostgreSQL's statistics are refreshed at once
STATISTICS_AFTER = 1000


def refresh_statistics() -> None:
    """After a bulk load, on PostgreSQL: ``VACUUM (ANALYZE)`` of the standards table (run after
    the import commits). Until autovacuum passes — never, where it is off — the planner has no
    statistics for the new rows (it expected 1 row where 39,563 matched a search's filters)
    and the visibility map is unset, so the covering indexes of the search and its facet
    counts read the heap as well: the facet count of an empty query with two filters took
    200 ms instead of 40. Measured in docs/benchmarks.md; SQLite needs none of this."""
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run in a transaction block: inside one, the statistics alone
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {Standard._meta.db_table}")
    except DatabaseError:  # the import is committed; autovacuum will catch up
        log.warning("%s of the catalogue after an import failed", command, exc_info=True)


_JSON_FIELDS = {"ics_codes", "ccs_codes", "adoptions"}
_DATE_FIELDS = {"published_on", "implemented_on", "withdrawn_on"}


def _db_value(name: str, value: Any) -> Any:
    """A value as the driver takes it (the raw bulk writes skip the ORM's per-value
    preparation, which dominated the cost of loading 100,000 standards)."""
    if name in _JSON_FIELDS:
        return json.dumps(value, ensure_ascii=False)
    if name in _DATE_FIELDS:
        return connection.ops.adapt_datefield_value(value)
    return value


def _insert_standards(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = ["canonical", *ALL_FIELDS, "updated_at"]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (
        f"INSERT INTO {Standard._meta.db_table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    params = [[*(_db_value(name, row[name]) for name in columns[:-1]), now] for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 5000):
            cursor.executemany(sql, params[start : start + 5000])


def _update_standards(rows: list[dict[str, Any]], fields: Iterable[str]) -> None:
    if not rows:
        return
    names = list(fields)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    assignments = ", ".join(f"{name} = %s" for name in [*names, "updated_at"])
    sql = f"UPDATE {Standard._meta.db_table} SET {assignments} WHERE id = %s"
    params = [[*(_db_value(n, row[n]) for n in names), now, row["id"]] for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 5000):
            cursor.executemany(sql, params[start : start + 5000])


def _rows(canonicals: list[str] | None, *fields: str) -> Iterable[dict[str, Any]]:
    """Rows of the standards named (all of them when ``canonicals`` is None)."""
    if canonicals is None:
        yield from Standard.objects.values(*fields)
        return
    for start in range(0, len(canonicals), 500):
        yield from Standard.objects.filter(canonical__in=canonicals[start : start + 500]).values(
            *fields
        )


def publish_changes(change_ids: list[int]) -> None:
    """Tell the subscribers of :class:`CatalogueChanged` (after commit, through the task
    queue), in slices so that no queued task carries an unbounded list."""
    step = events.CHANGE_IDS_PER_EVENT
    for start in range(0, len(change_ids), step):
        events.publish(CatalogueChanged(list(change_ids[start : start + step])))


def _link_successors(
    seen: dict[str, StandardRecord],
    existing: dict[str, dict[str, Any]],
    ids: dict[str, int],
    pending: list[tuple[str, str, str, str, dict[str, Any]]],
    today: datetime.date,
    counts: dict[str, Any],
) -> None:
    """Set ``replaced_by`` in one pass: from each record's ``replaced_by`` and from the
    ``replaces`` lists (which may name standards already in the catalogue, not in the file)."""
    wanted: dict[str, str] = {}
    for canonical, record in seen.items():
        if record.replaced_by and record.replaced_by != canonical:
            wanted[canonical] = record.replaced_by
    for canonical, record in seen.items():
        for old in record.replaces:
            if old == canonical or (old in seen and seen[old].replaced_by):
                continue  # an old record that names its own successor is believed
            wanted.setdefault(old, canonical)
    unknown = 0
    link_updates: list[dict[str, Any]] = []
    outside_updates: list[dict[str, Any]] = []
    kinds = {entry[0]: entry[1] for entry in pending}
    for old_canonical, new_canonical in wanted.items():
        old_id, new_id = ids.get(old_canonical), ids.get(new_canonical)
        if old_id is None or new_id is None:
            unknown += 1
            continue
        before = existing.get(old_canonical)
        if before is not None and before["replaced_by_id"] == new_id:
            continue
        link_updates.append({"id": old_id, "replaced_by_id": new_id})
        if old_canonical not in seen:
            # a standard outside the file that a record says it replaces
            successor = seen[new_canonical]
            if (
                before is not None
                and before["status"] in (Status.CURRENT, Status.UPCOMING)
                and successor.status == Status.CURRENT
            ):
                outside_updates.append(
                    {
                        "id": old_id,
                        "status": Status.REPLACED,
                        "withdrawn_on": successor.implemented_on or successor.published_on,
                    }
                )
                pending.append(
                    (
                        old_canonical,
                        Kind.REPLACED,
                        before["status"],
                        Status.REPLACED,
                        {"replaced_by": new_canonical},
                    )
                )
                continue
        if before is not None and kinds.get(old_canonical) != Kind.REPLACED:
            pending.append(
                (
                    old_canonical,
                    Kind.REPLACED,
                    before["status"],
                    seen[old_canonical].status if old_canonical in seen else before["status"],
                    {"replaced_by": new_canonical},
                )
            )
    _update_standards(link_updates, ("replaced_by_id",))
    _update_standards(outside_updates, ("status", "withdrawn_on"))
    counts["linked"] = len(link_updates)
    if unknown:
        counts["unknown_successors"] = unknown


def _sync_industries(
    seen: dict[str, StandardRecord], touched: set[str], ids: dict[str, int], created: set[str]
) -> None:
    industries = dict(Industry.objects.values_list("slug", "id"))
    if not industries or not touched:
        return
    wanted: list[tuple[int, int]] = []
    stale = [(ids[c],) for c in touched if c in ids and c not in created]
    for canonical in touched:
        record = seen.get(canonical)
        if record is None or canonical not in ids:
            continue
        for slug in sorted(_industry_slugs(record.ics_codes, record.ccs_codes)):
            if slug in industries:
                wanted.append((ids[canonical], industries[slug]))
    table = Standard.industries.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {table} WHERE standard_id = %s", stale)
        cursor.executemany(
            f"INSERT INTO {table} (standard_id, industry_id) VALUES (%s, %s)", wanted
        )


def _sync_drafters(seen: dict[str, StandardRecord], touched: set[str], ids: dict[str, int]) -> None:
    todo = [
        (ids[c], seen[c].drafters or [])
        for c in touched
        if c in seen and seen[c].drafters is not None and c in ids
    ]
    if not todo:
        return
    enterprises = dict(Enterprise.objects.values_list("name_zh", "id"))
    DraftingOrganisation.objects.filter(standard_id__in=[pk for pk, _ in todo]).delete()
    rows: list[DraftingOrganisation] = []
    for standard_id, names in todo:
        unique = list(dict.fromkeys(name.strip() for name in names if name.strip()))
        for rank, name in enumerate(unique, start=1):
            rows.append(
                DraftingOrganisation(
                    standard_id=standard_id,
                    enterprise_id=enterprises.get(name),
                    name=name[:300],
                    rank=rank,
                )
            )
    DraftingOrganisation.objects.bulk_create(rows, batch_size=BATCH)


def link_drafters_to_enterprise(enterprise: Enterprise) -> int:
    """Link drafting organisations written with this enterprise's name (after it registers)."""
    return DraftingOrganisation.objects.filter(
        enterprise__isnull=True, name=enterprise.name_zh
    ).update(enterprise=enterprise)
