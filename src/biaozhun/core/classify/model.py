"""The trained parts of the classifier and how they are built, saved and loaded.

Learners (chosen by ``biaozhun bench classification``; see docs/benchmarks/classification.md):

* **text model**: TF-IDF over words (1-2 grams) and a linear SVM (fitted by SGD, hinge loss)
  over ICS groups, trained on the English and French titles of ISO/IEC standards
  and the ICS titles; its scores become probabilities by a softmax whose temperature is fitted
  on held-out standard families.
* **embedding memory** (nearest neighbours over multilingual-e5-small vectors, any language,
  Chinese included): titles of standards (at most ``per_group`` a group) and ICS titles give
  ICS groups; HS 2022 heading texts and the Chinese HS names give HS headings.
  Vectors are stored as int8 (a cosine is exact to about 1 %).
* **ensemble**: the text model weighs ``0.8 x`` (share of the text's words it knows) x (1 -
  share of Chinese characters); the memory the rest. HS headings come from the HS memory and,
  through the GTA ICS -> HS mapping, from the predicted ICS groups.

:func:`train` is deterministic (fixed seeds, sorted inputs); :func:`save` / :func:`load` write
two ``.npz`` files of arrays (no pickles), shipped in ``data/classify/`` and named by
:data:`VERSION`; each records the hash of the data it was trained on.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from . import corpus
from .corpus import Example
from .text import stopwords

VERSION = "2026.12.1"
PER_GROUP = 60
Array = npt.NDArray[Any]


def _softmax(x: Array, t: float) -> Array:
    z = x / max(t, 1e-6)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    out: Array = e / e.sum(axis=-1, keepdims=True)
    return out


@dataclass
class TextModel:
    """TF-IDF features and the linear SVM's weights (sparse: weights under ``PRUNE`` of a
    class's largest are dropped, stored as float16)."""

    vectorizer: Any
    weights: Any  # scipy.sparse CSR (classes, features), float32
    bias: Array
    groups: list[str]
    temperature: float = 0.3
    vocabulary: frozenset[str] = frozenset()

    def scores(self, texts: Sequence[str]) -> Array:
        x = self.vectorizer.transform(list(texts))
        d: Array = np.asarray((x @ self.weights.T).todense(), dtype=np.float32) + self.bias
        return d

    def proba(self, texts: Sequence[str]) -> Array:
        return _softmax(self.scores(texts), self.temperature)


PRUNE = 0.05


@dataclass
class Memory:
    """Nearest-neighbour memory: int8 vectors, a label per row, the row's text."""

    vecs: Array  # int8 (n, dim)
    labels: list[str]
    texts: list[str]
    temperature: float = 0.05
    k: int = 15

    @classmethod
    def from_float(cls, vecs: Array, labels: list[str], texts: list[str]) -> Memory:
        q = np.clip(np.rint(vecs * 127.0), -127, 127).astype(np.int8)
        return cls(q, labels, texts)

    def _scaled(self) -> Array:
        """The rows as float32 cosines' right-hand side (dim, n), made once per process: the
        int8 -> float32 conversion of ~15,000 rows cost more than the embedding per query."""
        cached: Array | None = getattr(self, "_scaled_t", None)
        if cached is None or cached.shape[1] != len(self.vecs):
            cached = np.ascontiguousarray(self.vecs.T, dtype=np.float32) / np.float32(127.0)
            self._scaled_t = cached
        return cached

    def search(self, q: Array, k: int | None = None) -> tuple[Array, Array]:
        """Top-k rows for query vectors ``q`` (n, dim): (indices, cosines)."""
        k = min(k or self.k, len(self.labels))
        sims = q @ self._scaled()
        idx = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(sims, idx, axis=1)
        order = np.argsort(-top, axis=1)
        return np.take_along_axis(idx, order, axis=1), np.take_along_axis(top, order, axis=1)

    def proba(self, q: Array, classes: list[str]) -> tuple[Array, Array, Array]:
        """Class probabilities from the k nearest rows (softmax-weighted votes)."""
        index = {c: i for i, c in enumerate(classes)}
        idx, sims = self.search(q)
        w = _softmax(sims, self.temperature)
        out = np.zeros((len(q), len(classes)), dtype=np.float32)
        for r in range(len(q)):
            for j in range(idx.shape[1]):
                c = index.get(self.labels[idx[r, j]])
                if c is not None:
                    out[r, c] += w[r, j]
        return out, idx, sims


@dataclass
class Artefact:
    version: str
    data_hash: str
    text: TextModel | None
    ics_memory: Memory | None
    hs_memory: Memory | None
    groups: list[str]
    headings: list[str]
    ics_to_hs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


# ------------------------------------------------------------------------------ training


