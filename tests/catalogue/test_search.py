"""Search: 1- and 2-character Chinese queries, messy designations, ranking, filters, facets."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from biaozhun.catalogue.search import SearchFilters, search_standards
from biaozhun.common.errors import DomainError
from biaozhun.core.searchtext import index_text, parse_query

pytestmark = pytest.mark.django_db


def canonicals(query: str, **filters: Any) -> list[str]:
    return [
        hit.canonical for hit in search_standards(query, SearchFilters(**filters), limit=50).items
    ]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("gbt1.1", "GB/T 1.1-2020"),
        ("GB/T 1.1", "GB/T 1.1-2020"),
        ("ｇｂ／ｔ　１.１－２０２０", "GB/T 1.1-2020"),
        ("gb1.1", "GB/T 1.1-2020"),
        ("iso9001", "ISO 9001:2015"),
        ("ISO 9001", "ISO 9001:2015"),
        ("iso 9001:2008", "ISO 9001:2008"),
        ("GB 2762", "GB 2762-2022"),
        ("db3210/t1001", "DB3210/T 1001-2023"),
        ("iec60598-1", "IEC 60598-1:2024"),
    ],
)
def test_messy_designations_rank_the_exact_edition_first(
    catalogue: None, query: str, first: str
) -> None:
    assert canonicals(query)[0] == first


def test_same_standard_current_then_older_editions(catalogue: None) -> None:
    found = canonicals("gbt1.1")
    assert found[:3] == ["GB/T 1.1-2020", "GB/T 1.1-2009", "GB/T 1.1-2000"]
    hits = search_standards("ISO 9001:2008").items
    assert hits[0].exact and hits[0].canonical == "ISO 9001:2008"


def test_adopting_chinese_standard_found_by_its_iso_designation(catalogue: None) -> None:
    assert "GB/T 19001-2016" in canonicals("iso9001")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("灯", {"GB 7000.1-2015", "GB/T 24907-2010", "T/YZLED 001-2022"}),
        ("电池", {"GB 31241-2022", "GB/T 19638.1-2014", "T/CAS 115-2005"}),
        ("锂离子电池", {"GB 31241-2022", "GB 31241-2014", "GB/T 44271-2026"}),
        ("导则", {"GB/T 1.1-2020"}),
    ],
)
def test_short_chinese_queries(catalogue: None, query: str, expected: set[str]) -> None:
    found = canonicals(query)
    assert expected <= set(found)


def test_chinese_query_ranks_current_before_replaced_and_withdrawn(catalogue: None) -> None:
    statuses = [hit.status for hit in search_standards("电池", limit=50).items]
    order = {"current": 0, "upcoming": 1, "replaced": 2, "withdrawn": 3}
    assert statuses == sorted(statuses, key=order.__getitem__)


def test_english_words_and_prefixes(catalogue: None) -> None:
    assert canonicals("quality management")[0] == "ISO 9001:2015"
    assert "GB 7000.1-2015" in canonicals("luminaires general")
    assert "ISO 9001:2015" in canonicals("qualit requir")  # prefixes
    # plurals fold both ways
    assert "GB 31241-2022" in canonicals("lithium battery")
    assert "GB/T 44271-2026" in canonicals("batteries storage")
    assert "GB/T 24907-2010" in canonicals("led lamp road")


def test_no_match(catalogue: None) -> None:
    result = search_standards("zzzqqq 不存在的词")
    assert result.count == 0 and result.items == []


def test_filters_and_facets(catalogue: None) -> None:
    result = search_standards("", SearchFilters(level="local"), limit=50)
    assert result.count == 5
    assert {hit.level for hit in result.items} == {"local"}
    assert result.facets["level"] == {"local": 5}
    assert result.facets["status"] == {"current": 3, "replaced": 1, "withdrawn": 1}

    everything = search_standards("")
    assert sum(everything.facets["level"].values()) == everything.count
    assert everything.facets["level"]["international"] > 0

    assert set(canonicals("灯", status="current", level="national")) == {
        "GB 7000.1-2015",
        "GB/T 24907-2010",
    }
    assert set(canonicals("", ics="29.140")) >= {"GB 7000.1-2015", "GB/T 24907-2010"}
    assert all(c != "GB 31241-2022" for c in canonicals("", ics="29.140"))
    assert set(canonicals("", ics="29.140.40")) == {
        "GB 7000.1-2015",
        "GB 7000.1-2007",
        "IEC 60598-1:2014",
        "IEC 60598-1:2020",
        "IEC 60598-1:2024",
        "IEC 60598-1:2024 RLV",
    }
    assert set(canonicals("", ccs="K82")) == {
        "GB 31241-2014",
        "GB 31241-2022",
        "GB/T 44271-2026",
        "T/CAS 115-2005",
    }
    assert "GB 31241-2022" in canonicals("", ccs="K")
    dated = canonicals(
        "",
        level="national",
        published_from=datetime.date(2020, 1, 1),
        published_to=datetime.date(2022, 12, 31),
    )
    assert set(dated) == {"GB/T 1.1-2020", "GB 2762-2022", "GB 31241-2022"}
    only_examples = search_standards("", SearchFilters(examples=True))
    assert only_examples.count == 29


def test_industry_filter(catalogue: None) -> None:
    from biaozhun.core.codes import sectors_for_ics

    slug = next(s for s in sectors_for_ics("29.140.40") if "light" in s)
    found = canonicals("", industry=slug)
    assert "GB 7000.1-2015" in found
    assert "GB 2762-2022" not in found


@pytest.mark.parametrize(
    "filters",
    [
        {"level": "galactic"},
        {"status": "maybe"},
        {"ics": "abc"},
        {"ccs": "12"},
        {"published_from": datetime.date(2024, 1, 1), "published_to": datetime.date(2020, 1, 1)},
    ],
)
def test_bad_filters_are_refused(catalogue: None, filters: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as info:
        search_standards("x", SearchFilters(**filters))
    assert info.value.message_zh and info.value.message_en


def test_a_bad_ics_filter_is_the_one_ics_error(catalogue: None) -> None:
    with pytest.raises(DomainError) as info:
        search_standards("x", SearchFilters(ics="29.1x"))
    assert info.value.code == "ics_invalid" and info.value.details["field"] == "ics"
    # a well-formed code outside ICS ed. 7 is a filter that finds nothing, not an error
    assert search_standards("", SearchFilters(ics="99.999")).count == 0


def test_pagination(catalogue: None) -> None:
    first = search_standards("", limit=5, offset=0)
    second = search_standards("", limit=5, offset=5)
    assert first.count == second.count
    assert not {h.id for h in first.items} & {h.id for h in second.items}


def test_index_text_and_query_tokens() -> None:
    text = index_text("GB/T 1.1-2020", "标准化工作导则", "Directives", ics_codes=["01.120"])
    tokens = set(text.split(" "))
    assert {"gbt11", "gbt112020", "标", "标准", "导则", "directives", "ics01120"} <= tokens
    assert "" not in tokens
    assert [t.token for t in parse_query("灯").terms] == ["灯"]
    assert [t.token for t in parse_query("电池").terms] == ["电池"]
    assert [t.token for t in parse_query("锂电池").terms] == ["锂电", "电池"]
    query = parse_query("iso9001")
    assert query.designation is not None and query.designation.key == "ISO 9001"
    # quotes and operators cannot reach the index syntax
    assert all('"' not in t.token for t in parse_query('a" OR "b * NEAR(').terms)


def test_ics_facet_counts_every_field_of_a_standard(import_file: Any, tmp_path: Any) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        '标准号,中文名称,ICS\nT/YZ 7-2025,智能路灯控制器(示例),"29.140.99, 35.240.99"\n',
        encoding="utf-8",
    )
    import_file("template", path)
    result = search_standards("路灯")
    assert result.facets["ics_field"] == {"29": 1, "35": 1}
    assert canonicals("路灯", ics="35") == ["T/YZ 7-2025"]
    assert canonicals("路灯", ics="29.140") == ["T/YZ 7-2025"]


def test_broad_searches_rank_by_length_instead_of_bm25(
    catalogue: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from biaozhun.catalogue import search

    with_bm25 = canonicals("电池")
    monkeypatch.setattr(search, "RANK_LIMIT", 1)
    hits = search_standards("电池", limit=50).items
    assert {h.canonical for h in hits} == set(with_bm25)
    order = {"current": 0, "upcoming": 1, "replaced": 2, "withdrawn": 3}
    assert [h.status for h in hits] == sorted((h.status for h in hits), key=order.__getitem__)
    assert canonicals("gbt1.1")[0] == "GB/T 1.1-2020"
