"""Match WTO notifications to enterprise export profiles, in memory.

(Over 600 lines on purpose: the index, its inverted tables and the scoring by codes and by
text similarity are one hot path that the matching benchmark times as a unit, and read
together when it is tuned.)

A :class:`Profile` says what an enterprise exports (product lines with an HS code of 2-10
digits, optional ICS codes and keywords) and where (WTO member or group codes, each with the
share of the enterprise's exports, 0-1, if known; or ``all_markets``). A :class:`Notification`
has the notifying member, HS codes of any length, ICS codes, keywords and free text.

Rules
-----
* **Market gate.** The notifying member and every profile market are *expanded* with the
  ``groups`` mapping given to the index (``{"EU": {"EU", "AUT", ..., "SWE"}, "ASEAN": ...}``, see
  :meth:`biaozhun.core.members.MemberRegistry.group_map`); an enterprise can only be hit if the
  two expansions intersect, or if its profile has ``all_markets``. So an EU notification hits an
  exporter to Germany or to "EU", and a French notification hits an exporter to "EU".
* **HS.** Prefix overlap in either direction. A product inside the notified code (notification
  ``85``, product ``850440``) is covered: score 1.0 for a notified code of 6+ digits, 0.9 for a
  heading, 0.7 for a chapter. A product declared more broadly than the notified code
  (notification ``850440``, product ``8504``) may be concerned: 0.75 if the product is a heading
  or a 6/8-digit line, 0.45 if only a chapter.
* **ICS** likewise, weaker: product within the notified code 0.85 / 0.75 / 0.5 (sub-group /
  group / field), notified code within the product's 0.6 (group) / 0.35 (field).
* **Keywords**, weakest: one profile keyword found in the notification's keywords or text 0.3,
  two or more 0.45.
* **Text similarity** (across languages), weaker than a code: a product line may carry the
  multilingual sentence vector of its description (``core.embedding``, stored when the line is
  saved) and a notification the vectors of its text's parts (Chinese title, products covered,
  title; the best part counts). When their cosine reaches :data:`TEXT_THRESHOLD` (0.85, chosen by measurement, see
  ``docs/benchmarks/matching.md``), the product is concerned with a lower confidence:
  :func:`text_score` gives 0.35 at the threshold rising to at most 0.55. Only the product
  lines that have a vector are scored (one matrix-vector product over a numpy matrix of
  them, built once and rebuilt lazily after a change); without vectors (no embedding model,
  see ``core.embedding.available``) matching uses codes and keywords only.
* **Declared standards.** A profile may carry the standards the enterprise declares it
  applies (执行标准, the city's register: ``(key, designation)`` pairs, the key
  edition-independent) and a notification the standards its text cites (``core.citations``);
  one cited key the enterprise applies scores :data:`STANDARD_SCORE` (0.9, as strong as an
  HS heading: the enterprise makes the product to the very standard the regulation names),
  reason ``cites_declared_standard`` (detail ``"cited = declared"``). An inverted table
  ``standard[key]`` answers it in one look-up per cited key.
* The product relevance is the noisy-or of the best HS, ICS, keyword, text and standard
  scores ``1 - (1-hs)(1-ics)(1-kw)(1-text)(1-std)``. The final score multiplies it by a market weight:
  ``0.5 + 0.5 * share`` when the share of the matching markets is known (shares of distinct
  profile markets that intersect the notification are summed, capped at 1), 0.75 when the
  share is unknown, 0.6 when the enterprise is reached only through ``all_markets``.

Index (for 100 000 enterprises and 1 000 000 product lines)
-----------------------------------------------------------
* ``hs_under[p]`` = set of enterprises with a product code starting with ``p``, for every
  prefix length 2/4/6/8/10 of each product code: one dictionary look-up answers "products
  inside the notified code";
* ``hs_exact[c]`` = enterprises with a product declared exactly as ``c``: the shorter prefixes
  of the notified code answer "products declared more broadly";
* the same two for ICS (field, group, sub-group) and ``keywords[term]``;
* ``market[x]`` = enterprise -> profile markets covering member ``x``; for each notifying
  coverage seen, the enterprise -> market weight table is computed once and cached (166
  members, so the cache stays small) and patched by :meth:`MatchIndex.update` /
  :meth:`MatchIndex.remove`.

A match intersects the candidate sets with the market table (C-level set intersection over
the smaller set) and only then loops in Python over the hits. Reasons are formatted lazily,
when :attr:`Match.reasons` is first read.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from biaozhun.core.codes import CodeError, normalize_hs, normalize_ics

__all__ = [
    "STANDARD_SCORE",
    "TEXT_THRESHOLD",
    "Match",
    "MatchIndex",
    "Notification",
    "Product",
    "Profile",
    "text_score",
]

EnterpriseId = Hashable

# scores
_HS_WITHIN = {2: 0.7, 4: 0.9}  # notified code length -> score (6+ digits: 1.0)
_HS_BROADER = {2: 0.45}  # product code length -> score (4+ digits: 0.75)
_ICS_WITHIN = {1: 0.5, 2: 0.75, 3: 0.85}  # notified ICS level -> score
_ICS_BROADER = {1: 0.35, 2: 0.6}  # product ICS level -> score
_KW_ONE = 0.3
#: a notification cites a standard the enterprise declares it applies
STANDARD_SCORE = 0.9
_KW_MANY = 0.45
_W_UNKNOWN_SHARE = 0.75
_W_ALL_MARKETS = 0.6
#: cosine of the multilingual vectors (product description, notification text) from which a
#: product counts as concerned by text similarity; measured on Chinese product names vs.
#: English HS texts (docs/benchmarks/matching.md, "Text similarity"): at 0.85 about one
#: pair in two is the same heading and five in six the same chapter.
TEXT_THRESHOLD = 0.85
_TEXT_BASE = 0.35
_TEXT_MAX = 0.55


def text_score(similarity: float) -> float:
    """The relevance of a product by text similarity alone (0 below :data:`TEXT_THRESHOLD`;
    0.35 at it, +0.04 per 0.01 of cosine, at most 0.55): a lower confidence than any HS
    code match, so such an alert is at most orange unless a code agrees."""
    if similarity < TEXT_THRESHOLD:
        return 0.0
    return min(_TEXT_MAX, _TEXT_BASE + 4.0 * (similarity - TEXT_THRESHOLD))


def _cited_detail(profile: Profile, key: str, cited: str) -> str:
    """``"cited = declared"``: the designation the notification cites and the one the
    enterprise declared with the same key (their editions may differ)."""
    declared = next((d for k, d in profile.standards if k == key), "")
    return f"{cited} = {declared}" if declared else cited


def _first(t: tuple[float, Any]) -> float:
    return t[0]


def _hs_within(n: int) -> float:
    return _HS_WITHIN.get(n, 1.0)


def _hs_broader(n: int) -> float:
    return _HS_BROADER.get(n, 0.75)


def normalize_keyword(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True, slots=True)
class Product:
    hs: str = ""  # 2-10 digits, dots allowed; "" if unknown
    ics: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # Chinese or English description keywords
    description: str = ""  # the product description (shown in a text-similarity reason)
    #: L2-normalised float32 vector of the description (``core.embedding``, query kind), or None
    vector: Any = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Profile:
    enterprise_id: EnterpriseId
    products: tuple[Product, ...]
    markets: Mapping[str, float | None] = field(default_factory=dict)  # code -> share 0-1
    all_markets: bool = False
    #: the standards the enterprise declares it applies: ``(key, designation)`` pairs
    standards: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Notification:
    member: str
    hs_codes: tuple[str, ...] = ()
    ics_codes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    text: str = ""
    #: L2-normalised float32 vector of ``text`` (``core.embedding``, query kind), or a
    #: ``(k, dim)`` matrix of the vectors of its parts (title, products covered ...: a
    #: product's similarity is its best with any part), or None: no text similarity scored
    vector: Any = field(default=None, compare=False)
    #: the standards the text cites: ``(key, designation)`` pairs (``core.citations``)
    standards: tuple[tuple[str, str], ...] = ()


class Match:
    """A hit: ``enterprise_id``, ``score`` in (0, 1] and ``reasons`` ``[(code, detail)]``,
    where code is ``hs_prefix`` / ``hs_broader`` / ``ics`` / ``ics_broader`` / ``keywords`` /
    ``text_similarity`` (detail ``"0.87 LED路灯"``: the cosine and the product description) /
    ``cites_declared_standard`` (detail ``"EN 60335-1:2012 = EN 60335-1:2002"``: cited and
    declared) / ``market`` / ``all_markets``. Reasons are formatted on first access."""

    __slots__ = ("_evidence", "_index", "_reasons", "enterprise_id", "score")

    def __init__(
        self,
        enterprise_id: EnterpriseId,
        score: float,
        reasons: list[tuple[str, str]] | None = None,
        *,
        _index: MatchIndex | None = None,
        _evidence: tuple[Any, ...] = (),
    ) -> None:
        self.enterprise_id = enterprise_id
        self.score = score
        self._reasons = reasons
        self._index = _index
        self._evidence = _evidence

    @property
    def reasons(self) -> list[tuple[str, str]]:
        if self._reasons is None:
            idx = self._index
            self._reasons = idx._explain(self.enterprise_id, *self._evidence) if idx else []
        return self._reasons

    def as_dict(self) -> dict[str, Any]:
        return {"enterprise_id": self.enterprise_id, "score": self.score, "reasons": self.reasons}

    def __repr__(self) -> str:
        return f"Match({self.enterprise_id!r}, {self.score:.3f}, {self.reasons!r})"


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]+(?:[-'][0-9a-z]+)*")


def text_terms(text: str, max_cjk: int = 8, max_words: int = 3) -> set[str]:
    """Candidate keyword strings in free text: every CJK substring of 2..``max_cjk``
    characters and every run of 1..``max_words`` Latin words (normalised like keywords)."""
    s = normalize_keyword(text)
    out: set[str] = set()
    for run in _CJK.findall(s):
        n = len(run)
        for i in range(n):
            for j in range(i + 1, min(n, i + max_cjk) + 1):
                out.add(run[i:j])
    words = _WORD.findall(s)
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + max_words) + 1):
            out.add(" ".join(words[i:j]))
    return out


def _norm_hs(code: str) -> str | None:
    try:
        return normalize_hs(code)
    except CodeError:
        return None


def _norm_ics(code: str) -> str | None:
    try:
        return normalize_ics(code)
    except CodeError:
        return None


def _ics_prefixes(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts) + 1)]


class MatchIndex:
    """In-memory inverted index over export profiles. Not thread-safe for writers."""

    def __init__(self, groups: Mapping[str, Iterable[str]] | None = None) -> None:
        self._groups: dict[str, frozenset[str]] = {
            k.upper(): frozenset(c.upper() for c in v) for k, v in (groups or {}).items()
        }
        self._profiles: dict[EnterpriseId, Profile] = {}
        self._hs_under: dict[str, set[EnterpriseId]] = {}
        self._hs_exact: dict[str, set[EnterpriseId]] = {}
        self._ics_under: dict[str, set[EnterpriseId]] = {}
        self._ics_exact: dict[str, set[EnterpriseId]] = {}
        self._kw: dict[str, set[EnterpriseId]] = {}
        self._std: dict[str, set[EnterpriseId]] = {}
        self._market: dict[str, dict[EnterpriseId, list[tuple[str, float | None]]]] = {}
        self._all_markets: set[EnterpriseId] = set()
        self._cache: dict[frozenset[str], tuple[dict[EnterpriseId, float], set[EnterpriseId]]] = {}
        # text similarity: the described lines of each enterprise (vectors, descriptions), and
        # the matrix of all of them with the owner of each row (rebuilt lazily after a change)
        self._text: dict[EnterpriseId, tuple[np.ndarray, tuple[str, ...]]] = {}
        self._text_matrix: np.ndarray | None = None
        self._text_owner: list[EnterpriseId] = []
        self._text_row: list[int] = []

    # ----------------------------------------------------------------- building

    @classmethod
    def build(
        cls, profiles: Iterable[Profile], groups: Mapping[str, Iterable[str]] | None = None
    ) -> MatchIndex:
        idx = cls(groups)
        for p in profiles:
            idx._add(p)
        return idx

    def __len__(self) -> int:
        return len(self._profiles)

    def __contains__(self, enterprise_id: object) -> bool:
        return enterprise_id in self._profiles

    def expand(self, code: str) -> frozenset[str]:
        c = code.strip().upper()
        return self._groups.get(c, frozenset({c}))

    def _keys(
        self, p: Profile
    ) -> tuple[set[str], set[str], set[str], set[str], set[str], set[str]]:
        hs_under: set[str] = set()
        hs_exact: set[str] = set()
        ics_under: set[str] = set()
        ics_exact: set[str] = set()
        kws: set[str] = set()
        for prod in p.products:
            if prod.hs:
                h = _norm_hs(prod.hs)
                if h is not None:
                    hs_exact.add(h)
                    for n in range(2, len(h) + 1, 2):
                        hs_under.add(h[:n])
            for ic in prod.ics:
                i = _norm_ics(ic)
                if i is not None:
                    ics_exact.add(i)
                    ics_under.update(_ics_prefixes(i))
            for kw in prod.keywords:
                k = normalize_keyword(kw)
                if k:
                    kws.add(k)
        stds = {key for key, _ in p.standards if key}
        return hs_under, hs_exact, ics_under, ics_exact, kws, stds

    def _tables(self, p: Profile) -> list[tuple[dict[str, set[EnterpriseId]], set[str]]]:
        """Each inverted index with the keys ``p`` has in it."""
        hs_under, hs_exact, ics_under, ics_exact, kws, stds = self._keys(p)
        return [
            (self._hs_under, hs_under),
            (self._hs_exact, hs_exact),
            (self._ics_under, ics_under),
            (self._ics_exact, ics_exact),
            (self._kw, kws),
            (self._std, stds),
        ]

    def _add(self, p: Profile) -> None:
        eid = p.enterprise_id
        if eid in self._profiles:
            self._remove(eid)
        self._profiles[eid] = p
        for table, keys in self._tables(p):
            for k in keys:
                s = table.get(k)
                if s is None:
                    table[k] = {eid}
                else:
                    s.add(eid)
        for code, share in p.markets.items():
            m = code.strip().upper()
            for x in self.expand(m):
                self._market.setdefault(x, {}).setdefault(eid, []).append((m, share))
        if p.all_markets:
            self._all_markets.add(eid)
        described: dict[str, Any] = {}
        for prod in p.products:
            if prod.vector is not None and prod.description not in described:
                described[prod.description] = prod.vector
        if described:
            rows = np.vstack([np.asarray(v, dtype=np.float32) for v in described.values()])
            self._text[eid] = (rows, tuple(described))
            self._text_matrix = None

    def _remove(self, eid: EnterpriseId) -> Profile | None:
        p = self._profiles.pop(eid, None)
        if p is None:
            return None
        for table, keys in self._tables(p):
            for k in keys:
                s = table.get(k)
                if s is not None:
                    s.discard(eid)
                    if not s:
                        del table[k]
        for code in p.markets:
            for x in self.expand(code.strip().upper()):
                d = self._market.get(x)
                if d is not None:
                    d.pop(eid, None)
                    if not d:
                        del self._market[x]
        self._all_markets.discard(eid)
        if self._text.pop(eid, None) is not None:
            self._text_matrix = None
        for weights, allowed in self._cache.values():
            weights.pop(eid, None)
            allowed.discard(eid)
        return p

    def update(self, profile: Profile) -> None:
        """Add or replace one enterprise's profile."""
        self._add(profile)
        eid = profile.enterprise_id
        for coverage, (weights, keys) in self._cache.items():
            w = self._weight(eid, coverage)
            if w is not None:
                weights[eid] = w
                keys.add(eid)

    def remove(self, enterprise_id: EnterpriseId) -> bool:
        return self._remove(enterprise_id) is not None

    # ------------------------------------------------------------------ markets

    def _entries(self, eid: EnterpriseId, coverage: frozenset[str]) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for x in coverage:
            d = self._market.get(x)
            if d is None:
                continue
            for m, share in d.get(eid, ()):
                out[m] = share
        return out

    @staticmethod
    def _weight_of(entries: Mapping[str, float | None]) -> float:
        shares = list(entries.values())
        if any(s is None for s in shares):
            known = [s for s in shares if s is not None]
            if not known:
                return _W_UNKNOWN_SHARE
        total = min(1.0, sum(s for s in shares if s is not None))
        return 0.5 + 0.5 * max(0.0, total)

    def _weight(self, eid: EnterpriseId, coverage: frozenset[str]) -> float | None:
        entries = self._entries(eid, coverage)
        if entries:
            return self._weight_of(entries)
        if eid in self._all_markets:
            return _W_ALL_MARKETS
        return None

    def _market_table(
        self, coverage: frozenset[str]
    ) -> tuple[dict[EnterpriseId, float], set[EnterpriseId]]:
        hit = self._cache.get(coverage)
        if hit is not None:
            return hit
        entries: dict[EnterpriseId, dict[str, float | None]] = {}
        for x in coverage:
            d = self._market.get(x)
            if d is None:
                continue
            for eid, lst in d.items():
                e = entries.get(eid)
                if e is None:
                    e = entries[eid] = {}
                for m, share in lst:
                    e[m] = share
        weights: dict[EnterpriseId, float] = dict.fromkeys(self._all_markets, _W_ALL_MARKETS)
        for eid, e in entries.items():
            weights[eid] = self._weight_of(e)
        table = (weights, set(weights))
        self._cache[coverage] = table
        return table

    # ---------------------------------------------------------- text similarity

    @property
    def has_text(self) -> bool:
        """Whether any indexed product line has a description vector (if not, a
        notification's vector is not worth computing)."""
        return bool(self._text)

    def _text_table(self) -> np.ndarray | None:
        if self._text_matrix is None and self._text:
            owners: list[EnterpriseId] = []
            rows: list[int] = []
            for eid, (vecs, _) in self._text.items():
                owners.extend([eid] * len(vecs))
                rows.extend(range(len(vecs)))
            self._text_matrix = np.vstack([v for v, _ in self._text.values()])
            self._text_owner, self._text_row = owners, rows
        return self._text_matrix

    def _text_hits(
        self, vector: Any, allowed: set[EnterpriseId]
    ) -> dict[EnterpriseId, tuple[float, str]]:
        """Enterprises in ``allowed`` with a described line at least :data:`TEXT_THRESHOLD`
        similar to ``vector``: enterprise -> (best cosine, that line's description)."""
        matrix = self._text_table()
        if matrix is None or vector is None:
            return {}
        v = np.asarray(vector, dtype=np.float32)
        sims = matrix @ v if v.ndim == 1 else (matrix @ v.T).max(axis=1)
        out: dict[EnterpriseId, tuple[float, str]] = {}
        for i in np.nonzero(sims >= TEXT_THRESHOLD)[0]:
            eid = self._text_owner[int(i)]
            if eid not in allowed:
                continue
            sim = float(sims[i])
            cur = out.get(eid)
            if cur is None or cur[0] < sim:
                out[eid] = (sim, self._text[eid][1][self._text_row[int(i)]])
        return out

    # ------------------------------------------------------------------ matching

    def match(
        self, notification: Notification, *, limit: int | None = None, min_score: float = 0.0
    ) -> list[Match]:
        """Enterprises concerned by a notification, best first (ties by enterprise id order
        of insertion)."""
        coverage = self.expand(notification.member)
        weights, allowed = self._market_table(coverage)
        if not allowed:
            return []
        hs_best: dict[EnterpriseId, tuple[float, str, bool]] = {}
        ics_best: dict[EnterpriseId, tuple[float, str, bool]] = {}
        kw_hits: dict[EnterpriseId, int] = {}

        for raw in notification.hs_codes:
            c = _norm_hs(raw)
            if c is None:
                continue
            s = _hs_within(len(c))
            ids = self._hs_under.get(c)
            if ids:
                for eid in ids & allowed:
                    cur = hs_best.get(eid)
                    if cur is None or cur[0] < s:
                        hs_best[eid] = (s, c, False)
            for n in range(2, len(c), 2):
                ids = self._hs_exact.get(c[:n])
                if ids:
                    s = _hs_broader(n)
                    for eid in ids & allowed:
                        cur = hs_best.get(eid)
                        if cur is None or cur[0] < s:
                            hs_best[eid] = (s, c, True)

        for raw in notification.ics_codes:
            i = _norm_ics(raw)
            if i is None:
                continue
            prefixes = _ics_prefixes(i)
            s = _ICS_WITHIN[len(prefixes)]
            ids = self._ics_under.get(i)
            if ids:
                for eid in ids & allowed:
                    cur = ics_best.get(eid)
                    if cur is None or cur[0] < s:
                        ics_best[eid] = (s, i, False)
            for n, pre in enumerate(prefixes[:-1], start=1):
                ids = self._ics_exact.get(pre)
                if ids:
                    s = _ICS_BROADER[n]
                    for eid in ids & allowed:
                        cur = ics_best.get(eid)
                        if cur is None or cur[0] < s:
                            ics_best[eid] = (s, i, True)

        terms = {normalize_keyword(k) for k in notification.keywords}
        if notification.text:
            terms |= text_terms(notification.text)
        matched_terms: list[str] = []
        for t in terms:
            ids = self._kw.get(t)
            if ids:
                matched_terms.append(t)
                for eid in ids & allowed:
                    kw_hits[eid] = kw_hits.get(eid, 0) + 1

        text_best = self._text_hits(notification.vector, allowed) if self._text else {}

        std_best: dict[EnterpriseId, tuple[str, str]] = {}
        for key, cited in notification.standards:
            ids = self._std.get(key)
            if ids:
                for eid in ids & allowed:
                    std_best.setdefault(eid, (key, cited))

        candidates = set(hs_best)
        candidates.update(ics_best)
        candidates.update(kw_hits)
        candidates.update(text_best)
        candidates.update(std_best)
        scored: list[tuple[float, EnterpriseId]] = []
        append = scored.append
        hs_get, ics_get, kw_get, text_get = hs_best.get, ics_best.get, kw_hits.get, text_best.get
        std_get = std_best.get
        for eid in candidates:
            h = hs_get(eid)
            ic = ics_get(eid)
            k = kw_get(eid, 0)
            tx = text_get(eid)
            miss = (1.0 - h[0]) if h else 1.0
            if ic:
                miss *= 1.0 - ic[0]
            if k:
                miss *= 1.0 - (_KW_MANY if k > 1 else _KW_ONE)
            if tx:
                miss *= 1.0 - text_score(tx[0])
            if eid in std_best:
                miss *= 1.0 - STANDARD_SCORE
            score = (1.0 - miss) * weights[eid]
            if score > min_score:
                append((score, eid))
        scored.sort(key=_first, reverse=True)
        if limit is not None:
            del scored[limit:]
        terms_t = tuple(matched_terms)
        return [
            Match(
                eid,
                round(score, 6),
                _index=self,
                _evidence=(
                    hs_get(eid),
                    ics_get(eid),
                    terms_t,
                    coverage,
                    text_get(eid),
                    std_get(eid),
                ),
            )
            for score, eid in scored
        ]

    def _explain(
        self,
        eid: EnterpriseId,
        hs: tuple[float, str, bool] | None,
        ics: tuple[float, str, bool] | None,
        terms: Sequence[str],
        coverage: frozenset[str],
        text: tuple[float, str] | None = None,
        cited: tuple[str, str] | None = None,
    ) -> list[tuple[str, str]]:
        p = self._profiles.get(eid)
        out: list[tuple[str, str]] = []
        if p is None:
            return out
        if hs is not None:
            _, c, broader = hs
            for prod in p.products:
                h = _norm_hs(prod.hs) if prod.hs else None
                if h is None:
                    continue
                if not broader and h.startswith(c):
                    out.append(("hs_prefix", f"{c} ⊂ {h}" if h != c else f"{c} = {h}"))
                    break
                if broader and c.startswith(h) and h != c:
                    out.append(("hs_broader", f"{h} ⊃ {c}"))
                    break
        if ics is not None:
            _, i, broader = ics
            for prod in p.products:
                for raw in prod.ics:
                    j = _norm_ics(raw)
                    if j is None:
                        continue
                    if not broader and j.startswith(i):
                        out.append(("ics", f"{i} ⊂ {j}" if i != j else f"{i} = {j}"))
                        break
                    if broader and i.startswith(j) and i != j:
                        out.append(("ics_broader", f"{j} ⊃ {i}"))
                        break
                else:
                    continue
                break
        if terms:
            mine = {normalize_keyword(k) for prod in p.products for k in prod.keywords}
            hit = sorted(t for t in terms if t in mine)
            if hit:
                out.append(("keywords", ", ".join(hit)))
        if text is not None:
            sim, description = text
            out.append(("text_similarity", f"{sim:.2f} {description}"))
        if cited is not None:
            out.append(("cites_declared_standard", _cited_detail(p, *cited)))
        entries = self._entries(eid, coverage)
        if entries:
            parts = [
                f"{m} {round(s * 100)}%" if s is not None else f"{m} (share unknown)"
                for m, s in sorted(entries.items())
            ]
            out.append(("market", "; ".join(parts)))
        elif eid in self._all_markets:
            out.append(("all_markets", "exports to all markets"))
        return out

    def warm(self, members: Iterable[str]) -> None:
        """Precompute the market tables of these notifying members (the first match for a
        big market such as the EU or the USA otherwise pays for building its table)."""
        for m in members:
            self._market_table(self.expand(m))

    @staticmethod
    def gc_freeze() -> None:
        """Collect, then move every object alive (this index included) to the interpreter's
        permanent generation (:func:`gc.freeze`), so that full cyclic-GC passes stop walking
        the millions of index objects: without it an occasional match pays a ~1 s collection
        at 1 000 000 product lines. A process-wide switch: call it in the worker that owns the
        index, after building."""
        gc.collect()
        gc.freeze()

    # --------------------------------------------------------------- statistics

    def stats(self) -> dict[str, int]:
        return {
            "enterprises": len(self._profiles),
            "product_lines": sum(len(p.products) for p in self._profiles.values()),
            "hs_keys": len(self._hs_under),
            "hs_postings": sum(len(s) for s in self._hs_under.values()),
            "ics_keys": len(self._ics_under),
            "keyword_keys": len(self._kw),
            "standard_keys": len(self._std),
            "described_lines": sum(len(d) for _, d in self._text.values()),
            "market_keys": len(self._market),
            "cached_coverages": len(self._cache),
        }
