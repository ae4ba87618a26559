"""The pure rules of TBT alerts: how urgent an alert is, and what a family of WTO documents
(a regular notification with its addenda, corrigenda and revisions) notifies.

No Django here: the rules take plain data. A document is anything with the attributes of
:class:`FamilyDoc` (the ``tbt.Notification`` model has them; tests pass dataclasses).

Risk level (documented rule, see also the inbox page):

  relevance points: score >= 0.7 -> 2, score >= 0.4 -> 1, else 0
  urgency points, the larger of
    * final date for comments: 0-30 days ahead -> 2, 31-60 days -> 1, passed or later -> 0
    * entry into force: 0-90 days ahead -> 2, 91-180 days -> 1, already in force -> 1,
      later -> 0
    * neither date known ("to be determined") -> 1
  red if relevance + urgency >= 3, orange if = 2, yellow otherwise.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from biaozhun.core.citations import cited_designations
from biaozhun.core.matching import Notification as MatchNotification

#: the fields of a document read for the standards it cites (those a document lacks are skipped)
CITING_FIELDS = ("title", "title_zh", "products_text", "description", "objective")

RED_SCORE = 0.7
ORANGE_SCORE = 0.4

#: a predicted code (HS heading, ICS code) counts when no document gives codes and the
#: classifier's confidence is at least this
PREDICTED_MIN_CONFIDENCE = 0.5

# document kinds (the values of tbt's Notification.Kind)
REGULAR = "regular"
ADDENDUM = "addendum"
REVISION = "revision"
CORRIGENDUM = "corrigendum"
SUPPLEMENT = "supplement"

SCOPE_FIELDS = ("hs_codes", "ics_codes", "keywords")


@dataclass(frozen=True)
class RiskFactor:
    """One input of the risk rule and the points it gave: ``code`` is ``relevance``,
    ``comment_deadline``, ``entry_into_force``, ``in_force`` or ``no_dates``; ``counted``
    says whether it decided the urgency (the larger of the date factors counts)."""

    code: str
    points: int
    zh: str
    en: str
    counted: bool = True


@dataclass(frozen=True)
class RiskAssessment:
    level: str
    relevance: int
    urgency: int
    factors: tuple[RiskFactor, ...]

    @property
    def total(self) -> int:
        return self.relevance + self.urgency


def assess_risk(
    score: float,
    comment_deadline: date | None,
    entry_into_force: date | None,
    today: date,
) -> RiskAssessment:
    """The risk level by the rule at the top of this module, with the factors that made it."""
    relevance = 2 if score >= RED_SCORE else 1 if score >= ORANGE_SCORE else 0
    percent = round(score * 100)
    band_zh = "高" if relevance == 2 else "中" if relevance == 1 else "低"
    band_en = "high" if relevance == 2 else "medium" if relevance == 1 else "low"
    factors = [
        RiskFactor(
            "relevance",
            relevance,
            f"相关度{band_zh}({percent}%,≥70% 计 2 分,≥40% 计 1 分)",
            f"{band_en} relevance ({percent}%; >= 70% gives 2 points, >= 40% 1 point)",
        )
    ]
    dated: list[RiskFactor] = []
    if comment_deadline is None and entry_into_force is None:
        dated.append(RiskFactor("no_dates", 1, "评议截止和拟生效日期均未确定", "no date known yet"))
    if comment_deadline is not None:
        days = (comment_deadline - today).days
        if days < 0:
            dated.append(
                RiskFactor(
                    "comment_deadline",
                    0,
                    f"评议截止已过({-days} 天前)",
                    f"final date for comments passed ({-days} days ago)",
                )
            )
        else:
            points = 2 if days <= 30 else 1 if days <= 60 else 0
            dated.append(
                RiskFactor(
                    "comment_deadline",
                    points,
                    f"距评议截止 {days} 天(30 天内计 2 分,60 天内计 1 分)",
                    f"{days} days to the final date for comments "
                    "(within 30 days: 2 points, 60 days: 1 point)",
                )
            )
    if entry_into_force is not None:
        days = (entry_into_force - today).days
        if days < 0:
            dated.append(
                RiskFactor(
                    "in_force",
                    1,
                    f"已于 {-days} 天前生效(计 1 分)",
                    f"in force since {-days} days (1 point)",
                )
            )
        else:
            points = 2 if days <= 90 else 1 if days <= 180 else 0
            dated.append(
                RiskFactor(
                    "entry_into_force",
                    points,
                    f"距拟生效 {days} 天(90 天内计 2 分,180 天内计 1 分)",
                    f"{days} days to the entry into force "
                    "(within 90 days: 2 points, 180 days: 1 point)",
                )
            )
    urgency = max((f.points for f in dated), default=0)
    decided = False
    for f in dated:
        counted = not decided and f.points == urgency
        decided = decided or counted
        factors.append(RiskFactor(f.code, f.points, f.zh, f.en, counted))
    total = relevance + urgency
    level = "red" if total >= 3 else "orange" if total == 2 else "yellow"
    return RiskAssessment(level, relevance, urgency, tuple(factors))


def risk_level(
    score: float,
    comment_deadline: date | None,
    entry_into_force: date | None,
    today: date,
) -> str:
    """``red``, ``orange`` or ``yellow`` by the rule at the top of this module."""
    return assess_risk(score, comment_deadline, entry_into_force, today).level


class FamilyDoc(Protocol):
    """What the family rules read of one WTO document."""

    @property
    def pk(self) -> Any: ...
    @property
    def kind(self) -> str: ...
    @property
    def parent_id(self) -> Any: ...
    @property
    def member_code(self) -> str: ...
    @property
    def distributed_on(self) -> date: ...
    @property
    def comment_deadline(self) -> date | None: ...
    @property
    def entry_into_force(self) -> date | None: ...
    @property
    def adoption_date(self) -> date | None: ...
    @property
    def hs_codes(self) -> Any: ...
    @property
    def ics_codes(self) -> Any: ...
    @property
    def keywords(self) -> Any: ...
    @property
    def hs_headings(self) -> Any: ...
    @property
    def ics_predicted(self) -> Any: ...
    @property
    def title(self) -> str: ...
    @property
    def title_zh(self) -> str: ...
    @property
    def products_text(self) -> str: ...


@dataclass(frozen=True)
class NotificationState:
    """What matching and urgency read of a notification and its later documents: codes by
    the WTO rule of :func:`effective_scope`, dates the latest document's that gives one."""

    root_id: int
    member: str
    hs_codes: tuple[str, ...]
    ics_codes: tuple[str, ...]
    keywords: tuple[str, ...]
    text: str
    comment_deadline: date | None
    entry_into_force: date | None
    adoption_date: date | None
    #: the standards the documents in effect cite, ``(key, designation)``
    #: (:func:`biaozhun.core.citations.cited_designations`); not part of the fingerprint: an
    #: alert is not re-opened because a citation was read differently
    cited: tuple[tuple[str, str], ...] = ()

    def scope(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "hs_codes": sorted(self.hs_codes),
            "ics_codes": sorted(self.ics_codes),
            "keywords": sorted(self.keywords),
            "comment_deadline": self.comment_deadline.isoformat()
            if self.comment_deadline
            else None,
            "entry_into_force": self.entry_into_force.isoformat()
            if self.entry_into_force
            else None,
            "adoption_date": self.adoption_date.isoformat() if self.adoption_date else None,
        }

    def fingerprint(self) -> str:
        payload = json.dumps(self.scope(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    def for_matching(self, vector: Any = None) -> MatchNotification:
        """The notification as matching reads it; ``vector``: the multilingual vector of
        :attr:`text` (``core.embedding``, query kind) for text similarity, or None (codes
        and keywords only)."""
        return MatchNotification(
            self.member,
            self.hs_codes,
            self.ics_codes,
            self.keywords,
            self.text,
            vector,
            self.cited,
        )


def predicted_codes(items: Iterable[Any] | None) -> list[str]:
    """The codes of a classifier's predictions (``[{"code", "confidence"}]``) confident
    enough to stand in for codes no document gives."""
    out = []
    for item in items or ():
        try:
            if float(item.get("confidence", 0)) >= PREDICTED_MIN_CONFIDENCE:
                out.append(str(item["code"]))
        except (AttributeError, KeyError, TypeError, ValueError):
            continue
    return out


def effective_scope[D: FamilyDoc](
    docs: Sequence[D], root: FamilyDoc
) -> tuple[dict[str, list[str]], list[D]]:
    """The codes (HS, ICS) and keywords a family of documents notifies, by the WTO rule
    (documents taken in the order they were distributed, the regular notification first):

    * the regular notification gives the initial codes;
    * a revision (``Rev.N``) is a complete new version: if it gives HS or ICS codes, they
      replace those of every earlier document (the notification, earlier revisions, their
      addenda and corrigenda); a revision that gives no codes leaves them as they were (the
      feed lacks them more often than a revision drops them);
    * an addendum or supplement adds its codes to the family (union);
    * a corrigendum corrects the document it is attached to (its parent, or the current
      version if the parent is not recorded): each of HS codes, ICS codes, keywords it gives
      replaces that document's; a field it does not give stays. A corrigendum to a document
      that a revision superseded changes nothing.

    Returns the codes by field (order kept, no duplicates) and the documents still in effect.
    """
    # contribution of each document still in effect, by field
    slots: dict[Any, dict[str, list[str]]] = {}
    current = root.pk  # the version (regular notification or latest revision) in effect
    in_effect: dict[Any, D] = {}
    for d in docs:
        given = {f: list(getattr(d, f, None) or ()) for f in SCOPE_FIELDS}
        gives_codes = bool(given["hs_codes"] or given["ics_codes"])
        if d.pk == root.pk or d.kind == REGULAR:
            slots[d.pk] = given
            in_effect[d.pk] = d
        elif d.kind == REVISION:
            if gives_codes:
                slots = {d.pk: given}
                in_effect = {d.pk: d}
            else:
                slots[d.pk] = given
                in_effect[d.pk] = d
            current = d.pk
        elif d.kind == CORRIGENDUM:
            target = d.parent_id if d.parent_id is not None else current
            if target in slots:
                for f in SCOPE_FIELDS:
                    if given[f]:
                        slots[target][f] = given[f]
                in_effect[d.pk] = d
        else:  # addendum, supplement
            slots[d.pk] = given
            in_effect[d.pk] = d
    scope: dict[str, list[str]] = {}
    for f in SCOPE_FIELDS:
        scope[f] = list(dict.fromkeys(c for slot in slots.values() for c in slot[f]))
    return scope, list(in_effect.values())


def family_state[D: FamilyDoc](docs: list[D]) -> tuple[D, NotificationState]:
    """The root and effective state of one family of documents (same base symbol): codes by
    :func:`effective_scope`, each date the latest document's that gives one. Sorts ``docs``
    in place (the root first, then by distribution)."""
    root = next((d for d in docs if d.kind == REGULAR), docs[0])
    docs.sort(key=lambda d: (d.pk != root.pk, d.distributed_on, d.pk))
    codes, in_effect = effective_scope(docs, root)
    hs: dict[str, None] = dict.fromkeys(codes["hs_codes"])
    ics: dict[str, None] = dict.fromkeys(codes["ics_codes"])
    keywords: dict[str, None] = dict.fromkeys(codes["keywords"])
    texts: list[str] = []
    dates: dict[str, date | None] = {
        "comment_deadline": None,
        "entry_into_force": None,
        "adoption_date": None,
    }
    for d in docs:
        for name in dates:
            value = getattr(d, name)
            if value is not None:
                dates[name] = value
    if not hs:
        for d in in_effect:
            hs.update(dict.fromkeys(predicted_codes(d.hs_headings)))
    if not ics:
        for d in in_effect:
            ics.update(dict.fromkeys(predicted_codes(d.ics_predicted)))
    # the text of the version in effect: the latest revision, else the notification
    version: FamilyDoc = next((d for d in reversed(in_effect) if d.kind == REVISION), root)
    for field_name in ("title_zh", "products_text", "title"):
        value = getattr(version, field_name, "") or getattr(root, field_name, "")
        if value:
            texts.append(value)
    cited: dict[str, str] = {}
    for d in in_effect:
        for field_name in CITING_FIELDS:
            for key, canonical in cited_designations(str(getattr(d, field_name, "") or "")).items():
                cited.setdefault(key, canonical)
    return root, NotificationState(
        root_id=root.pk,
        member=root.member_code,
        hs_codes=tuple(hs),
        ics_codes=tuple(ics),
        keywords=tuple(keywords),
        text="\n".join(texts)[:4000],
        comment_deadline=dates["comment_deadline"],
        entry_into_force=dates["entry_into_force"],
        adoption_date=dates["adoption_date"],
        cited=tuple(cited.items()),
    )
