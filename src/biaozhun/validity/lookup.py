"""The catalogue as :mod:`biaozhun.core.validity` sees it: the rows a list needs, loaded in bulk.

For a list of lines, every designation is parsed once; the editions with the same key (and the
exact canonicals, the base editions of amended designations and the parser's candidates) are
fetched in a few ``IN`` queries, then the ``replaced_by`` chains are closed in rounds (one query
per round for all lines at once). Suggestions for designations the catalogue lacks come from a
:class:`~biaozhun.core.validity.NearestIndex` over the whole catalogue, built on first need and
kept while the catalogue does not change.
"""

from __future__ import annotations

import datetime
import threading
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
)
SOURCE_LABELS = dict(Standard.Source.choices)
#: the dates are read as ISO text and parsed by ``date.fromisoformat`` (C): SQLite's column
#: converters parse each date with a regular expression in Python (54,000 dates a
#: 10,000-line list, a sixth of the service's time)
DATES = ("published_on", "implemented_on", "withdrawn_on")
AS_TEXT = {f"{name}_text": Cast(name, CharField()) for name in DATES}


def _date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _chunks(values: Iterable[str | int]) -> Iterable[list[Any]]:
    ordered = sorted(set(values), key=str)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


class _NearestCache:
    def __init__(self) -> None:
        self.stamp: tuple[Any, ...] | None = None
        self.index: NearestIndex | None = None
        self.lock = threading.Lock()

    def get(self) -> NearestIndex:
        # max id and max updated_at read one end of an index each (catalogue_stamp); the
        # count reads the smallest index
        stamp = (Standard.objects.count(), *catalogue_stamp())
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

    def nearest(self, text: str, limit: int) -> Sequence[str]:
        if self._index is None:
            self._index = NEAREST.get()
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


def load_catalogue(texts: Iterable[str]) -> CatalogueRows:
    """Every catalogue row the check of ``texts`` can need, in bulk."""
    canonicals, keys = _wanted(texts)
    rows: dict[int, tuple[Any, ...]] = {}
    fresh: list[tuple[Any, ...]] = []

    def fetch(**lookup: Any) -> None:
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
            for row in cursor.fetchall():
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
    by_id = {pk: row[1] for pk, row in rows.items()}
    # each source's label once (in the active language), not once per row: a label prints
    # through the language lookup (common/choices.py), 34,000 times a 10,000-line list
    sources = {code: str(label) for code, label in SOURCE_LABELS.items()}
    editions = [
        Edition(
            canonical=row[1],
            key=row[2],
            status=row[3],
            year=row[4],
            title_zh=row[5],
            title_en=row[6],
            published_on=_date(row[7]),
            implemented_on=_date(row[8]),
            withdrawn_on=_date(row[9]),
            replaced_by=by_id.get(row[10]) if row[10] else None,
            source=sources.get(row[11], row[11]),
            id=row[0],
        )
        for row in rows.values()
    ]
    return CatalogueRows(editions)
