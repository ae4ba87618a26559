"""The classifier ``core.classify`` had until 2026-12, kept only as the measured baseline of
``biaozhun bench classification``: a multinomial naive Bayes model over ICS groups with a
hand-written stemmer and a small lexicon of French / Spanish / Chinese product words mapped to
English (:mod:`.classification_nb_lexicon`). Not used by the platform.
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
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from biaozhun.bench.classification_nb_lexicon import FOREIGN_WORDS
from biaozhun.core import codes
from biaozhun.core.classify.text import stopwords

__all__ = ["NaiveBayes", "StandardTitle", "build_ics_model", "standards_titles", "tokens"]

# ------------------------------------------------------------------------------- tokenising

_STOP = stopwords()
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
    # a heavy or optional dependency: loaded on first use
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
