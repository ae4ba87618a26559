"""``biaozhun bench search``: latency of the catalogue search service over the catalogue in
the configured database (load it with ``biaozhun setup``: ISO + IEC + examples, ~89,000
standards). A fixed mixed query set — one- and two-character Chinese, English words, messy
designations, filters — and a set of Chinese queries for English-titled standards
(cross-lingual, searched by words and title vectors) are run ``ROUNDS`` times after one
warm-up round; each sample is one ``search_standards`` call (first page of 20 with the total
count and the facet counts), the query's embedding included (query vectors are never cached).

Vectors: the latest finished build (``biaozhun catalogue vectors build``). With
``BIAOZHUN_BENCH_VECTOR_ROWS=N`` (default 100000; 0 to use the build as it is) the in-memory
index is made N rows long: the stored vectors, then copies of them with noise assigned to the
catalogue's standards in turn, so the vector part costs what N standards cost (the full-text
part runs on the real catalogue). Wall-clock and CPU percentiles (the whole process: the model
runs its own threads) are both reported, with the machine's load average."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from biaozhun.bench import benchmark, database_cpu_ms, percentiles

QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("灯", {}),
    ("电池", {}),
    ("锂离子电池", {}),
    ("标准化", {}),
    ("食品", {"status": "current"}),
    ("quality", {}),
    ("quality management", {}),
    ("steel", {}),
    ("information technology", {}),
    ("safety", {"level": "international"}),
    ("electric vehicle", {}),
    ("lamp", {"ics": "29.140"}),
    ("water", {"status": "current"}),
    ("gbt1.1", {}),
    ("iso9001", {}),
    ("ISO 9001:2015", {}),
    ("iec60598-1", {}),
    ("ｇｂ／ｔ　１９００１—２０１６", {}),
    ("iso/iec 27001", {}),
    ("GB 2762", {}),
    ("60335", {}),
    ("", {"level": "international", "status": "current"}),
    ("", {"ics": "29.140.40"}),
    ("cispr32", {}),
]
# Chinese queries for English-titled standards (issue 14 §2)
CROSS_LINGUAL: list[tuple[str, dict[str, Any]]] = [
    ("电缆", {}),
    ("灯具", {}),
    ("玩具安全", {}),
    ("家用电器安全", {}),
    ("塑料管道", {}),
    ("信息安全技术", {}),
    ("医疗器械", {}),
    ("食品包装材料", {}),
    ("汽车轮胎", {}),
    ("电动汽车充电", {"status": "current"}),
    ("电磁兼容", {}),
    ("太阳能光伏组件", {}),
    ("纺织品色牢度", {}),
    ("钢管", {"level": "international"}),
    ("水质检测", {}),
    ("轴承", {}),
]
ROUNDS = 5


def _pin_synthetic_index(rows: int) -> dict[str, Any]:
    """Pin an index of ``rows`` rows: the stored vectors, padded with noisy copies."""
    # a heavy or optional dependency: loaded on first use
    import numpy as np

    from biaozhun.catalogue import vectors
    from biaozhun.catalogue.models import Standard

    build = vectors.latest_finished_build()
    started = time.perf_counter()
    real = vectors.load_index(build.pk if build else 0)
    load_s = time.perf_counter() - started
    ids = np.asarray(Standard.objects.order_by("id").values_list("id", flat=True), np.int64)
    n_real = len(real.ids)
    if n_real == 0 or rows <= n_real:
        vectors.pin_index(real)
        return {"vector_rows": n_real, "vectors_real": n_real, "index_load_s": round(load_s, 2)}
    rng = np.random.default_rng(14)
    missing = np.setdiff1d(ids, real.ids)
    extra_ids = np.resize(np.concatenate([missing, ids]), rows - n_real)
    source = real.matrix[rng.integers(0, n_real, rows - n_real)]
    noise = rng.normal(0, 0.01, source.shape).astype(np.float32)
    matrix = np.vstack([real.matrix, source + noise]).astype(np.float32)
    index = vectors.VectorIndex(-1, np.concatenate([real.ids, extra_ids]), matrix)
    vectors.pin_index(index)
    return {
        "vector_rows": rows,
        "vectors_real": n_real,
        "index_load_s": round(load_s, 2),
        "index_mb": round(index.nbytes / 2**20, 1),
    }


def _time(
    cases: list[tuple[str, dict[str, Any]]], rounds: int
) -> tuple[list[float], list[float], dict[str, float], set[str]]:
    # a benchmark's dependencies load only when it runs
    from biaozhun.catalogue.search import SearchFilters, search_standards

    samples: list[float] = []
    cpu_samples: list[float] = []
    slowest: dict[str, float] = {}
    modes: set[str] = set()
    for _ in range(rounds):
        for query, filters in cases:
            started, cpu_started = time.perf_counter(), time.process_time()
            result = search_standards(query, SearchFilters(**filters))
            elapsed = (time.perf_counter() - started) * 1000
            cpu_samples.append((time.process_time() - cpu_started) * 1000)
            samples.append(elapsed)
            modes.add(result.semantic)
            label = f"{query} {filters}".strip()
            slowest[label] = max(slowest.get(label, 0.0), elapsed)
    return samples, cpu_samples, slowest, modes


@benchmark("search")
def run() -> dict[str, Any]:
    # a benchmark's dependencies load only when it runs
    from biaozhun.catalogue import vectors
    from biaozhun.catalogue.models import Standard
    from biaozhun.catalogue.search import SearchFilters, search_standards
    from biaozhun.core import embedding

    size = Standard.objects.count()
    if size == 0:
        print("the catalogue is empty: run `biaozhun setup` first", file=sys.stderr)
    figures: dict[str, Any] = {"standards": size}
    target = int(os.environ.get("BIAOZHUN_BENCH_VECTOR_ROWS", "100000"))
    if embedding.available() and target:
        figures.update(_pin_synthetic_index(target))
    elif vectors.current_index() is not None:
        index = vectors.current_index()
        assert index is not None
        figures.update(vector_rows=len(index.ids), index_mb=round(index.nbytes / 2**20, 1))
    try:
        embed_ms = []
        for query, _ in CROSS_LINGUAL:
            started = time.perf_counter()
            if embedding.available():
                embedding.embed_one(query + " 测")  # not the benchmark's own query text
            embed_ms.append((time.perf_counter() - started) * 1000)
        for query, filters in QUERIES + CROSS_LINGUAL:  # warm-up: caches, prepared statements
            search_standards(query, SearchFilters(**filters))
        load_before = os.getloadavg()[0]
        db_before = database_cpu_ms()
        samples, cpu_samples, slowest, modes = _time(QUERIES, ROUNDS)
        cross, cross_cpu, cross_slowest, cross_modes = _time(CROSS_LINGUAL, ROUNDS)
        db_after = database_cpu_ms()
    finally:
        vectors.reset_index()
    everything = samples + cross
    top = sorted({**slowest, **cross_slowest}.items(), key=lambda item: -item[1])[:3]
    cpu = percentiles(cpu_samples + cross_cpu)
    return {
        **figures,
        "queries": len(QUERIES) + len(CROSS_LINGUAL),
        "samples": len(everything),
        **percentiles(everything),
        # CPU time of the process (SQLite runs in the calling thread, the model in its own):
        # what the search costs without the waits for a CPU that a loaded machine adds
        "cpu_p50_ms": cpu.get("p50_ms"),
        "cpu_p95_ms": cpu.get("p95_ms"),
        # PostgreSQL only: the server process's CPU per search, on average (the process CPU
        # above does not include it; SQLite's queries run in the process and are included)
        "db_cpu_mean_ms": (
            round((db_after - db_before) / len(everything), 2)
            if db_before is not None and db_after is not None
            else None
        ),
        "mixed_p95_ms": percentiles(samples).get("p95_ms"),
        "mixed_modes": sorted(modes),
        "cross_lingual_p50_ms": percentiles(cross).get("p50_ms"),
        "cross_lingual_p95_ms": percentiles(cross).get("p95_ms"),
        "cross_lingual_cpu_p95_ms": percentiles(cross_cpu).get("p95_ms"),
        "cross_lingual_modes": sorted(cross_modes),
        "query_embedding_p50_ms": percentiles(embed_ms).get("p50_ms"),
        "load_average": round(max(load_before, os.getloadavg()[0]), 2),
        "slowest": {label: round(ms, 3) for label, ms in top},
    }
