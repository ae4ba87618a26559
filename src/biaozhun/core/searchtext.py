"""The text the full-text index sees, and the index query built from what a person typed.

Pure functions (no Django), shared by both database vendors:

* :func:`index_text` turns a standard's designation, titles and codes into a string of
  space-separated lower-case tokens. Latin and digit runs become words (diacritics removed);
  Chinese text becomes every character **and** every pair of neighbouring characters, so that
  one- and two-character queries (灯, 电池) hit a whole token and longer ones (锂离子电池)
  become a conjunction of pairs. Designations add compact forms (``GB/T 1.1-2020`` ->
  ``gbt11`` and ``gbt112020``; ``ISO/IEC 27001`` also ``iso27001`` and ``iec27001``) so that
  messy spellings (``gbt1.1``, ``iso9001``) hit them. ICS codes add ``ics01120`` style tokens
  (filtering by an ICS prefix is a prefix query), CCS codes ``ccsa00``.
* :func:`match_terms` turns a query into a list of terms, each a token and whether it is a
  prefix; every term must match (AND). The vendor-specific syntax is built by
  :func:`fts5_query` (SQLite FTS5) and :func:`tsquery` (PostgreSQL ``::tsquery`` cast, no
  parser involved: the tsvector is ``array_to_tsvector(string_to_array(search_text, ' '))``).

The tokens never contain characters that need quoting in either syntax (``[a-z0-9]`` and CJK
ideographs only).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from biaozhun.core.designation import Designation, DesignationError, parse

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[a-z0-9]+|[{_CJK}]+")
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")
_ORG = re.compile(r"[A-Z]+")


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


def compact(text: str) -> str:
    """Letters and digits only, lower case: ``GB/T 1.1-2020`` -> ``gbt112020``."""
    return "".join(re.findall(r"[a-z0-9]+", _fold(text)))


def _cjk_tokens(run: str) -> list[str]:
    tokens = list(run)
    tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


def stem(word: str) -> str:
    """A light English plural folding (Harman's S-stemmer) for words of 5+ letters:
    ``batteries`` -> ``battery``, ``lamps`` -> ``lamp``, ``boxes`` -> ``boxe``; ``glass``,
    ``status`` and digits are kept. Both the index and the query use it."""
    if len(word) < 5 or not word.isalpha():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def text_tokens(text: str) -> list[str]:
    """Words of a free text: latin/digit runs (and their light stems), and CJK characters
    plus character pairs."""
    tokens: list[str] = []
    for run in _RUN.findall(_fold(text)):
        if _CJK_RUN.match(run):
            tokens.extend(_cjk_tokens(run))
        else:
            tokens.append(run)
            stemmed = stem(run)
            if stemmed != run:
                tokens.append(stemmed)
    return tokens


def designation_tokens(designation: Designation) -> list[str]:
    """Tokens that make a designation findable however it is typed."""
    tokens = text_tokens(designation.canonical)
    key = compact(designation.key)
    tokens += [key, compact(designation.canonical), compact(designation.base)]
    number = compact(designation.number + (designation.part or ""))
    orgs = _ORG.findall(designation.publisher.upper())
    if len(orgs) > 1 or compact(designation.prefix) != compact(designation.publisher):
        for org in orgs:
            tokens.append(compact(org) + number)
    for adoption in designation.adoptions:
        # GB/T 19001-2016/ISO 9001:2015 is found by "iso9001"
        try:
            adopted = parse(adoption.designation)
        except DesignationError:
            continue
        tokens += [compact(adopted.key), compact(adopted.canonical)]
    if designation.mandate and designation.prefix.endswith(("/T", "/Z")):
        # "GB 1.1" typed for "GB/T 1.1"
        tokens.append(compact(designation.publisher) + number)
    return tokens


def code_tokens(ics_codes: Iterable[str], ccs_codes: Iterable[str]) -> list[str]:
    tokens = ["ics" + compact(code) for code in ics_codes if compact(code)]
    tokens += ["ccs" + compact(code) for code in ccs_codes if compact(code)]
    return tokens


def index_text(
    designation: Designation | str,
    *titles: str,
    ics_codes: Iterable[str] = (),
    ccs_codes: Iterable[str] = (),
    extra: Iterable[str] = (),
) -> str:
    """The ``search_text`` of a standard: unique tokens separated by single spaces."""
    tokens: list[str] = []
    if isinstance(designation, str):
        try:
            tokens += designation_tokens(parse(designation))
        except DesignationError:
            tokens += text_tokens(designation)
    else:
        tokens += designation_tokens(designation)
    for title in titles:
        if title:
            tokens += text_tokens(title)
    tokens += code_tokens(ics_codes, ccs_codes)
    for text in extra:
        if text:
            tokens += text_tokens(text)
    seen: dict[str, None] = {}
    for token in tokens:
        if token and token not in seen:
            seen[token] = None
    return " ".join(seen)


@dataclass(frozen=True)
class Term:
    token: str
    prefix: bool


@dataclass(frozen=True)
class ParsedQuery:
    """A query: the index terms (all must match) and, if the whole query reads as a
    designation, that designation (exact matches rank first)."""

    terms: tuple[Term, ...]
    designation: Designation | None


def parse_query(query: str) -> ParsedQuery:
    text = " ".join(query.split())
    if not text:
        return ParsedQuery((), None)
    designation: Designation | None = None
    try:
        designation = parse(text)
    except DesignationError:
        designation = None
    if designation is not None and designation.title is None:
        return ParsedQuery((Term(compact(designation.key), True),), designation)
    terms: list[Term] = []
    for chunk in text.split(" "):
        folded = _fold(chunk)
        if (
            re.fullmatch(r"[a-z0-9./:\-]+", folded)
            and re.search(r"[a-z]", folded)
            and re.search(r"\d", folded)
        ):
            # a glued designation fragment: "iso9001", "gbt1.1", "jb/t10"
            terms.append(Term(compact(folded), True))
            continue
        for run in _RUN.findall(folded):
            if not _CJK_RUN.match(run):
                terms.append(Term(stem(run), True))
            elif len(run) == 1:
                terms.append(Term(run, False))
            else:
                terms.extend(Term(run[i : i + 2], False) for i in range(len(run) - 1))
    unique: dict[Term, None] = {}
    for term in terms:
        unique[term] = None
    return ParsedQuery(tuple(unique), None)


def fts5_query(terms: Iterable[Term]) -> str:
    """FTS5 MATCH syntax: ``"gbt11"* AND "电池"``."""
    return " AND ".join(f'"{t.token}"' + ("*" if t.prefix else "") for t in terms)


def tsquery(terms: Iterable[Term]) -> str:
    """PostgreSQL tsquery text for a ``::tsquery`` cast: ``'gbt11':* & '电池'``."""
    return " & ".join(f"'{t.token}'" + (":*" if t.prefix else "") for t in terms)