def data_hash(examples: Sequence[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(f"{e.text}\t{e.lang}\t{','.join(e.ics)}\t{','.join(e.hs)}\n".encode())
    return h.hexdigest()[:16]


#: The text model's learner, chosen by measurement (docs/benchmarks/classification.md): a
#: linear SVM fitted by stochastic gradient descent (hinge loss, ``EPOCHS`` passes, one core).
#: LinearSVC (liblinear) reached about the same accuracy but did not finish in 8 CPU-minutes
#: on the shared cores; complement naive Bayes and nearest centroids train in seconds but
#: rank worse.
EPOCHS = 5
ALPHA = 1e-5


def _word_vectorizer(vocabulary: dict[str, int] | None = None) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer  # training only: heavy import

    return TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
        stop_words=sorted(stopwords()),
        token_pattern=r"(?u)\b[^\W\d_][^\W_]+\b",
        max_features=60_000,
        dtype=np.float32,
        vocabulary=vocabulary,
    )


def train_text(examples: Sequence[Example], groups: list[str], seed: int = 7) -> TextModel:
    """TF-IDF (words, 1-2 grams) + linear SVM (SGD, hinge loss) over the ICS groups of the
    English and French examples; weights under ``PRUNE`` of a class's largest dropped.
    Deterministic: sorted input, fixed seed, one job."""
    from scipy import sparse  # training only: heavy imports
    from sklearn.linear_model import SGDClassifier

    rows = [(e.text, e.ics[0]) for e in examples if e.lang in ("en", "fr") and e.ics]
    rows = [(t, g) for t, g in rows if len(g) == 6]
    vec = _word_vectorizer()
    x = vec.fit_transform([t for t, _ in rows])
    svm = SGDClassifier(
        loss="hinge", alpha=ALPHA, max_iter=EPOCHS, tol=None, random_state=seed, n_jobs=1
    )
    svm.fit(x, [g for _, g in rows])
    w = svm.coef_.astype(np.float32)
    cut = PRUNE * np.abs(w).max(axis=1, keepdims=True)
    w[np.abs(w) < cut] = 0.0
    vocab = frozenset(t for t in vec.vocabulary_ if " " not in t)
    return TextModel(
        vec,
        sparse.csr_matrix(w),
        svm.intercept_.astype(np.float32),
        [str(c) for c in svm.classes_],
        0.3,
        vocab,
    )


def memory_rows(
    examples: Sequence[Example], per_group: int = PER_GROUP, seed: int = 7
) -> list[Example]:
    """The ICS memory's rows: English ICS titles, Chinese field names, and English titles of
    standards of the *training* families (see :func:`corpus.split_of`), at most ``per_group``
    a group -- so the shipped memory holds no benchmark test family."""
    by_group: dict[str, list[Example]] = defaultdict(list)
    rows: list[Example] = []
    for e in examples:
        if e.kind == "ics" and e.lang != "fr":
            rows.append(e)
        elif (
            e.kind == "title" and e.lang == "en" and e.ics and corpus.split_of(e.family) == "train"
        ):
            by_group[e.ics[0]].append(e)
    rng = random.Random(seed)
    for g in sorted(by_group):
        items = by_group[g]
        rows.extend(items if len(items) <= per_group else rng.sample(items, per_group))
    return rows


def fit_temperature(scores: Array, truth: Sequence[set[int]], grid: Sequence[float]) -> float:
    """The softmax temperature that minimises the held-out negative log-likelihood."""
    best, best_t = float("inf"), grid[0]
    for t in grid:
        p = _softmax(scores, t)
        nll = -float(
            np.mean([np.log(max(float(p[i, list(s)].sum()), 1e-9)) for i, s in enumerate(truth)])
        )
        if nll < best:
            best, best_t = nll, t
    return best_t


def train(
    examples: Sequence[Example],
    embed: Any | None,
    *,
    hs_examples: Sequence[Example] = (),
    ics_to_hs: dict[str, tuple[str, ...]] | None = None,
    per_group: int = PER_GROUP,
    calibrate: Sequence[Example] = (),
    seed: int = 7,
    with_text: bool = True,
) -> Artefact:
    """Train every part. ``embed(texts, kind)`` gives vectors (None: no memories);
    ``calibrate`` are held-out examples the temperatures are fitted on."""
    groups = sorted({g for e in examples for g in e.ics if len(g) == 6})
    text = train_text(examples, groups, seed) if with_text else None
    ics_memory = hs_memory = None
    headings = sorted({h for e in hs_examples for h in e.hs})
    if embed is not None:
        rows = memory_rows(examples, per_group, seed)
        vecs = embed([e.text for e in rows], "passage")
        ics_memory = Memory.from_float(vecs, [e.ics[0] for e in rows], [e.text for e in rows])
        if hs_examples:
            hvecs = embed([e.text for e in hs_examples], "passage")
            hs_memory = Memory.from_float(
                hvecs, [e.hs[0] for e in hs_examples], [e.text for e in hs_examples]
            )
    cal = [e for e in calibrate if e.ics][:1500]
    if cal:
        truth_idx = {g: i for i, g in enumerate(groups)}
        if text is not None:
            tg = {g: i for i, g in enumerate(text.groups)}
            truth = [{tg[g] for g in e.ics if g in tg} or {0} for e in cal]
            text.temperature = fit_temperature(
                text.scores([e.text for e in cal]), truth, (0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.8)
            )
        if ics_memory is not None and embed is not None:
            q = embed([e.text for e in cal], "query")
            idx, sims = ics_memory.search(q)
            grid = (0.005, 0.0075, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12)
            best, best_t = float("inf"), grid[0]
            for t in grid:
                w = _softmax(sims, t)
                nll = 0.0
                for r, e in enumerate(cal):
                    hit = sum(
                        float(w[r, j])
                        for j in range(idx.shape[1])
                        if ics_memory.labels[idx[r, j]] in e.ics
                    )
                    nll -= float(np.log(max(hit, 1e-4)))
                if nll < best:
                    best, best_t = nll, t
            ics_memory.temperature = best_t
        del truth_idx
    return Artefact(
        VERSION,
        data_hash([*examples, *hs_examples]),
        text,
        ics_memory,
        hs_memory,
        groups,
        headings,
        dict(ics_to_hs or {}),
        {"per_group": per_group, "seed": seed, "examples": len(examples)},
    )


# --------------------------------------------------------------------------- persistence


def _mem_arrays(prefix: str, m: Memory | None) -> dict[str, Array]:
    if m is None:
        return {}
    return {
        f"{prefix}_vecs": m.vecs,
        f"{prefix}_labels": np.array(m.labels),
        f"{prefix}_texts": np.array(m.texts),
        f"{prefix}_temp": np.array([m.temperature]),
    }


def _mem_from(data: Any, prefix: str) -> Memory | None:
    if f"{prefix}_vecs" not in data:
        return None
    return Memory(
        data[f"{prefix}_vecs"],
        [str(x) for x in data[f"{prefix}_labels"]],
        [str(x) for x in data[f"{prefix}_texts"]],
        float(data[f"{prefix}_temp"][0]),
    )


def save_memory(a: Artefact, path: Path) -> None:
    """The embedding part (arrays only, no pickles): the file the repository ships."""
    meta = {
        "version": a.version,
        "data_hash": a.data_hash,
        "groups": a.groups,
        "headings": a.headings,
        "ics_to_hs": a.ics_to_hs,
        "meta": a.meta,
    }
    arrays: dict[str, Any] = {
        "meta": np.array(json.dumps(meta)),
        **_mem_arrays("ics", a.ics_memory),
        **_mem_arrays("hs", a.hs_memory),
    }
    np.savez_compressed(path, **arrays)


def load_memory(path: Path) -> Artefact:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        return Artefact(
            meta["version"],
            meta["data_hash"],
            None,
            _mem_from(data, "ics"),
            _mem_from(data, "hs"),
            list(meta["groups"]),
            list(meta["headings"]),
            {k: tuple(v) for k, v in meta["ics_to_hs"].items()},
            dict(meta["meta"]),
        )


def save_text(model: TextModel, path: Path, meta: dict[str, Any] | None = None) -> None:
    """The text model as arrays only (no pickles): terms, idf, the pruned weights (float16),
    biases, groups, temperature and ``meta`` (version, data hash, training time)."""
    vocab = model.vectorizer.vocabulary_
    terms = np.empty(len(vocab), dtype=object)
    for t, i in vocab.items():
        terms[i] = t
    w = model.weights.tocsr()
    np.savez_compressed(
        path,
        terms=np.array(terms.tolist(), dtype=str),
        idf=model.vectorizer.idf_.astype(np.float32),
        w_data=w.data.astype(np.float16),
        w_indices=w.indices.astype(np.int32),
        w_indptr=w.indptr.astype(np.int64),
        w_shape=np.array(w.shape),
        bias=model.bias.astype(np.float32),
        groups=np.array(model.groups),
        temperature=np.array([model.temperature]),
        meta=np.array(json.dumps(meta or {})),
    )


def load_text(path: Path) -> TextModel:
    from scipy import sparse  # loaded with the artefact, on first use (a slow import)

    with np.load(path, allow_pickle=False) as d:
        terms = [str(t) for t in d["terms"]]
        vec = _word_vectorizer({t: i for i, t in enumerate(terms)})
        vec._validate_vocabulary()
        vec.idf_ = d["idf"].astype(np.float64)
        shape = tuple(int(n) for n in d["w_shape"])
        w = sparse.csr_matrix(
            (d["w_data"].astype(np.float32), d["w_indices"], d["w_indptr"]), shape=shape
        )
        return TextModel(
            vec,
            w,
            d["bias"].astype(np.float32),
            [str(g) for g in d["groups"]],
            float(d["temperature"][0]),
            frozenset(t for t in terms if " " not in t),
        )


def text_meta(path: Path) -> dict[str, Any]:
    with np.load(path, allow_pickle=False) as d:
        meta: dict[str, Any] = json.loads(str(d["meta"]))
        return meta


def training_examples() -> tuple[list[Example], list[Example]]:
    """(standards' titles + ICS texts, HS texts) from ``data/``."""
    return [*corpus.standards(), *corpus.ics_texts()], corpus.hs_texts()
