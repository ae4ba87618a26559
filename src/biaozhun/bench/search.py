"""``biaozhun bench search``: latency of the catalogue search service over the catalogue in
the configured database (load it with ``biaozhun setup``: ISO + IEC + examples, ~89,000
standards). A fixed mixed query set — one- and two-character Chinese, English words, messy
designations, filters — is run ``ROUNDS`` times after one warm-up round; each sample is one
``search_standards`` call (first page of 20 with the total count and the facet counts).
Wall-clock and thread-CPU percentiles are both reported, with the machine's load average."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from biaozhun.bench import benchmark, percentiles

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
ROUNDS = 5


@benchmark("search")
def run() -> dict[str, Any]:
    from biaozhun.catalogue.models import Standard
    from biaozhun.catalogue.selectors import SearchFilters, search_standards

    size = Standard.objects.count()
    if size == 0:
        print("the catalogue is empty: run `biaozhun setup` first", file=sys.stderr)
    for query, filters in QUERIES:  # warm-up: caches, prepared statements
        search_standards(query, SearchFilters(**filters))
    load_before = os.getloadavg()[0]
    samples: list[float] = []
    cpu_samples: list[float] = []
    slowest: dict[str, float] = {}
    for _ in range(ROUNDS):
        for query, filters in QUERIES:
            started, cpu_started = time.perf_counter(), time.thread_time()
            search_standards(query, SearchFilters(**filters))
            elapsed = (time.perf_counter() - started) * 1000
            cpu_samples.append((time.thread_time() - cpu_started) * 1000)
            samples.append(elapsed)
            label = f"{query} {filters}".strip()
            slowest[label] = max(slowest.get(label, 0.0), elapsed)
    top = sorted(slowest.items(), key=lambda item: -item[1])[:3]
    cpu = percentiles(cpu_samples)
    return {
        "standards": size,
        "queries": len(QUERIES),
        "samples": len(samples),
        **percentiles(samples),
        # CPU time of the searching thread (SQLite runs in it): what the search costs
        # without the waits for a CPU that a loaded machine adds to the wall-clock figures
        "cpu_p50_ms": cpu.get("p50_ms"),
        "cpu_p95_ms": cpu.get("p95_ms"),
        "load_average": round(max(load_before, os.getloadavg()[0]), 2),
        "slowest": {label: round(ms, 3) for label, ms in top},
    }
