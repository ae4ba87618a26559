"""The catalogue rows a 查新 needs are read as the database has them (issue 19 §1): the model's
ordering by canonical is a locale-aware sort of tens of thousands of rows on PostgreSQL, and the
suggestion index's freshness check reads index ends instead of scanning the table."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biaozhun.validity.lookup import NEAREST
from biaozhun.validity.services import check_designations

from .conftest import FIXTURE_LINES, make_standard

pytestmark = pytest.mark.django_db


def _standard_reads(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and '"catalogue_standard"' in q["sql"]
    ]


def test_bulk_load_reads_rows_unordered(catalogue):
    NEAREST.index = None
    with CaptureQueriesContext(connection) as queries:
        run = check_designations(list(enumerate(FIXTURE_LINES, 1)))
    assert run.counts["not_found"] == 1
    reads = [sql for sql in _standard_reads(queries) if " IN (" in sql]
    assert reads and not [sql for sql in reads if "ORDER BY" in sql]


def test_suggestion_index_freshness_is_not_a_table_scan(catalogue):
    """COUNT together with MAX(updated_at) scanned the whole table on PostgreSQL (0.28 s per
    check); MAX alone reads one end of an index, the count is a query of its own."""
    NEAREST.index = None
    NEAREST.get()
    with CaptureQueriesContext(connection) as queries:
        NEAREST.get()
    aggregates = [sql for sql in _standard_reads(queries) if "MAX(" in sql]
    assert aggregates and not [sql for sql in aggregates if "COUNT(" in sql]


def test_suggestion_index_sees_new_standards(catalogue):
    NEAREST.index = None
    assert "GB/T 19004-2020" not in NEAREST.get().nearest("GB/T 19004-2011")
    make_standard("GB/T 19004-2020", "current")
    assert "GB/T 19004-2020" in NEAREST.get().nearest("GB/T 19004-2011")
