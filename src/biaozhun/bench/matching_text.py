"""``biaozhun bench matching-text``: how well text similarity across languages tells which
products a notification concerns, and what it costs; the measurement behind
:data:`biaozhun.core.matching.TEXT_THRESHOLD`.

Labelled set (everything in ``data/``, nothing hand-picked):

* **products**: the Chinese names of the HS 2022 headings in ``data/classify/hs_zh.csv``
  (265 headings that exist in HS 2022, e.g. 8507 蓄电池, 9405 灯具及照明装置), as an exporter
  would describe its product in Chinese;
* **notification texts**: for each of those headings, its English HS 2022 text and those of
  its first two 6-digit subheadings (``data/hs/harmonized-system.csv``; 777 texts), as a
  notification's "products covered" line names them (bare), and as a title wrapped in
  notification boilerplate (``Draft technical regulation: safety and labelling requirements
  for <text>``); matching embeds each part of a notification and keeps the best, so the
  figure that applies to a notification with both is ``title_and_products``;
* every (product, text) pair is labelled **same heading** (positive), **same chapter** (another
  heading of the chapter: related, counted apart) or **other chapter** (negative).

Both sides are embedded as e5 *queries* (symmetric similarity; measured better than
query/passage or passage/passage, see docs/benchmarks/matching.md). Per threshold: recall
(share of positive pairs at or above it), precision (positives among all pairs above it) and
precision counting same-chapter pairs as right, and false positives per product (pairs of
another chapter above it, per product: the alerts a product would wrongly get from 777
notifications). Then the cost: ``MatchIndex.match`` of a notification with two part vectors
against 10 000 and 100 000 described product lines (one matrix product).

Embedding about 1 800 texts takes 1-4 minutes on 2 shared cores.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np

from biaozhun.bench import benchmark, percentiles
from biaozhun.core import codes, embedding
from biaozhun.core.classify import names
from biaozhun.core.matching import MatchIndex, Notification, Product, Profile

THRESHOLDS = (0.82, 0.83, 0.84, 0.85, 0.86, 0.87, 0.88)
WRAP = "Draft technical regulation: safety and labelling requirements for {}"


def labelled_set() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(heading, Chinese product name) and (heading, English notification-like text)."""
    tree = codes.load_hs(codes.default_data_dir())
    zh = names.hs_names_zh()
    heads = [c for c in zh if len(c) == 4 and c in tree.nodes]
    products = [(c, zh[c]) for c in heads]
    texts: list[tuple[str, str]] = []
    for c in heads:
        texts.append((c, tree.nodes[c].description))
        subs = [k for k in tree.nodes if len(k) == 6 and k.startswith(c)]
        texts.extend((c, tree.nodes[k].description) for k in sorted(subs)[:2])
    return products, texts


def scores(sims: np.ndarray, prod: list[str], text: list[str]) -> dict[str, Any]:
    pc = np.array(prod)
    tc = np.array(text)
    same = pc[:, None] == tc[None, :]
    chapter = np.array([c[:2] for c in prod])[:, None] == np.array([c[:2] for c in text])[None, :]
    other = ~chapter
    related = chapter & ~same
    out: dict[str, Any] = {
        "mean_cosine_same_heading": round(float(sims[same].mean()), 3),
        "mean_cosine_same_chapter": round(float(sims[related].mean()), 3),
        "mean_cosine_other_chapter": round(float(sims[other].mean()), 3),
    }
    for t in THRESHOLDS:
        above = sims >= t
        tp = int((above & same).sum())
        rel = int((above & related).sum())
        fp = int((above & other).sum())
        total = max(1, tp + rel + fp)
        out[f"t{t:.2f}"] = {
            "recall": round(tp / int(same.sum()), 3),
            "precision": round(tp / total, 3),
            "precision_chapter": round((tp + rel) / total, 3),
            "false_per_product": round(fp / len(prod), 2),
        }
    return out


def _cost(n: int, rng: np.random.Generator) -> dict[str, float]:
    vecs = rng.standard_normal((n, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    idx = MatchIndex.build(
        Profile(i, (Product("9405", description=f"p{i}", vector=vecs[i]),), {"USA": None})
        for i in range(n)
    )
    idx.match(Notification("USA", vector=vecs[0]))  # builds the matrix
    samples = []
    for k in range(200):
        q = np.vstack([vecs[k] * 0.5 + vecs[k + 1] * 0.5, vecs[k + 2]])  # two parts
        q /= np.linalg.norm(q, axis=1, keepdims=True)
        started = time.perf_counter()
        idx.match(Notification("USA", ("8539",), vector=q))
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


@benchmark("matching-text")
def run() -> dict[str, Any]:
    figures: dict[str, Any] = {}
    rng = np.random.default_rng(7)
    for n in (10_000, 100_000):
        figures[f"match_ms_{n}_described_lines"] = _cost(n, rng)
    if not embedding.available():
        figures["quality"] = "embedding model unavailable: text similarity is off"
        return figures
    products, texts = labelled_set()
    figures["products"] = len(products)
    figures["texts"] = len(texts)
    started = time.monotonic()
    p = embedding.embed([t for _, t in products], "query")
    bare = embedding.embed([t for _, t in texts], "query")
    wrapped = embedding.embed([WRAP.format(t) for _, t in texts], "query")
    figures["embed_s"] = round(time.monotonic() - started, 1)
    print(f"matching-text: embedded in {figures['embed_s']} s", file=sys.stderr)
    prod = [c for c, _ in products]
    text = [c for c, _ in texts]
    figures["products_line_only"] = scores(p @ bare.T, prod, text)
    figures["title_only"] = scores(p @ wrapped.T, prod, text)
    # what matching does: one vector per part of the notification, the best part counts
    figures["title_and_products"] = scores(np.maximum(p @ bare.T, p @ wrapped.T), prod, text)
    return figures
