"""Benchmarks run by ``biaozhun bench [NAME] [--json]``.

A benchmark is a function registered with ``@benchmark("name")`` in a module of this package
(``biaozhun/bench/<name>.py``); it runs against the configured database, returns a dict of
named figures (``p95_ms``, ``per_second``, ...) and may print progress to stderr. Figures and
their meaning are documented in docs/benchmarks.md.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import statistics
from collections.abc import Callable
from typing import Any

from django.db import connection

Benchmark = Callable[[], dict[str, Any]]
BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    def register(function: Benchmark) -> Benchmark:
        BENCHMARKS[name] = function
        return function

    return register


def discover() -> dict[str, Benchmark]:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return dict(sorted(BENCHMARKS.items()))


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """p50 / p95 / p99 / max of timings in milliseconds, rounded to 3 decimals."""
    ordered = sorted(samples_ms)
    if not ordered:
        return {}
    cuts = (
        statistics.quantiles(ordered, n=100, method="inclusive")
        if len(ordered) > 1
        else [ordered[0]] * 99
    )
    return {
        "p50_ms": round(cuts[49], 3),
        "p95_ms": round(cuts[94], 3),
        "p99_ms": round(cuts[98], 3),
        "max_ms": round(ordered[-1], 3),
    }


def database_cpu_ms() -> float | None:
    """CPU time (ms) this connection's PostgreSQL server process has used so far, read from
    ``/proc`` when the server runs on this machine; None for SQLite (its queries run in this
    process: the process CPU time includes them) or when the server is elsewhere. On a shared
    machine the wall time of a query includes waiting for a core; this does not."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime: fields 14 and 15 of proc(5), counted after the command name
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
