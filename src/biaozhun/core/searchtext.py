"""Text normalisation for the full-text index (SQLite FTS5 and PostgreSQL tsvector).

Both engines get the *same* pre-tokenised text: :func:`index_text` returns space-separated
tokens made only of letters and digits, so neither the FTS5 ``unicode61`` tokenizer nor
PostgreSQL's ``simple`` configuration splits them again, and :func:`query_terms` turns a
user's query into the terms to AND together.

Tokens
------
* Text is NFKC-normalised (full-width -> half-width), case-folded, Latin diacritics
  removed. Traditional -> simplified Chinese is the caller's choice: pass ``simplify=True``
  (uses ``opencc`` if installed, else leaves the text alone).
* CJK runs give every **unigram and bigram** (``变压器`` -> ``变 压 器 变压 压器``). A query
  run of two or more characters becomes its bigrams (all required), a single character its
  unigram: substring search without a dictionary, in both engines.
* Latin words are lower-cased; numbers are kept; a decimal point becomes ``p``
  (``3.5`` -> ``3p5``) so the token survives the engines' tokenizers.
* **Designations** (``GB/T 1.1-2020``, ``ISO/IEC 27001:2022``, ``IEC 60335-2-24``,
  ``DB11/T 123-2020``, ``T/CAS 115-2021``, also typed compactly as ``gbt1.1``) give a compact
  token per level: prefix letters without ``/``, the number parts joined by ``p`` and the year
  after ``y``. ``GB/T 1.1-2020`` indexes as ``gbt gbt1 gbt1p1 gbt1p1y2020 2020``; the query
  ``GB/T 1.1`` or ``gbt1.1`` becomes the term ``gbt1p1``, which matches the indexed token
  ``gbt1p1`` exactly (and, as a prefix term, ``gbt1p1y2020``), so it finds every edition of
  GB/T 1.1 but not GB/T 1.10 (``gbt1p10``) unless typed as a prefix; ``GB/T 1.1-2020`` becomes
  ``gbt1p1y2020`` (that edition only); ``IEC 60335`` finds all its parts. A designation is
  recognised when its prefix has a ``/``, is written in capitals, or is a known prefix
  (``gb``, ``iso``, ``iec``, ``en``, ...), so ``table 1`` stays two words.

Prefix matching
---------------
The *last* term of a query is a prefix term (type-ahead) unless the query ends with a space;
others are exact. CJK terms are never prefix terms (their tokens are already 1-2
characters). :func:`fts5_match` and :func:`tsquery` render the terms for each engine:
``"gbt1p1"* AND "变压"`` and ``'gbt1p1':* & '变压'`` (use ``to_tsquery('simple', ...)`` against
``to_tsvector('simple', index_text(...))``).

The designation parser proper lives elsewhere; this module only does the light token
normalisation above and does not depend on it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "QueryTerm",
    "fts5_match",
    "index_text",
    "normalize",
    "query_terms",
    "tokens",
    "tsquery",
]

_KNOWN = (
    "gb gbt gbz jb jbt qb qbt sj sjt yy yyt hg hgt fz fzt db iso iec isoiec en din jis astm "
    "ul ansi ieee bs nf asnzs csa ks cns sans gost tcvn sni sirim cen cenelec itu etsi sae "
    "api asme nfpa nema"
)
#: prefixes recognised even in lower case ("iso 9001"); short English words (as, ms, t, un)
#: are left out so that "such as 3" stays plain text.
KNOWN_PREFIXES: frozenset[str] = frozenset(_KNOWN.split())

_CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_CJK_RUN = re.compile(f"[{_CJK_CHARS}]+")
_DESIGNATION = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?P<prefix>[A-Za-z]{1,8}\d{0,2}(?:\s*/\s*[A-Za-z]{1,8})*)"
    r"(?P<sep>\s?)"
    r"(?P<num>\d+(?:\.\d+)*(?:\s*[-—–]\s*\d+(?:\.\d+)*)*)"
    r"(?:\s*:\s*(?P<year>(?:19|20)\d{2}))?"
    r"(?![A-Za-z0-9])"
)
_WORD = re.compile(rf"[{_CJK_CHARS}]+|[0-9]+(?:\.[0-9]+)*|[a-z0-9]+")


@functools.cache
def _t2s() -> Callable[[str], str] | None:
    try:
        import opencc  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    conv = opencc.OpenCC("t2s")
    return conv.convert  # type: ignore[no-any-return]


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept)


def normalize(text: str, *, simplify: bool = False) -> str:
    """NFKC, optional traditional -> simplified, diacritics removed (case kept)."""
    s = unicodedata.normalize("NFKC", text)
    if simplify:
        conv = _t2s()
        if conv is not None:
            s = conv(s)
    return _strip_diacritics(s)


def _is_designation(prefix: str, sep: str, num: str) -> bool:
    letters = re.sub(r"[\s/]", "", prefix)
    if "/" in prefix:
        return True
    if letters.lower() in KNOWN_PREFIXES:
        return True
    alpha = re.sub(r"\d", "", letters)
    return alpha.isupper() and len(alpha) >= 2


def _designation_tokens(prefix: str, num: str, year: str | None) -> list[str]:
    p = re.sub(r"[\s/]", "", prefix).lower()
    parts = [x for x in re.split(r"\s*[.\-—–]\s*", num) if x]
    if (
        year is None
        and len(parts) > 1
        and re.fullmatch(r"(19|20)\d{2}", parts[-1])
        and re.search(r"[-—–]\s*\d{4}$", num)
    ):
        year = parts.pop()
    out = [p]
    for k in range(1, len(parts) + 1):
        out.append(p + "p".join(str(int(x)) for x in parts[:k]))
    if year:
        out.append(out[-1] + "y" + year)
        out.append(year)
    return out


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    kind: str  # "cjk", "word", "designation"
    designation: tuple[str, ...] = ()


def _scan(text: str, *, simplify: bool) -> list[_Tok]:
    s = normalize(text, simplify=simplify)
    out: list[_Tok] = []
    pos = 0
    for m in _DESIGNATION.finditer(s):
        if not _is_designation(m.group("prefix"), m.group("sep"), m.group("num")):
            continue
        out.extend(_plain(s[pos : m.start()]))
        out.append(
            _Tok(
                m.group(0),
                "designation",
                tuple(_designation_tokens(m.group("prefix"), m.group("num"), m.group("year"))),
            )
        )
        pos = m.end()
    out.extend(_plain(s[pos:]))
    return out


def _plain(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _WORD.finditer(text.casefold()):
        w = m.group(0)
        if _CJK_RUN.fullmatch(w):
            out.append(_Tok(w, "cjk"))
        else:
            out.append(_Tok(w.replace(".", "p"), "word"))
    return out


def tokens(text: str, *, simplify: bool = False) -> list[str]:
    """Index tokens of one text (see the module docstring)."""
    out: list[str] = []
    for t in _scan(text, simplify=simplify):
        if t.kind == "cjk":
            out.extend(t.text)
            out.extend(t.text[i : i + 2] for i in range(len(t.text) - 1))
        elif t.kind == "designation":
            out.extend(t.designation)
        else:
            out.append(t.text)
    return out


def index_text(*fields: str | None, simplify: bool = False) -> str:
    """The text to store in the FTS5 column / feed to ``to_tsvector('simple', ...)``."""
    out: list[str] = []
    for f in fields:
        if f:
            out.extend(tokens(f, simplify=simplify))
    return " ".join(out)


@dataclass(frozen=True, slots=True)
class QueryTerm:
    term: str
    prefix: bool = False


def query_terms(query: str, *, simplify: bool = False) -> list[QueryTerm]:
    """Terms to AND together; the last one is a prefix term unless the query ends with a
    space (CJK terms are always exact)."""
    terms: list[QueryTerm] = []
    for t in _scan(query, simplify=simplify):
        if t.kind == "cjk":
            if len(t.text) == 1:
                terms.append(QueryTerm(t.text))
            else:
                terms.extend(QueryTerm(t.text[i : i + 2]) for i in range(len(t.text) - 1))
        elif t.kind == "designation":
            d = t.designation
            terms.append(QueryTerm(d[-2] if len(d) > 2 and d[-1].isdigit() else d[-1], True))
        else:
            terms.append(QueryTerm(t.text, True))
    # only the last term may be a prefix term, and not after a trailing space
    trailing_space = query[-1:].isspace()
    out: list[QueryTerm] = []
    seen: set[QueryTerm] = set()
    for i, qt in enumerate(terms):
        last = i == len(terms) - 1
        q = QueryTerm(qt.term, qt.prefix and last and not trailing_space)
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


def fts5_match(terms: list[QueryTerm]) -> str:
    """An FTS5 MATCH expression: ``"gbt1p1"* AND "变压"``; empty string for no terms."""
    return " AND ".join(f'"{t.term}"' + ("*" if t.prefix else "") for t in terms)


def tsquery(terms: list[QueryTerm]) -> str:
    """A ``to_tsquery('simple', ...)`` expression: ``'gbt1p1':* & '变压'``."""
    return " & ".join(f"'{t.term}'" + (":*" if t.prefix else "") for t in terms)
