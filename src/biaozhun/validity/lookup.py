"""The catalogue as :mod:`biaozhun.core.validity` sees it: the rows a check needs.

Two ways, the same rows and so the same results (tests/validity/test_kept_catalogue.py):

* :func:`load_catalogue` reads what one list needs. Every designation is parsed once; the
  editions with the same key (and the exact canonicals, the base editions of amended
  designations and the parser's candidates) are fetched in a few ``IN`` queries, then the
  ``replaced_by`` chains are closed in rounds (one query per round for all lines at once).
  A one-shot command (``biaozhun validity check FILE``) and a small list in a process that
  has not kept the catalogue use it.
* :data:`KEPT` holds every edition of the catalogue in a long-running process (the web
  processes, the task worker), built on the first list of at least ``KEEP_FROM_LINES`` lines
  and rebuilt when the catalogue changes (its stamp: count, highest id, latest ``updated_at``).
  A 10,000-line list reads ~34,000 rows the first way (a third of the catalogue, all editions
  of each standard named), which cost more than the classification itself.

Suggestions for designations the catalogue lacks come from a
:class:`~biaozhun.core.validity.NearestIndex` over the whole catalogue, built on first need and
kept while the catalogue does not change.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast

from biaozhun.catalogue.freshness import catalogue_stamp
from biaozhun.catalogue.models import Standard
from biaozhun.core.designation import DesignationError, parse
from biaozhun.core.validity import Edition, MemoryCatalogue, NearestIndex, edition_canonical

CHUNK = 500
FIELDS = (
    "id",
    "canonical",
    "key",
    "status",
    "year",
    "title_zh",
    "title_en",
    "published_on",
    "implemented_on",
    "withdrawn_on",
    "replaced_by_id",
    "source",
    "edition_form",
)
SOURCE_LABELS = dict(Standard.Source.choices)
#: the dates are read as ISO text and parsed by ``date.fromisoformat`` (C): SQLite's column
#: converters parse each date with a regular expression in Python (54,000 dates a
#: 10,000-line list, a sixth of the service's time)
DATES = ("published_on", "implemented_on", "withdrawn_on")
AS_TEXT = {f"{name}_text": Cast(name, CharField()) for name in DATES}


def _chunks(values: Iterable[str | int]) -> Iterable[list[Any]]:
    ordered = sorted(set(values), key=str)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _stamp() -> tuple[Any, ...]:
    # max id and max updated_at read one end of an index each (catalogue_stamp); the count
    # reads the smallest index
    return (Standard.objects.count(), *catalogue_stamp())


class _NearestCache:
    def __init__(self) -> None:
        self.stamp: tuple[Any, ...] | None = None
        self.index: NearestIndex | None = None
        self.lock = threading.Lock()

    def get(self, stamp: tuple[Any, ...] | None = None) -> NearestIndex:
        """The index for the catalogue as of ``stamp`` (read now if not given)."""
        stamp = stamp or _stamp()
        with self.lock:
            if self.index is None or self.stamp != stamp:
                # sorted here, not by the database: the same (code point) order on every
                # vendor, without PostgreSQL's locale-aware sort of 120,000 designations
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT canonical FROM {Standard._meta.db_table}")
                    canonicals = sorted(row[0] for row in cursor.fetchall())
                self.index = NearestIndex(canonicals)
                self.stamp = stamp
            return self.index


NEAREST = _NearestCache()


class CatalogueRows(MemoryCatalogue):
    """The loaded editions; suggestions come from the whole catalogue (the index is fetched
    once per check, on the first designation the catalogue lacks)."""

    _index: NearestIndex | None = None

    def __init__(self, editions: Iterable[Edition], stamp: tuple[Any, ...] | None = None) -> None:
        super().__init__(editions)
        self._stamp = stamp  # the catalogue's stamp when the rows were read (one read a check)

    def nearest(self, text: str, limit: int) -> Sequence[str]:
        if self._index is None:
            self._index = NEAREST.get(self._stamp)
        return self._index.nearest(text, limit)


def _wanted(texts: Iterable[str]) -> tuple[set[str], set[str]]:
    canonicals: set[str] = set()
    keys: set[str] = set()
    for text in texts:
        try:
            designation = parse(text.strip())
        except DesignationError as exc:
            for candidate in exc.candidates:
                canonicals.add(candidate)
            continue
        canonicals.add(designation.canonical)
        canonicals.add(edition_canonical(designation))
        keys.add(designation.key)
    return canonicals, keys


def load_catalogue(texts: Iterable[str], stamp: tuple[Any, ...] | None = None) -> CatalogueRows:
    """Every catalogue row the check of ``texts`` can need, in bulk (``stamp``: the
    catalogue's, if the caller has read it)."""
    canonicals, keys = _wanted(texts)
    rows: dict[int, tuple[Any, ...]] = {}
    fresh: list[tuple[Any, ...]] = []

    def fetch(**lookup: Any) -> None:
        for row in _read(**lookup):
            if row[0] not in rows:
                rows[row[0]] = row
                fresh.append(row)

    for chunk in _chunks(keys):
        fetch(key__in=chunk)
    seen_keys = set(keys)
    known = {row[1] for row in rows.values()}
    for chunk in _chunks(canonicals - known):
        fetch(canonical__in=chunk)
    # close the successor chains (and the editions of each successor's standard), one round
    # of queries per chain step for all lines together
    for _ in range(50):
        batch, fresh[:] = list(fresh), []
        missing_ids = {row[10] for row in batch if row[10] and row[10] not in rows}
        missing_keys = {row[2] for row in batch} - seen_keys
        if not missing_ids and not missing_keys:
            break
        for chunk in _chunks(missing_ids):
            fetch(id__in=chunk)
        for chunk in _chunks(missing_keys):
            fetch(key__in=chunk)
        seen_keys |= missing_keys
    return CatalogueRows(_editions(rows), stamp)


def _read(**lookup: Any) -> list[tuple[Any, ...]]:
    """The rows of the standards ``lookup`` selects, as tuples of ``FIELDS``."""
    # raw cursor: Django's per-value converters cost more than the query itself here;
    # unordered (the model's ordering by canonical is a locale-aware sort on PostgreSQL)
    query = (
        Standard.objects.filter(**lookup)
        .order_by()
        .annotate(**AS_TEXT)
        .values_list(*(f"{name}_text" if name in DATES else name for name in FIELDS))
        .query
    )
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _editions(rows: dict[int, tuple[Any, ...]]) -> list[Edition]:
    """One :class:`Edition` per row (id -> row), its successor named by canonical. Equal
    values share one object (status, form and key strings, dates): the kept catalogue holds
    120,000 editions, and a string or date per row and field cost ~35 MB more a process."""
    by_id = {pk: row[1] for pk, row in rows.items()}
    # each source's label once (in the active language), not once per row: a label prints
    # through the language lookup (common/choices.py), 34,000 times a 10,000-line list
    sources = {code: str(label) for code, label in SOURCE_LABELS.items()}
    texts: dict[str, str] = {}
    dates: dict[str, datetime.date] = {}

    def text(value: str) -> str:
        return texts.setdefault(value, value)

    def day(value: str | None) -> datetime.date | None:
        # ISO text on both databases (AS_TEXT), parsed once per distinct date
        if not value:
            return None
        found = dates.get(value)
        if found is None:
            found = dates[value] = datetime.date.fromisoformat(value)
        return found

    return [
        Edition(
            canonical=row[1],
            key=text(row[2]),
            status=text(row[3]),
            year=row[4],
            title_zh=row[5],
            title_en=row[6],
            published_on=day(row[7]),
            implemented_on=day(row[8]),
            withdrawn_on=day(row[9]),
            replaced_by=by_id.get(row[10]) if row[10] else None,
            source=sources.get(row[11], row[11]),
            id=row[0],
            form=text(row[12]),
        )
        for row in rows.values()
    ]


#: a list this long builds the kept catalogue in a process that has none (a shorter list reads
#: its own rows: a few dozen queries, against ~2 s to read the whole catalogue once)
KEEP_FROM_LINES = 1000


#: the kept catalogue is read again after this long whatever its stamp says: a change committed
#: after a newer one (two writers committing out of order) moves no part of the stamp
KEPT_SECONDS = 600


class _KeptCatalogue:
    """Every edition of the catalogue, kept while the catalogue's stamp does not change (and
    for at most ``KEPT_SECONDS``)."""

    def __init__(self) -> None:
        self.stamp: tuple[Any, ...] | None = None
        self.catalogue: CatalogueRows | None = None
        self.built_at = 0.0
        self.lock = threading.Lock()

    def get(self, stamp: tuple[Any, ...], *, build: bool) -> CatalogueRows | None:
        """The kept catalogue if it is as of ``stamp``; built (or rebuilt) first when
        ``build``."""
        with self.lock:
            fresh = time.monotonic() - self.built_at < KEPT_SECONDS
            if self.catalogue is not None and self.stamp == stamp and fresh:
                return self.catalogue
            if not build:
                return None
            # the stamp was read before the rows: a change while they are read makes the
            # next check rebuild; rows are never kept under a newer stamp than theirs
            rows = {row[0]: row for row in _read()}
            self.catalogue = CatalogueRows(_editions(rows), stamp)
            self.stamp, self.built_at = stamp, time.monotonic()
            return self.catalogue

    def forget(self) -> None:
        with self.lock:
            self.stamp = self.catalogue = None
            self.built_at = 0.0


KEPT = _KeptCatalogue()


def catalogue_for(texts: Sequence[str], *, keep: bool = True) -> CatalogueRows:
    """The catalogue to check ``texts`` against: the kept one where the process keeps it (see
    the module docstring), else the rows these lines need."""
    stamp = _stamp()
    if keep:
        kept = KEPT.get(stamp, build=len(texts) >= KEEP_FROM_LINES)
        if kept is not None:
            return kept
    return load_catalogue(texts, stamp)
