"""标准查新 (validity check): classify each line of a list of standards against a catalogue.

(Over 600 lines on purpose: the outcome rules, the replacement chains and the suggestions
read one line's result together; every outcome is decided here and nowhere else.)

Pure Python (no Django). The catalogue is reached through :class:`CatalogueLookup`, a small
Protocol: find an edition by canonical designation, all editions of a standard by its
edition-independent key (``Designation.key``), the successor of an edition (``replaced_by``),
and the nearest designations for suggestions. :class:`MemoryCatalogue` implements it over a
list of :class:`Edition` records (the service loads the rows it needs in bulk and wraps them);
:class:`NearestIndex` gives the suggestions with rapidfuzz.

Outcomes (one per non-blank line)
---------------------------------
``current``
    The edition is current (现行). An **undated reference** (``GB/T 1.1``, ``ISO 9001``) to a
    standard with exactly one current edition is *current*, resolved to today's edition: the
    result's ``edition`` is that edition and ``undated`` is true ("不注日期引用, 指向现行版本
    X" / "undated reference → today's edition X"). This follows GB/T 1.1 (an undated reference
    means the latest edition applies). If a newer edition is already published and not yet in
    force, the message says so.
``upcoming``
    The edition is published but not yet in force (即将实施); the message gives the date.
``replaced``
    The edition is replaced (被代替). ``chain`` lists every successor in order, the last one
    being today's edition. If the record has no ``replaced_by`` link, the newest current or
    upcoming edition of the same standard (same key, later year) is taken as the successor.
    An undated reference whose editions are all replaced or withdrawn is classified from its
    newest edition. Amendment, corrigendum, 修改单 and draft records share the standard's key
    but are never taken as "today's edition" of it (:func:`is_whole_edition`).
``withdrawn``
    The edition is withdrawn (废止), with its date; ``chain`` holds the successor chain when
    the record names one ("withdrawn, superseded by Y"), otherwise it is empty ("withdrawn
    without successor").
``not_found``
    The designation reads well but the catalogue does not have it. ``suggestions`` lists the
    other editions of the same standard first (``GB/T 19001-2015`` → ``GB/T 19001-2016``),
    then the nearest designations by string similarity.
``ambiguous``
    The parser refuses to guess (``GB 1234 2008``, ``GBZ 2.1-2019``, two designations on one
    line) or an undated reference matches several current editions; ``candidates`` lists the
    readings, each with its catalogue status when the catalogue has it.
``invalid``
    The text is not a designation; ``reason_code`` and the messages are the parser's.

A dated designation with amendments (``ISO 9001:2015/Amd 1:2024``) or an IEC edition suffix
(``CSV``) that the catalogue does not list is checked as its base edition, with a note.

One module of over 600 lines on purpose: the outcome rules above and the code that applies them
(the catalogue protocol, the successor chain, undated references, the suggestions) are one
algorithm, each part read with the others; split, a rule would be read in one file and applied
in another.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Final, Protocol

from rapidfuzz import fuzz, process, utils

from biaozhun.core.designation import Designation, DesignationError, parse

__all__ = [
    "OUTCOMES",
    "OUTCOME_LABELS",
    "STATUSES",
    "Candidate",
    "CatalogueLookup",
    "CheckResult",
    "Edition",
    "MemoryCatalogue",
    "NearestIndex",
    "check_line",
    "check_lines",
    "edition_canonical",
    "edition_form",
    "is_whole_edition",
    "summarize",
]

OUTCOMES: Final[tuple[str, ...]] = (
    "current",
    "upcoming",
    "replaced",
    "withdrawn",
    "not_found",
    "ambiguous",
    "invalid",
)

OUTCOME_LABELS: Final[dict[str, tuple[str, str]]] = {
    "current": ("现行", "current"),
    "upcoming": ("即将实施", "upcoming"),
    "replaced": ("被代替", "replaced"),
    "withdrawn": ("废止", "withdrawn"),
    "not_found": ("未收录", "not found"),
    "ambiguous": ("有歧义", "ambiguous"),
    "invalid": ("无效", "invalid"),
}

STATUSES: Final[dict[str, tuple[str, str]]] = {
    "current": ("现行", "current"),
    "upcoming": ("即将实施", "upcoming"),
    "withdrawn": ("废止", "withdrawn"),
    "replaced": ("被代替", "replaced"),
}

MAX_CHAIN: Final = 50


@dataclass(slots=True)
class Edition:
    """One catalogue record (one edition of a standard) as the check needs it. Treated as
    immutable; not frozen because a frozen dataclass is eight times slower to build and a
    check builds tens of thousands."""

    canonical: str
    key: str
    status: str
    year: int | None = None
    title_zh: str = ""
    title_en: str = ""
    published_on: date | None = None
    implemented_on: date | None = None
    withdrawn_on: date | None = None
    replaced_by: str | None = None  # canonical of the successor
    source: str = ""
    id: int | None = None
    #: :func:`edition_form` of the designation as the catalogue stored it ("" when not stored:
    #: then the canonical is parsed when the form matters)
    form: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "canonical": self.canonical,
            "status": self.status,
            "status_zh": STATUSES.get(self.status, (self.status, self.status))[0],
            "status_en": STATUSES.get(self.status, (self.status, self.status))[1],
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "published_on": _iso(self.published_on),
            "implemented_on": _iso(self.implemented_on),
            "withdrawn_on": _iso(self.withdrawn_on),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible reading of an ambiguous line, with its catalogue status if listed."""

    designation: str
    status: str | None = None

    def as_dict(self) -> dict[str, Any]:
        labels = STATUSES.get(self.status or "", ("未收录", "not in the catalogue"))
        return {
            "designation": self.designation,
            "status": self.status,
            "status_zh": labels[0],
            "status_en": labels[1],
        }


