"""A file cache of sentence vectors keyed by a hash of (kind, text), so that training and the
benchmark embed each text once (embedding 64,000 titles takes minutes on 2 cores).

The cache lives under ``var/classify/`` (``BIAOZHUN_VAR_DIR`` when set); rows are float16.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from biaozhun.core import codes, embedding

Vectors = npt.NDArray[np.float32]


def var_dir() -> Path:
    env = os.environ.get("BIAOZHUN_VAR_DIR")
    base = Path(env) if env else codes.default_data_dir().parent / "var"
    path = base / "classify"
    path.mkdir(parents=True, exist_ok=True)
    return path


def key(text: str, kind: str) -> bytes:
    return hashlib.blake2b(f"{kind}\0{text}".encode(), digest_size=12).digest()


class EmbeddingCache:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or var_dir() / "embeddings-e5small.npz"
        self.rows: dict[bytes, npt.NDArray[np.float16]] = {}
        if self.path.exists():
            data = np.load(self.path)
            for k, v in zip(data["keys"], data["vecs"], strict=True):
                self.rows[bytes(k)] = v

    def save(self) -> None:
        if not self.rows:
            return
        keys = np.array(list(self.rows), dtype="S12")
        vecs = np.stack(list(self.rows.values())).astype(np.float16)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vecs=vecs)
        tmp.replace(self.path)

    def get(
        self, texts: Sequence[str], kind: embedding.Kind = "passage", progress: bool = False
    ) -> Vectors:
        """Vectors for ``texts`` (embedding and storing those not cached yet)."""
        keys = [key(t, kind) for t in texts]
        # shortest first: a batch is padded to its longest text
        missing = sorted(
            {i for i, k in enumerate(keys) if k not in self.rows}, key=lambda i: len(texts[i])
        )
        batch = 128
        started = time.monotonic()
        for n, start in enumerate(range(0, len(missing), batch)):
            idx = missing[start : start + batch]
            vecs = embedding.embed([texts[i] for i in idx], kind)
            for i, v in zip(idx, vecs, strict=True):
                self.rows[keys[i]] = v.astype(np.float16)
            done = min(start + batch, len(missing))
            if progress:
                rate = done / max(time.monotonic() - started, 1e-6)
                print(
                    f"\rembedding {done}/{len(missing)} ({rate:.0f}/s, "
                    f"{(len(missing) - done) / max(rate, 1e-6) / 60:.1f} min left)",
                    end="",
                    file=sys.stderr,
                )
            if n % 8 == 7:
                self.save()
        if missing:
            self.save()
            if progress:
                print(file=sys.stderr)
        if not texts:
            return np.zeros((0, embedding.DIM), dtype=np.float32)
        return np.stack([self.rows[k] for k in keys]).astype(np.float32)
