"""After a bulk import, PostgreSQL gets fresh planner statistics at once (issue 19 §1): without
them it expected one row where 39,563 matched a search's filters, and with autovacuum off
(or not yet passed) the covering indexes of the search read the heap too."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biaozhun.catalogue import services
from biaozhun.catalogue.services import StandardRecord, import_records
from biaozhun.common.importing import ImportReport
from biaozhun.core.designation import parse

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


def _import(count: int) -> None:
    import_records(
        "template",
        [
            StandardRecord(
                designation=parse(f"GB/T {9000 + n}-2020"), status="current", source="template"
            )
            for n in range(count)
        ],
        ImportReport(),
        catalogue_date=TODAY,
    )


def test_bulk_import_refreshes_statistics_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "STATISTICS_AFTER", 3)
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        _import(3)
    assert services.refresh_statistics in callbacks
    analyzed = [q["sql"] for q in queries.captured_queries if "ANALYZE" in q["sql"]]
    if connection.vendor == "postgresql":
        # inside the test's transaction: the statistics alone (VACUUM needs autocommit)
        assert analyzed == ["ANALYZE catalogue_standard"]
    else:  # SQLite plans these queries without statistics
        assert analyzed == []


def test_small_import_leaves_statistics_to_autovacuum(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "STATISTICS_AFTER", 3)
    with django_capture_on_commit_callbacks() as callbacks:
        _import(2)
    assert services.refresh_statistics not in callbacks
