"""The catalogue a long-running process keeps for 标准查新 (issue 19: a fresh 10,000-line list
read a third of the catalogue in ~30 queries on every check): the kept catalogue gives exactly
the results of the rows read for one list, and any change of the catalogue — an import, the
dated transitions, a new standard — is seen by the next check."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biaozhun.catalogue.models import Standard
from biaozhun.catalogue.services import StandardRecord, import_records
from biaozhun.catalogue.transitions import apply_dated_transitions
from biaozhun.common.importing import ImportReport
from biaozhun.core.designation import parse
from biaozhun.core.validity import canonical_form
from biaozhun.validity import lookup
from biaozhun.validity.services import check_designations

from .conftest import FIXTURE_LINES, make_standard

pytestmark = pytest.mark.django_db

EXTRA = [
    # amendments, drafts, format variants and editions of one standard: what edition_form sorts
    ("ISO 9001:2015/Amd 1:2024", "current"),
    ("ISO/DIS 9001", "upcoming"),
    ("ISO 9001:2008", "replaced"),
    ("IEC 60335-1:2020", "current"),
    ("IEC 60335-1:2020 RLV", "current"),
    ("IEC 60335-1:2010", "replaced"),
    ("IEC 60335-1:2010/AMD1:2013", "replaced"),
    ("GB/T 2828.1-2012", "current"),
    ("GB/T 2828.1-2003", "replaced"),
    ("GB/T 2828.1-202X", "upcoming"),
]


@pytest.fixture
def kept_reset() -> Any:
    lookup.KEPT.forget()
    yield
    lookup.KEPT.forget()


def _lines(count: int, seed: int) -> list[tuple[int, str]]:
    """``count`` lines drawn from the catalogue, written as people write them, and the
    fixture lines (every outcome)."""
    rng = random.Random(seed)
    canonicals = list(Standard.objects.values_list("canonical", flat=True))
    texts: list[str] = list(FIXTURE_LINES)
    while len(texts) < count:
        text = rng.choice(canonicals)
        kind = rng.randrange(5)
        if kind == 0:
            text = text.lower()
        elif kind == 1:
            text = parse(text).base  # undated
        elif kind == 2:
            text = text.replace("-20", "-19")  # another edition, often not listed
        texts.append(text)
    return list(enumerate(texts, start=1))


def _results(run: Any) -> list[dict[str, Any]]:
    return run.as_dicts()


def test_kept_catalogue_gives_the_results_of_the_rows_read_for_the_list(catalogue, kept_reset):
    for text, status in EXTRA:
        make_standard(text, status)
    lines = _lines(1200, seed=7)
    read_for_list = check_designations(lines, keep_catalogue=False)
    assert lookup.KEPT.catalogue is None  # a one-shot check keeps nothing
    kept = check_designations(lines)  # 1,200 lines: builds the kept catalogue
    assert lookup.KEPT.catalogue is not None
    assert len(lookup.KEPT.catalogue) == Standard.objects.count()
    assert _results(kept) == _results(read_for_list)
    assert kept.counts == read_for_list.counts
    assert kept.counts["current"] and kept.counts["replaced"] and kept.counts["not_found"]


def test_a_small_list_uses_a_kept_catalogue_but_does_not_build_one(catalogue, kept_reset):
    small = list(enumerate(FIXTURE_LINES, start=1))
    with CaptureQueriesContext(connection) as queries:
        check_designations(small)
    assert lookup.KEPT.catalogue is None
    reads = [q["sql"] for q in queries.captured_queries if " IN (" in q["sql"]]
    assert reads  # the rows of the list, read in bulk
    check_designations(_lines(lookup.KEEP_FROM_LINES, seed=1))
    assert lookup.KEPT.catalogue is not None
    with CaptureQueriesContext(connection) as queries:
        again = check_designations(small)
    assert not [q["sql"] for q in queries.captured_queries if " IN (" in q["sql"]]
    assert again.counts == check_designations(small, keep_catalogue=False).counts


def _big() -> list[tuple[int, str]]:
    return _lines(lookup.KEEP_FROM_LINES, seed=3)


def _outcome(text: str) -> str:
    run = check_designations([(1, text)])
    return run.results[0].outcome


def test_an_import_is_seen_by_the_next_check(catalogue, kept_reset):
    check_designations(_big())
    kept = lookup.KEPT.catalogue
    assert _outcome("GB/T 35678-2020") == "current"
    record = StandardRecord(
        designation=parse("GB/T 35678-2020"), status="withdrawn", source="cn_platform"
    )
    import_records("template", [record], ImportReport(), filename="withdrawn.json")
    check_designations(_big())
    assert lookup.KEPT.catalogue is not kept
    assert _outcome("GB/T 35678-2020") == "withdrawn"


def test_a_new_standard_is_seen_by_the_next_check(catalogue, kept_reset):
    check_designations(_big())
    assert _outcome("GB/T 40000-2024") == "not_found"
    make_standard("GB/T 40000-2024", "current")
    assert _outcome("GB/T 40000-2024") == "current"


def test_the_dated_transitions_are_seen_by_the_next_check(catalogue, kept_reset):
    """The daily transitions wrote status with a queryset update, which skips ``auto_now``:
    what watches ``updated_at`` (the kept catalogue, the count in force) missed them."""
    check_designations(_big())
    assert _outcome("GB 9999-2025") == "upcoming"
    apply_dated_transitions(today=datetime.date(2027, 1, 2))
    assert Standard.objects.get(canonical="GB 9999-2025").status == "current"
    assert _outcome("GB 9999-2025") == "current"


def test_the_kept_catalogue_is_read_again_after_its_age_limit(catalogue, kept_reset, monkeypatch):
    """A change whose ``updated_at`` is older than the newest one when it commits (two writers
    committing out of order) moves no part of the stamp: the kept catalogue is read again after
    ``KEPT_SECONDS`` whatever the stamp says."""
    check_designations(_big())
    kept = lookup.KEPT.catalogue
    Standard.objects.filter(canonical="GB/T 35678-2020").update(
        status="withdrawn", updated_at=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    )
    assert _outcome("GB/T 35678-2020") == "current"  # the stamp did not move
    monkeypatch.setattr(lookup, "KEPT_SECONDS", 0)
    assert _outcome("GB/T 35678-2020") == "withdrawn"  # too old to use: the list's rows
    check_designations(_big())
    assert lookup.KEPT.catalogue is not kept
    monkeypatch.setattr(lookup, "KEPT_SECONDS", 600)
    assert _outcome("GB/T 35678-2020") == "withdrawn"


def test_imports_store_the_edition_form_that_the_parser_reads(db, kept_reset):
    texts = [text for text, _ in EXTRA] + ["GB/T 19001-2016", "ETSI EN 300 328 V2.2.2 (2019-07)"]
    records = [StandardRecord(designation=parse(t), status="current", source="iso") for t in texts]
    import_records("template", records, ImportReport(), filename="forms.json")
    stored = dict(Standard.objects.values_list("canonical", "edition_form"))
    assert stored == {parse(t).canonical: canonical_form(parse(t).canonical) for t in texts}
    assert set(stored.values()) >= {"edition", "amendment", "variant", "draft"}


def test_the_count_in_force_sees_the_dated_transitions(catalogue):
    """The home pages' count of standards in force is kept under the same stamp."""
    from biaozhun.catalogue.freshness import current_count

    before = current_count()
    apply_dated_transitions(today=datetime.date(2027, 1, 2))
    assert current_count() == before + 1  # GB 9999-2025 came into force
