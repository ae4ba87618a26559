"""A word search is answered with the facet counts and the page in one statement (issue 19
§1: sending every match to Python cost ~8 µs a match on PostgreSQL, ~6 µs on SQLite). It must
give exactly what ranking every match in Python gives: the count, every facet count and the
page, in order — with the text rank (few matches) and with the record length standing in for
it (many), on both databases."""

from __future__ import annotations

from typing import Any

import pytest

from biaozhun.catalogue import search
from biaozhun.catalogue.search import SearchFilters, search_standards
from biaozhun.catalogue.services import StandardRecord, import_records
from biaozhun.common.importing import ImportReport
from biaozhun.core.designation import parse
from biaozhun.core.searchtext import parse_query

pytestmark = pytest.mark.django_db

QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("quality", {}),
    ("safety", {}),
    ("part", {}),
    ("systems", {"status": "current"}),
    ("electrical", {"level": "international"}),
    ("management", {"ics": "03"}),
    ("test", {}),
    ("information technology", {}),
    ("灯", {}),
    ("nothing-like-this-anywhere", {}),
]


def _both(query: str, filters: SearchFilters, limit: int, offset: int) -> tuple[Any, Any]:
    parsed = parse_query(query)
    terms = list(parsed.terms) + search._filter_terms(filters)
    where, params = search._filter_sql(filters)
    in_database = search._match_page(terms, where, params, limit, offset)
    count, facets, page, _meaning, _fused = search._ranked_page(
        query, terms, where, params, {}, None, None, [], limit, offset
    )
    return in_database, (count, facets, page)


@pytest.mark.parametrize("rank_limit", [search.RANK_LIMIT, 3])
@pytest.mark.parametrize(("query", "filters"), QUERIES)
def test_the_page_in_the_database_is_the_page_ranked_in_python(
    catalogue: None, monkeypatch: pytest.MonkeyPatch, rank_limit: int, query: str, filters: Any
) -> None:
    monkeypatch.setattr(search, "RANK_LIMIT", rank_limit)
    for limit, offset in ((20, 0), (7, 7), (50, 0)):
        in_database, in_python = _both(query, SearchFilters(**filters), limit, offset)
        assert in_database == in_python


def test_the_text_rank_and_the_length_order_differ_and_both_are_kept(catalogue: None) -> None:
    """A one-word query matches several words of one record by prefix (zyxlamp, zyxlamps,
    zyxlampholders): the text rank puts it before a shorter record with one of them; the
    length alone would not. (With every word of a longer query required, ``ts_rank`` over the
    catalogue's position-less vectors orders by length alone.)"""
    records = [
        StandardRecord(
            designation=parse("GB/T 90001-2020"),
            status="current",
            source="template",
            title_en="Zyxlamps and zyxlampholders for the zyxlamp of a cabinet",
        ),
        StandardRecord(
            designation=parse("GB/T 90002-2020"),
            status="current",
            source="template",
            title_en="Zyxlamp",
        ),
    ]
    import_records("template", records, ImportReport(), filename="ranks.json")
    filters = SearchFilters()
    ranked, _ = _both("zyxlamp", filters, 20, 0)
    by_rank = [search_standards("zyxlamp").items[i].canonical for i in range(2)]
    assert by_rank == ["GB/T 90001-2020", "GB/T 90002-2020"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "RANK_LIMIT", 1)  # two matches: the length stands in
        by_length, in_python = _both("zyxlamp", filters, 20, 0)
        assert by_length == in_python
    assert ranked[2] == list(reversed(by_length[2]))


def test_the_search_uses_it_for_words_but_not_for_designations(catalogue: None) -> None:
    calls: list[Any] = []
    original = search._match_page

    def spy(*args: Any) -> Any:
        calls.append(args)
        return original(*args)

    search._match_page = spy  # type: ignore[assignment]
    try:
        result = search_standards("quality")
        assert calls and result.count >= len(result.items) > 0
        calls.clear()
        exact = search_standards("ISO 9001:2015")
        assert not calls and exact.items[0].canonical == "ISO 9001:2015"
    finally:
        search._match_page = original  # type: ignore[assignment]