@dataclass(slots=True)
class CheckResult:
    """The outcome for one input line (treated as immutable)."""

    line: int
    text: str
    outcome: str
    designation: str | None = None
    undated: bool = False
    edition: Edition | None = None
    chain: tuple[Edition, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    suggestions: tuple[str, ...] = ()
    reason_code: str = ""
    message_zh: str = ""
    message_en: str = ""

    @property
    def latest(self) -> Edition | None:
        """Today's edition: the end of the successor chain, else the matched edition."""
        return self.chain[-1] if self.chain else self.edition

    def as_dict(self, editions: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
        """A JSON-ready dict. ``editions`` (canonical -> dict) lets a caller converting many
        results share the edition dicts (treat them as read-only)."""
        cache: dict[str, dict[str, Any]] = {} if editions is None else editions

        def edition_dict(edition: Edition) -> dict[str, Any]:
            found = cache.get(edition.canonical)
            if found is None:
                found = cache[edition.canonical] = edition.as_dict()
            return found

        latest = self.latest
        zh, en = OUTCOME_LABELS[self.outcome]
        return {
            "line": self.line,
            "input": self.text,
            "outcome": self.outcome,
            "outcome_zh": zh,
            "outcome_en": en,
            "designation": self.designation,
            "undated": self.undated,
            "edition": edition_dict(self.edition) if self.edition else None,
            "chain": [edition_dict(edition) for edition in self.chain],
            "latest": edition_dict(latest) if latest else None,
            "candidates": [candidate.as_dict() for candidate in self.candidates],
            "suggestions": list(self.suggestions),
            "reason_code": self.reason_code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "source": self.edition.source if self.edition else "",
        }


class CatalogueLookup(Protocol):
    """What the check needs from a catalogue."""

    def by_canonical(self, canonical: str) -> Edition | None:
        """The edition with exactly this canonical designation."""
        ...

    def by_key(self, key: str) -> Sequence[Edition]:
        """Every edition of the standard with this edition-independent key."""
        ...

    def successor(self, edition: Edition) -> Edition | None:
        """The edition named as replacing ``edition`` (its ``replaced_by``), if any."""
        ...

    def nearest(self, text: str, limit: int) -> Sequence[str]:
        """Up to ``limit`` catalogue designations closest to ``text``, best first."""
        ...


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _year_order(edition: Edition) -> tuple[int, str]:
    return (edition.year or 0, edition.canonical)


def edition_canonical(designation: Designation) -> str:
    """The canonical text without amendments and edition suffix (the base edition)."""
    text = designation.canonical
    for amendment in designation.amendments:
        text = text.replace(amendment.text, "")
    if designation.suffix:
        text = text.removesuffix(" " + designation.suffix)
    return text.strip()


# --- suggestions ---------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")


def _buckets(text: str) -> list[str]:
    """The buckets a designation is filed under: its main number (the first run of digits),
    and within its family (the first word) the number's first and last three digits."""
    found = _DIGITS.search(text)
    if found is None:
        return []
    main = found[0]
    family = text.split(" ", 1)[0].upper() if " " in text else ""
    keys = [f"n:{main}", f"h:{family}:{main[:3]}"]
    if len(main) > 3:
        keys.append(f"t:{family}:{main[-3:]}")
    return keys


_DOC_TYPES: Final = frozenset(
    {"TS", "TR", "PAS", "GUIDE", "DIS", "FDIS", "CD", "DTS", "DTR", "ISP", "IWA", "DIR", "T", "Z"}
)
_LEAD_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:/[A-Za-z][A-Za-z0-9]*)*/?")


def publisher_family(text: str) -> frozenset[str]:
    """The organisations a designation's publisher is made of, read cheaply from its first word.

    ``GB/T 2828.1`` and ``GB 2828`` -> ``{GB}``; ``ISO/IEC 27001`` -> ``{ISO, IEC}``;
    ``ISO/TS 16949`` -> ``{ISO}``; ``ASTM D638`` -> ``{ASTM}``; ``DB32/T 1`` -> ``{DB32}``;
    group and enterprise codes stay whole (``T/CAS``, ``Q/JSL``): two enterprises are not
    one family. Two designations are of one family when these sets meet.
    """
    m = _LEAD_WORD.match(text.strip())
    if m is None:
        return frozenset()
    word = m[0].upper().rstrip("/")
    if word.startswith(("T/", "Q/")):
        return frozenset({word})
    return frozenset(p for p in word.split("/") if p and p not in _DOC_TYPES)


def _query_family(text: str) -> tuple[list[str], frozenset[str]]:
    """The texts the index compares (the query, then the standards it adopts) and the
    families its suggestions may come from: its own publisher's and those of the standards it
    adopts (``GB/T 19001-2016/ISO 9001:2015`` may suggest ISO numbers, a bare GB never does)."""
    try:
        d = parse(text)
    except DesignationError:
        return [text], publisher_family(text)
    family = publisher_family(d.publisher) | publisher_family(d.canonical)
    queries = [d.canonical]
    for adoption in d.adoptions:
        if adoption.designation:
            family |= publisher_family(adoption.designation)
            queries.append(adoption.designation)
    return queries, family


class NearestIndex:
    """Nearest catalogue designations for a text that is not in the catalogue.

    Each designation is filed under its main number (any publisher), and, within its family
    (the first word: ``GB/T``, ``ISO``, ``IEC``...), under the number's first three digits and
    its last three digits; a query is compared (rapidfuzz ``ratio`` on the upper-cased text) only
    with the designations sharing one of those buckets, so a look-up costs a few hundred
    comparisons even over the whole catalogue. Only designations of the query's publisher
    family (:func:`publisher_family`, plus the families of the standards it adopts) are
    suggested: ``ASTM D638-14`` never gets ``ISO 638``.
    """

    def __init__(self, canonicals: Iterable[str]) -> None:
        buckets: dict[str, list[str]] = {}
        size = 0
        for canonical in canonicals:
            size += 1
            for key in _buckets(canonical):
                bucket = buckets.get(key)
                if bucket is None:
                    buckets[key] = [canonical]
                else:
                    bucket.append(canonical)
        self._buckets = buckets
        self.size = size

    def nearest(self, text: str, limit: int = 5) -> list[str]:

        queries, family = _query_family(text)
        scored: dict[str, float] = {}
        for query in queries:
            choices: dict[str, None] = {}
            for bucket in _buckets(query):
                for canonical in self._buckets.get(bucket, ()):
                    if family and not (family & publisher_family(canonical)):
                        continue
                    choices[canonical] = None
            if not choices:
                continue
            found = process.extract(
                query,
                list(choices),
                scorer=fuzz.ratio,
                processor=utils.default_process,
                limit=limit,
                score_cutoff=50,
            )
            for canonical, score, _ in found:
                scored[canonical] = max(score, scored.get(canonical, 0.0))
        ranked = sorted(scored, key=lambda c: -scored[c])
        return ranked[:limit]


class MemoryCatalogue:
    """A :class:`CatalogueLookup` over editions held in memory."""

    def __init__(self, editions: Iterable[Edition], nearest: NearestIndex | None = None) -> None:
        self._canonical: dict[str, Edition] = {}
        self._key: dict[str, list[Edition]] = {}
        for edition in editions:
            self._canonical[edition.canonical] = edition
            self._key.setdefault(edition.key, []).append(edition)
        self._nearest = nearest

    def __len__(self) -> int:
        return len(self._canonical)

    def by_canonical(self, canonical: str) -> Edition | None:
        return self._canonical.get(canonical)

    def by_key(self, key: str) -> Sequence[Edition]:
        return self._key.get(key, ())

    def successor(self, edition: Edition) -> Edition | None:
        if edition.replaced_by is None:
            return None
        return self._canonical.get(edition.replaced_by)

    def nearest(self, text: str, limit: int) -> Sequence[str]:
        if self._nearest is None:
            self._nearest = NearestIndex(self._canonical)
        return self._nearest.nearest(text, limit)


# --- classification ------------------------------------------------------------------------


def edition_form(designation: Designation) -> str:
    """``draft`` for a draft (a stage such as DIS or 征求意见稿), ``amendment`` for an
    amendment, corrigendum, interpretation sheet or 修改单 record, ``variant`` for an IEC format
    variant of an edition (``RLV`` redline, ``CMV`` commented, ``CSV`` consolidated...) or an
    edition suffix, else ``edition``: an edition of the standard itself. Only an ``edition`` is
    ever "today's edition" of its standard; a draft replaces nothing until it is published.

    The catalogue stores it with each record (``Standard.edition_form``; ``other`` for a
    designation that does not parse, :func:`canonical_form`), so that a check reads it instead
    of parsing thousands of catalogue designations."""
    if designation.stage is not None:
        return "draft"
    if designation.amendments:
        return "amendment"
    if designation.suffix:
        return "variant"
    return "edition"


def canonical_form(canonical: str) -> str:
    """:func:`edition_form` of a designation text; ``other`` if it does not parse."""
    try:
        return edition_form(parse(canonical))
    except DesignationError:
        return "other"


@lru_cache(maxsize=65536)
def is_whole_edition(canonical: str) -> bool:
    """True for an edition of a standard itself; false for an amendment, corrigendum,
    interpretation sheet or 修改单 record, for a draft, and for an IEC format variant of an
    edition: they share the standard's key but are not "today's edition" of it."""
    return canonical_form(canonical) == "edition"


@lru_cache(maxsize=65536)
def _is_draft(canonical: str) -> bool:
    return canonical_form(canonical) == "draft"


def _whole(edition: Edition) -> bool:
    return edition.form == "edition" if edition.form else is_whole_edition(edition.canonical)


def _draft(edition: Edition) -> bool:
    return edition.form == "draft" if edition.form else _is_draft(edition.canonical)


def _next(lookup: CatalogueLookup, edition: Edition) -> Edition | None:
    following = lookup.successor(edition)
    if following is not None and _draft(following):
        following = None  # a draft does not replace anything until it is published
    if following is not None or edition.status != "replaced":
        return following
    newer = [
        other
        for other in lookup.by_key(edition.key)
        if other.status in {"current", "upcoming"}
        and (other.year or 0) > (edition.year or 0)
        and not _draft(other)
    ]
    if not newer:
        return None
    # the newest year; within it the edition itself before its amendments and variants
    return max(
        newer,
        key=lambda e: (e.year or 0, _whole(e), -len(e.canonical)),
    )


def _chain(lookup: CatalogueLookup, edition: Edition) -> tuple[Edition, ...]:
    chain: list[Edition] = []
    seen = {edition.canonical}
    current = edition
    while len(chain) < MAX_CHAIN:
        following = _next(lookup, current)
        if following is None or following.canonical in seen:
            break
        chain.append(following)
        seen.add(following.canonical)
        current = following
    return tuple(chain)


def _arrow(chain: Sequence[Edition]) -> str:
    return " → ".join(edition.canonical for edition in chain)


def _from_edition(
    lookup: CatalogueLookup,
    line: int,
    text: str,
    designation: str,
    edition: Edition,
    *,
    undated: bool = False,
    notes: tuple[tuple[str, str], ...] = (),
) -> CheckResult:
    status = edition.status

    def result(outcome: str, zh: str, en: str, **extra: Any) -> CheckResult:
        return CheckResult(
            line=line,
            text=text,
            outcome=outcome,
            designation=designation,
            undated=undated,
            edition=edition,
            message_zh=zh,
            message_en=en,
            **extra,
        )

    prefix_zh = "".join(zh for zh, _ in notes)
    prefix_en = "".join(en for _, en in notes)
    if status == "current":
        zh = f"{prefix_zh}现行有效。"
        en = f"{prefix_en}Current."
        newer = [
            other
            for other in lookup.by_key(edition.key)
            if other.status == "upcoming"
            and (other.year or 0) > (edition.year or 0)
            and _whole(other)
        ]
        if newer:
            upcoming = max(newer, key=_year_order)
            when = _iso(upcoming.implemented_on) or "?"
            zh += f"新版 {upcoming.canonical} 将于 {when} 实施。"
            en += f" The new edition {upcoming.canonical} comes into force on {when}."
        return result("current", zh, en)
    if status == "upcoming":
        when = _iso(edition.implemented_on) or "?"
        return result(
            "upcoming",
            f"{prefix_zh}已发布,将于 {when} 实施。",
            f"{prefix_en}Published; comes into force on {when}.",
        )
    if status == "replaced":
        chain = _chain(lookup, edition)
        if chain:
            latest = chain[-1]
            latest_zh, latest_en = STATUSES.get(latest.status, (latest.status, latest.status))
            zh = (
                f"{prefix_zh}已被代替,现行版本 {latest.canonical}({latest_zh});"
                f"代替链:{edition.canonical} → {_arrow(chain)}。"
            )
            en = (
                f"{prefix_en}Replaced; today's edition is {latest.canonical} ({latest_en}); "
                f"chain: {edition.canonical} → {_arrow(chain)}."
            )
        else:
            zh = f"{prefix_zh}已被代替,目录中未记录代替标准。"
            en = f"{prefix_en}Replaced; the catalogue does not name the replacing standard."
        return result("replaced", zh, en, chain=chain)
    if status == "withdrawn":
        withdrawn_on = _iso(edition.withdrawn_on)
        when_zh = f"于 {withdrawn_on} " if withdrawn_on else ""
        when_en = f" on {withdrawn_on}" if withdrawn_on else ""
        chain = _chain(lookup, edition)
        if chain:
            zh = f"{prefix_zh}已{when_zh}废止,由 {_arrow(chain)} 接替。"
            en = f"{prefix_en}Withdrawn{when_en}; superseded by {_arrow(chain)}."
        else:
            zh = f"{prefix_zh}已{when_zh}废止,无替代标准。"
            en = f"{prefix_en}Withdrawn{when_en}, without successor."
        return result("withdrawn", zh, en, chain=chain)
    return result(
        "ambiguous",
        f"目录中该标准的状态“{status}”无法识别。",
        f"The catalogue gives an unknown status {status!r}.",
        reason_code="unknown_status",
        candidates=(Candidate(edition.canonical, None),),
    )


def _candidate(lookup: CatalogueLookup, text: str) -> Candidate:
    edition = lookup.by_canonical(text)
    return Candidate(text, edition.status if edition else None)


def _suggest(
    lookup: CatalogueLookup, query: str, first: Sequence[str] = (), limit: int = 5
) -> tuple[str, ...]:
    found: dict[str, None] = dict.fromkeys(first)
    for canonical in lookup.nearest(query, limit):
        found[canonical] = None
    return tuple(found)[: max(limit, len(first))]


def _etsi_version(canonical: str) -> str | None:
    try:
        return parse(canonical).suffix
    except DesignationError:
        return None


def check_line(lookup: CatalogueLookup, line: int, text: str) -> CheckResult:
    """Classify one line (see the module docstring for the outcomes)."""
    raw = text.strip()
    try:
        designation = parse(raw)
    except DesignationError as exc:
        if exc.code == "ambiguous":
            candidates = tuple(_candidate(lookup, candidate) for candidate in exc.candidates)
            return CheckResult(
                line=line,
                text=raw,
                outcome="ambiguous",
                candidates=candidates,
                reason_code=exc.code,
                message_zh=f"{exc.message_zh}。请确认后再查。",
                message_en=f"{exc.message_en}. Confirm one reading and check again.",
            )
        return CheckResult(
            line=line,
            text=raw,
            outcome="invalid",
            reason_code=exc.code,
            message_zh=f"{exc.message_zh}。",
            message_en=f"{exc.message_en}.",
        )
    canonical = designation.canonical
    if designation.year is None and designation.publisher == "ETSI" and designation.suffix:
        # a version without its date (``EN 300 328 V2.2.2``) names one edition
        for other in lookup.by_key(designation.key):
            if _etsi_version(other.canonical) == designation.suffix:
                return _from_edition(lookup, line, raw, canonical, other)
    elif designation.year is None:
        return _undated(lookup, line, raw, designation)
    edition = lookup.by_canonical(canonical)
    if edition is not None:
        return _from_edition(lookup, line, raw, canonical, edition)
    base_canonical = edition_canonical(designation)
    if base_canonical != canonical:
        edition = lookup.by_canonical(base_canonical)
        if edition is not None:
            note = (
                f"目录未收录 {canonical},按基础版本 {base_canonical} 判断:",
                f"{canonical} is not listed; checked as its base edition {base_canonical}: ",
            )
            return _from_edition(lookup, line, raw, canonical, edition, notes=(note,))
    others = sorted(lookup.by_key(designation.key), key=_year_order, reverse=True)
    suggestions = _suggest(lookup, canonical, [other.canonical for other in others])
    if others:
        listed = "、".join(other.canonical for other in others[:5])
        zh = f"目录中没有 {canonical} 这一版本;该标准收录的版本:{listed}。"
        en = f"The catalogue has no edition {canonical}; it lists {', '.join(o.canonical for o in others[:5])}."
    else:
        zh = f"目录中没有 {canonical}。"
        en = f"{canonical} is not in the catalogue."
    if suggestions and not others:
        zh += f"相近的标准号:{'、'.join(suggestions)}。"
        en += f" Nearest designations: {', '.join(suggestions)}."
    return CheckResult(
        line=line,
        text=raw,
        outcome="not_found",
        designation=canonical,
        suggestions=suggestions,
        message_zh=zh,
        message_en=en,
    )


def _undated(lookup: CatalogueLookup, line: int, raw: str, designation: Designation) -> CheckResult:
    canonical = designation.canonical
    editions = sorted(lookup.by_key(designation.key), key=_year_order, reverse=True)
    if not editions:
        exact = lookup.by_canonical(canonical)
        if exact is not None:  # an undated record (some catalogues list standards without year)
            return _from_edition(lookup, line, raw, canonical, exact)
        suggestions = _suggest(lookup, canonical)
        zh = f"目录中没有 {canonical}。"
        en = f"{canonical} is not in the catalogue."
        if suggestions:
            zh += f"相近的标准号:{'、'.join(suggestions)}。"
            en += f" Nearest designations: {', '.join(suggestions)}."
        return CheckResult(
            line=line,
            text=raw,
            outcome="not_found",
            designation=canonical,
            undated=True,
            suggestions=suggestions,
            message_zh=zh,
            message_en=en,
        )
    whole = [edition for edition in editions if _whole(edition)]
    editions = whole or editions
    current = [edition for edition in editions if edition.status == "current"]
    if len(current) > 1:
        return CheckResult(
            line=line,
            text=raw,
            outcome="ambiguous",
            designation=canonical,
            undated=True,
            candidates=tuple(Candidate(e.canonical, e.status) for e in current),
            reason_code="several_current",
            message_zh=f"不注日期的 {canonical} 对应多个现行版本,请注明年代号。",
            message_en=f"The undated {canonical} matches several current editions: give the year.",
        )
    if current:
        chosen = current[0]
        note = (
            f"不注日期引用,指向现行版本 {chosen.canonical}:",
            f"Undated reference → today's edition {chosen.canonical}: ",
        )
    else:
        upcoming = [edition for edition in editions if edition.status == "upcoming"]
        chosen = upcoming[0] if upcoming else editions[0]
        note = (
            f"不注日期引用,目录中最新版本为 {chosen.canonical}:",
            f"Undated reference; the newest edition listed is {chosen.canonical}: ",
        )
    return _from_edition(lookup, line, raw, canonical, chosen, undated=True, notes=(note,))


def check_lines(lookup: CatalogueLookup, lines: Iterable[tuple[int, str]]) -> list[CheckResult]:
    """Classify each ``(line number, text)``; blank lines are skipped."""
    return [check_line(lookup, number, text) for number, text in lines if text and text.strip()]


def summarize(results: Iterable[CheckResult]) -> dict[str, int]:
    """Count of each outcome, every outcome present (zero if none)."""
    counts = Counter(result.outcome for result in results)
    return {outcome: counts.get(outcome, 0) for outcome in OUTCOMES}
