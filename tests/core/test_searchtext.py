from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biaozhun.core.searchtext import (
    QueryTerm,
    fts5_match,
    index_text,
    normalize,
    query_terms,
    tokens,
    tsquery,
)


def test_nfkc_and_case() -> None:
    assert normalize("ＬＥＤ　Ｌａｍｐ") == "LED Lamp"
    assert tokens("ＬＥＤ Lamps Café") == ["led", "lamps", "cafe"]


def test_cjk_unigrams_and_bigrams() -> None:
    assert tokens("变压器") == ["变", "压", "器", "变压", "压器"]
    assert query_terms("变压器") == [QueryTerm("变压"), QueryTerm("压器")]
    assert query_terms("变") == [QueryTerm("变")]


def test_traditional_to_simplified_optional() -> None:
    assert "变压" in tokens("變壓器", simplify=True)
    assert "變壓" in tokens("變壓器")


def test_numbers() -> None:
    assert tokens("3.5 mm, 220 V") == ["3p5", "mm", "220", "v"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GB/T 1.1-2020", ["gbt", "gbt1", "gbt1p1", "gbt1p1y2020", "2020"]),
        ("GB/T 1.1—2020", ["gbt", "gbt1", "gbt1p1", "gbt1p1y2020", "2020"]),
        ("GB 4706.1-2005", ["gb", "gb4706", "gb4706p1", "gb4706p1y2005", "2005"]),
        ("ISO/IEC 27001:2022", ["isoiec", "isoiec27001", "isoiec27001y2022", "2022"]),
        ("IEC 60335-2-24", ["iec", "iec60335", "iec60335p2", "iec60335p2p24"]),
        ("DB11/T 123-2020", ["db11t", "db11t123", "db11t123y2020", "2020"]),
        ("T/CAS 115-2021", ["tcas", "tcas115", "tcas115y2021", "2021"]),
        ("gbt1.1", ["gbt", "gbt1", "gbt1p1"]),
        ("iso 9001", ["iso", "iso9001"]),
        ("table 1", ["table", "1"]),
    ],
)
def test_designation_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_query_terms_designations() -> None:
    assert query_terms("GB/T 1.1") == [QueryTerm("gbt1p1", True)]
    assert query_terms("gbt1.1") == [QueryTerm("gbt1p1", True)]
    assert query_terms("GB/T 1.1 ") == [QueryTerm("gbt1p1", False)]
    assert query_terms("GB/T 1.1-2020 导则") == [
        QueryTerm("gbt1p1y2020"),
        QueryTerm("导则"),
    ]
    assert query_terms("led lam") == [QueryTerm("led"), QueryTerm("lam", True)]
    assert query_terms("") == []


def test_renderers() -> None:
    terms = [QueryTerm("gbt1p1", True), QueryTerm("变压")]
    assert fts5_match(terms) == '"gbt1p1"* AND "变压"'
    assert tsquery(terms) == "'gbt1p1':* & '变压'"


@pytest.fixture
def fts() -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    try:
        con.execute("CREATE VIRTUAL TABLE doc USING fts5(body)")
    except sqlite3.OperationalError:  # pragma: no cover
        pytest.skip("SQLite without FTS5")
    docs = [
        "GB/T 1.1-2020 标准化工作导则 第1部分：标准化文件的结构和起草规则",
        "GB/T 1.10-2020 something else",
        "GB/T 1.1-2009 标准化工作导则 旧版",
        "IEC 60335-2-24:2020 Household appliances - refrigerating appliances",
        "電力變壓器能效限定值 GB 20052-2020",
    ]
    for d in docs:
        con.execute("INSERT INTO doc(body) VALUES (?)", (index_text(d, simplify=True),))
    return con


def _search(con: sqlite3.Connection, q: str) -> list[int]:
    expr = fts5_match(query_terms(q, simplify=True))
    return [
        r[0] for r in con.execute("SELECT rowid FROM doc WHERE doc MATCH ? ORDER BY rowid", (expr,))
    ]


def test_sqlite_fts5_round_trip(fts: sqlite3.Connection) -> None:
    assert _search(fts, "GB/T 1.1 ") == [1, 3]  # both editions, not GB/T 1.10
    assert _search(fts, "gbt1.1 ") == [1, 3]
    assert _search(fts, "GB/T 1.1") == [1, 2, 3]  # typing: prefix also finds 1.10
    assert _search(fts, "GB/T 1.1-2020") == [1]
    assert _search(fts, "标准化导则") == []  # bigram 化导 is not in the text
    assert _search(fts, "标准化 导则") == [1, 3]
    assert _search(fts, "变压器") == [5]  # indexed from traditional characters
    assert _search(fts, "IEC 60335") == [4]
    assert _search(fts, "refrigerat") == [4]
    assert _search(fts, "ＧＢ 20052") == [5]


@given(st.text(max_size=60))
def test_tokens_are_engine_safe(text: str) -> None:
    for tok in index_text(text).split(" "):
        if tok:
            assert all(ch.isalnum() for ch in tok), tok
    for qt in query_terms(text):
        assert qt.term and all(ch.isalnum() for ch in qt.term)
        assert '"' not in fts5_match([qt]).strip('"*')
