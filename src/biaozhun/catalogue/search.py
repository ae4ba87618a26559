"""Full-text (and, where title vectors exist, hybrid) search of the catalogue: the filters,
the ranked hits and their facet counts. Public data: no scoping."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.db import connection

from biaozhun.common.codes import clean_ics
from biaozhun.common.errors import DomainError
from biaozhun.core.searchtext import ParsedQuery, Term, compact, fts5_query, parse_query, tsquery

from . import vectors
from .models import Standard

FACET_FIELDS = ("level", "status", "ics_field")


@dataclass(frozen=True)
class SearchFilters:
    """Filters of a catalogue search (all optional, combined with AND)."""

    level: str = ""
    status: str = ""
    ics: str = ""  # ICS code or prefix: 29, 29.140, 29.140.40
    ccs: str = ""  # CCS letter or code: K, K71
    industry: str = ""  # Industry slug
    published_from: datetime.date | None = None
    published_to: datetime.date | None = None
    examples: bool | None = None  # None: both; True: only examples; False: no examples


@dataclass(frozen=True)
class SearchHit:
    id: int
    canonical: str
    title_zh: str
    title_en: str
    status: str
    level: str
    published_on: datetime.date | None
    is_example: bool
    exact: bool
    by_meaning: bool = False  # found by the title vectors, not by the words

    @property
    def title(self) -> str:
        return self.title_zh or self.title_en

    def get_status_display(self) -> str:
        return str(Standard.Status(self.status).label)

    def get_level_display(self) -> str:
        return str(Standard.Level(self.level).label)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "canonical": self.canonical,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "status": self.status,
            "level": self.level,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "is_example": self.is_example,
            "exact": self.exact,
            "by_meaning": self.by_meaning,
        }


@dataclass
class SearchResult:
    items: list[SearchHit]
    count: int
    facets: dict[str, dict[str, int]]
    query: ParsedQuery = field(default_factory=lambda: ParsedQuery((), None))
    # how the text query was searched: "hybrid" (words and title vectors), "lexical" (words
    # only: a designation, a code, no text), "unavailable" (words only: no vectors yet)
    semantic: str = "lexical"


def _filter_terms(filters: SearchFilters) -> list[Term]:
    terms: list[Term] = []
    if filters.ics:
        code = clean_ics(filters.ics, field="ics", known=False)
        terms.append(Term("ics" + compact(code), True))
    if filters.ccs:
        text = compact(filters.ccs)
        if not re.fullmatch(r"[a-z](\d{1,2})?", text):
            raise DomainError(
                "bad_ccs",
                f"CCS 分类号“{filters.ccs}”格式不正确(如 K 或 K71)。",
                f"The CCS code {filters.ccs!r} is malformed (e.g. K or K71).",
                {"field": "ccs"},
            )
        terms.append(Term("ccs" + text, len(text) < 3))
    return terms


def _validate(filters: SearchFilters) -> None:
    if filters.level and filters.level not in Standard.Level.values:
        raise DomainError(
            "bad_level",
            f"标准层级“{filters.level}”无效。",
            f"Unknown level {filters.level!r}.",
            {"field": "level"},
        )
    if filters.status and filters.status not in Standard.Status.values:
        raise DomainError(
            "bad_status",
            f"标准状态“{filters.status}”无效。",
            f"Unknown status {filters.status!r}.",
            {"field": "status"},
        )
    if (
        filters.published_from
        and filters.published_to
        and filters.published_from > filters.published_to
    ):
        raise DomainError(
            "bad_date_range",
            "发布日期范围的起始晚于结束。",
            "The start of the publication date range is after its end.",
            {"field": "published_from"},
        )


def search_standards(
    query: str,
    filters: SearchFilters | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
    extra_terms: list[Term] | None = None,
) -> SearchResult:
    """Full-text search of the catalogue (public data: no scoping), relevance-ranked: the
    exact designation first, then the same standard's other editions (newest first), then
    current before upcoming, replaced and withdrawn, then the index's own relevance (FTS5
    bm25 / PostgreSQL ts_rank).

    With a text query, one pass over the index matches (joined to a narrow covering index,
    never to the wide rows) yields the count, the facet counts and the order; only the page's
    rows are then read. Without one, the facets are a grouped count over a covering index
    and the page is the newest publications first.
    """
    filters = filters or SearchFilters()
    _validate(filters)
    if len(query) > 200:
        raise DomainError(
            "query_too_long", "检索词过长(最多 200 字)。", "The query is too long (200 max)."
        )
    parsed = parse_query(query)
    filter_terms = _filter_terms(filters) + list(extra_terms or [])
    terms = list(parsed.terms) + filter_terms
    where, params = _filter_sql(filters)
    semantic = "lexical"
    meaning: set[int] = set()
    if terms:
        exact = _exact_ranks(parsed)
        index = None
        if _semantic_applies(query, parsed) and not exact:
            index = vectors.current_index()
            semantic = "unavailable" if index is None else "hybrid"
        # A Chinese query is embedded while the full-text index is searched (both run outside
        # the GIL); words in other scripts wait for the match count (see BROAD_MATCHES).
        pending = (
            vectors.nearest_soon(index, query) if index is not None and _HAN.search(query) else None
        )
        paged = None
        if not exact and pending is None:
            paged = _match_page(terms, where, params, limit, offset)
            if index is not None and paged[0] <= BROAD_MATCHES:
                paged = None  # few matches: fused with the nearest titles below
        fused = False
        if paged is not None:
            count, facets, page_ids = paged
        else:
            count, facets, page_ids, meaning, fused = _ranked_page(
                query, terms, where, params, exact, index, pending, filter_terms, limit, offset
            )
        if index is not None and not fused:
            semantic = "lexical"  # the words alone answer it: thousands of titles have them
    else:
        exact = {}
        count, facets = _grouped_facets(where, params)
        page_ids = _newest(where, params, limit, offset)
    rows = {row[0]: row for row in _page_rows(page_ids)}
    items = [
        SearchHit(
            id=row[0],
            canonical=row[1],
            title_zh=row[2],
            title_en=row[3],
            status=row[4],
            level=row[5],
            published_on=_as_date(row[6]),
            is_example=bool(row[7]),
            exact=pk in exact,
            by_meaning=pk in meaning,
        )
        for pk in page_ids
        if (row := rows.get(pk)) is not None
    ]
    return SearchResult(items=items, count=count, facets=facets, query=parsed, semantic=semantic)


def _ranked_page(
    query: str,
    terms: list[Term],
    where: list[str],
    params: list[Any],
    exact: dict[int, tuple[int, int, int]],
    index: Any,
    pending: Any,
    filter_terms: list[Term],
    limit: int,
    offset: int,
) -> tuple[int, dict[str, dict[str, int]], list[int], set[int], bool]:
    """Count, facets, the page's ids, the ids found by meaning only and whether the nearest
    titles were fused in, from every match ranked here."""
    ranked = _match(terms, where, params)
    meaning: set[int] = set()
    fused = index is not None and (pending is not None or len(ranked) <= BROAD_MATCHES)
    if fused:
        hits = pending.result() if pending is not None else vectors.nearest(index, query)
        ranked, meaning = _fuse(ranked, hits, filter_terms, where, params)
    facets = _facets_of(ranked)
    if exact:  # a designation query: few matches, the exact edition(s) first
        none = (0, 0, 0)
        ranked.sort(
            key=lambda row: (
                -exact.get(row[0], none)[0],
                -exact.get(row[0], none)[1],
                row[4],
                -exact.get(row[0], none)[2],
                row[5],
                row[0],
            )
        )
    elif not meaning:
        ranked.sort(key=_ORDER)
    return len(ranked), facets, [row[0] for row in ranked[offset : offset + limit]], meaning, fused


# A query is searched by meaning too unless it reads as a designation or a code: no letter
# or Chinese character ("60335"), or a word that glues letters and digits ("iso9001").
_WORDS = re.compile(r"[^\W\d_]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Above this many full-text matches a query in a Latin (or other non-Han) script is not
# searched by meaning: every one of them contains every word of the query, the first page is
# already full of them, and the query's embedding and the fusion would cost 20-40 ms for a
# reordering among thousands (docs/benchmarks/search.md). A Chinese query is always searched
# by meaning: the catalogue's titles are mostly English.
BROAD_MATCHES = 1000
_GLUED = re.compile(r"(?=\w*[^\W\d_])(?=\w*\d)\w+")
RRF_K = 60


def _semantic_applies(query: str, parsed: ParsedQuery) -> bool:
    return (
        parsed.designation is None
        and _WORDS.search(query) is not None
        and not any(_GLUED.fullmatch(token) for token in re.split(r"[\s/:.\-]+", query))
    )


def _fuse(
    ranked: list[tuple[Any, ...]],
    hits: list[tuple[int, float]],
    filter_terms: list[Term],
    where: list[str],
    params: list[Any],
) -> tuple[list[tuple[Any, ...]], set[int]]:
    """The full-text matches and the nearest titles (those that pass the filters) as one
    list, ordered by status, then by reciprocal rank fusion of the two rankings (text
    relevance, vector similarity), then id. Returns it with the ids found by meaning only."""
    if not hits:
        ranked.sort(key=_ORDER)
        return ranked, set()
    found = {row[0] for row in ranked}
    extra = [pk for pk, _ in hits if pk not in found]
    extra_rows = _rows_for_ids(extra, filter_terms, where, params)
    score: dict[int, float] = {}
    for position, row in enumerate(sorted(ranked, key=_TEXT_ORDER)):
        score[row[0]] = 1.0 / (RRF_K + 1 + position)
    for position, (pk, _) in enumerate(hits):
        score[pk] = score.get(pk, 0.0) + 1.0 / (RRF_K + 1 + position)
    rows = ranked + extra_rows
    rows.sort(key=lambda row: (row[4], -score[row[0]], row[0]))
    return rows, {row[0] for row in extra_rows}


def _rows_for_ids(
    ids: list[int], filter_terms: list[Term], where: list[str], params: list[Any]
) -> list[tuple[Any, ...]]:
    """Match rows (as :func:`_match` gives them) of the standards ``ids`` that pass the
    filters."""
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    if filter_terms:
        return _match(filter_terms, [*where, f"s.id IN ({marks})"], [*params, *ids], rank=False)
    sql = (
        f"SELECT s.id, s.level, s.status, s.ics_fields, {STATUS_RANK_SQL}, s.search_len "
        f"FROM catalogue_standard s WHERE s.id IN ({marks})"
    )
    if where:
        sql += " AND " + " AND ".join(where)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, *params])
        return list(cursor.fetchall())


STATUS_RANK_SQL = (
    "CASE s.status WHEN 'current' THEN 0 WHEN 'upcoming' THEN 1 WHEN 'replaced' THEN 2 ELSE 3 END"
)
# sort key of a match row (id, level, status, ics_fields, status rank, text rank)
_ORDER = itemgetter(4, 5, 0)
_TEXT_ORDER = itemgetter(5, 0)
_FACET_KEY = itemgetter(1, 2, 3)
COVER_INDEX = "catalogue_std_search_cover"
#: the full-text matches joined to the narrow covering index (SQLite), a ``MATCH`` parameter
FTS_MATCHES = (
    f"FROM catalogue_standard_fts f JOIN catalogue_standard s INDEXED BY {COVER_INDEX} "
    "ON s.id = f.rowid WHERE catalogue_standard_fts MATCH %s"
)


def _filter_sql(filters: SearchFilters) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if filters.level:
        where.append("s.level = %s")
        params.append(filters.level)
    if filters.status:
        where.append("s.status = %s")
        params.append(filters.status)
    if filters.published_from:
        where.append("s.published_on >= %s")
        params.append(filters.published_from)
    if filters.published_to:
        where.append("s.published_on <= %s")
        params.append(filters.published_to)
    if filters.examples is not None:
        where.append("s.is_example = %s")
        params.append(filters.examples)
    if filters.industry:
        where.append(
            "s.id IN (SELECT si.standard_id FROM catalogue_standard_industries si "
            "JOIN enterprises_industry i ON i.id = si.industry_id WHERE i.slug = %s)"
        )
        params.append(filters.industry)
    return where, params


def _facet_add(
    facets: dict[str, dict[str, int]], level: str, status: str, ics: str, n: int
) -> None:
    """Add ``n`` standards to the facet counts; a standard counts under each of its ICS fields
    (``ics`` is the space-separated ``ics_fields``)."""
    facets["level"][level] = facets["level"].get(level, 0) + n
    facets["status"][status] = facets["status"].get(status, 0) + n
    if ics:
        bucket = facets["ics_field"]
        for field_code in ics.split(" "):
            bucket[field_code] = bucket.get(field_code, 0) + n


RANK_LIMIT = 3000


def _facets_of(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, int]]:
    facets: dict[str, dict[str, int]] = {name: {} for name in FACET_FIELDS}
    for (level, status, ics), n in Counter(map(_FACET_KEY, rows)).items():
        _facet_add(facets, level, status, ics, n)
    return facets


def _match(
    terms: list[Term], where: list[str], params: list[Any], *, rank: bool = True
) -> list[tuple[Any, ...]]:
    """Every match as (id, level, status, ics_fields, status rank, text rank; lower ranks are
    better).

    The text rank is the index's own relevance (FTS5 bm25, PostgreSQL ``ts_rank`` normalised
    by length) when there are at most ``RANK_LIMIT`` matches. Above, the number of tokens of
    the record stands in for it: every match contains every term (AND), so bm25 orders them
    by length but for repeated words, and computing it costs about 1 µs per match.

    On PostgreSQL the rank comes with the matches, in the same pass over the heap rows (a
    second query read every matched row again); SQLite reads bm25 from the FTS table apart.
    """
    if connection.vendor == "postgresql" and rank:
        return _match_ranked_postgresql(terms, where, params)
    if connection.vendor == "sqlite":
        sql = (
            f"SELECT s.id, s.level, s.status, s.ics_fields, {STATUS_RANK_SQL}, s.search_len "
            + FTS_MATCHES
        )
        rank_sql = (
            "SELECT rowid, rank FROM catalogue_standard_fts WHERE catalogue_standard_fts MATCH %s"
        )
        match = fts5_query(terms)
    else:  # PostgreSQL, unranked (the ranked match is _match_ranked_postgresql)
        sql = (
            f"SELECT s.id, s.level, s.status, s.ics_fields, {STATUS_RANK_SQL}, s.search_len "
            "FROM catalogue_standard s WHERE s.search_vector @@ %s::tsquery"
        )
        rank_sql = ""
        match = tsquery(terms)
    if where:
        sql += " AND " + " AND ".join(where)
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *params])
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        if rank_sql and rank and len(rows) <= RANK_LIMIT:
            cursor.execute(rank_sql, [match])
            ranks = dict(cursor.fetchall())
            rows = [(*row[:5], ranks.get(row[0], 0.0)) for row in rows]
    return rows


def _match_ranked_postgresql(
    terms: list[Term], where: list[str], params: list[Any]
) -> list[tuple[Any, ...]]:
    """:func:`_match` on PostgreSQL with the text rank: ``ts_rank`` (normalisation 2: divided
    by the document length, like bm25's preference for short documents) computed on the rows
    the match reads anyway, used when there are at most ``RANK_LIMIT`` matches."""
    sql = (
        f"SELECT s.id, s.level, s.status, s.ics_fields, {STATUS_RANK_SQL}, s.search_len, "
        "-ts_rank(s.search_vector, %s::tsquery, 2) "
        "FROM catalogue_standard s WHERE s.search_vector @@ %s::tsquery"
    )
    if where:
        sql += " AND " + " AND ".join(where)
    match = tsquery(terms)
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, match, *params])
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    if len(rows) <= RANK_LIMIT:
        return [(*row[:5], row[6]) for row in rows]
    return [row[:6] for row in rows]


def _match_page(
    terms: list[Term], where: list[str], params: list[Any], limit: int, offset: int
) -> tuple[int, dict[str, dict[str, int]], list[int]]:
    """Count, facets and the page's ids of a word search, in one statement that returns the
    grouped facet counts and the page instead of every match.

    The same order as :func:`_match` then ``_ORDER``: status, then the text rank when there
    are at most ``RANK_LIMIT`` matches (else the record's length), then id
    (tests/catalogue/test_search_paging.py compares the two). Every match sent to Python to
    be counted and sorted there cost ~8 µs a match on PostgreSQL (the columns formatted as
    text and parsed again) and ~6 µs on SQLite: 71 and 52 ms for the 8,798 matches of
    "information technology".

    PostgreSQL computes ``ts_rank`` in the pass that reads the rows (keeping the vectors for
    a later rank cost more than ranking all: 41 vs 30 ms for the broadest query). SQLite's
    bm25 costs more (47 vs 23 ms for the same query): a first statement counts up to
    ``RANK_LIMIT + 1`` matches, and bm25 is computed only where it will be used."""
    if connection.vendor == "postgresql":
        match = tsquery(terms)
        source = (
            "s.search_len AS sl, -ts_rank(s.search_vector, %s::tsquery, 2) AS tr "
            "FROM catalogue_standard s WHERE s.search_vector @@ %s::tsquery"
        )
        head = [match, match]
        length = "m.sl::real"
    else:
        match = fts5_query(terms)
        rank = "f.rank" if _at_most(match, where, params, RANK_LIMIT) else "0"
        source = f"s.search_len AS sl, {rank} AS tr {FTS_MATCHES}"
        head = [match]
        length = "m.sl"
    sql = (
        "WITH m AS MATERIALIZED ("
        f"SELECT s.id, s.level, s.status, s.ics_fields, {STATUS_RANK_SQL} AS sr, {source}"
        + "".join(f" AND {clause}" for clause in where)
        + "), n AS (SELECT count(*) AS c FROM m) "
        "SELECT 0, m.level, m.status, m.ics_fields, count(*) FROM m "
        "GROUP BY m.level, m.status, m.ics_fields "
        "UNION ALL "
        "SELECT * FROM (SELECT 1, NULL, NULL, NULL, m.id FROM m, n ORDER BY m.sr, "
        f"CASE WHEN n.c <= %s THEN m.tr ELSE {length} END, m.id LIMIT %s OFFSET %s) AS p"
    )
    facets: dict[str, dict[str, int]] = {name: {} for name in FACET_FIELDS}
    count = 0
    page: list[int] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [*head, *params, RANK_LIMIT, limit, offset])
        for part, level, status, ics, value in cursor.fetchall():
            if part == 0:
                count += value
                _facet_add(facets, level, status, ics, value)
            else:
                page.append(value)
    return count, facets, page


def _at_most(match: str, where: list[str], params: list[Any], limit: int) -> bool:
    """At most ``limit`` standards match (SQLite; stops reading at ``limit + 1``)."""
    sql = (
        f"SELECT count(*) FROM (SELECT 1 {FTS_MATCHES}"
        + "".join(f" AND {clause}" for clause in where)
        + " LIMIT %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *params, limit + 1])
        (found,) = cursor.fetchone()
    return bool(found <= limit)


def _exact_ranks(parsed: ParsedQuery) -> dict[int, tuple[int, int, int]]:
    """For a query that reads as a designation: id -> (2 same canonical / 1 same key, year,
    minus the length of the designation: an edition before its amendments)."""
    designation = parsed.designation
    if designation is None:
        return {}
    rows = Standard.objects.filter(key=designation.key).values_list("id", "canonical", "year")
    return {
        pk: (2 if canonical == designation.canonical else 1, year or 0, -len(canonical))
        for pk, canonical, year in rows
    }


def _grouped_facets(where: list[str], params: list[Any]) -> tuple[int, dict[str, dict[str, int]]]:
    sql = "SELECT s.level, s.status, s.ics_fields, COUNT(*) FROM catalogue_standard s"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " GROUP BY s.level, s.status, s.ics_fields"
    facets: dict[str, dict[str, int]] = {name: {} for name in FACET_FIELDS}
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for level, status, ics, n in cursor.fetchall():
            count += n
            _facet_add(facets, level, status, ics, n)
    return count, facets


def _newest(where: list[str], params: list[Any], limit: int, offset: int) -> list[int]:
    sql = "SELECT s.id FROM catalogue_standard s"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY s.published_on DESC, s.id LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def _page_rows(ids: list[int]) -> list[tuple[Any, ...]]:
    if not ids:
        return []
    return list(
        Standard.objects.filter(pk__in=ids).values_list(
            "id",
            "canonical",
            "title_zh",
            "title_en",
            "status",
            "level",
            "published_on",
            "is_example",
        )
    )


def _as_date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))
