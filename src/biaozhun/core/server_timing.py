"""The ``Server-Timing`` header's text (written by ``biaozhun.web.timing``, read by the load
benchmark's locust scenarios): durations in milliseconds and the number of SQL statements."""

from __future__ import annotations


def header(
    *, wait: float, page: float, cpu: float, process: float, gc: float, db: float, queries: int
) -> str:
    """The header's text, durations (given in seconds) in milliseconds."""
    return (
        f"wait;dur={wait * 1000:.1f}, page;dur={page * 1000:.1f}, cpu;dur={cpu * 1000:.1f}, "
        f"process;dur={process * 1000:.1f}, gc;dur={gc * 1000:.1f}, db;dur={db * 1000:.1f}, "
        f'queries;desc="{queries}"'
    )


def parse(value: str | None) -> dict[str, float]:
    """``{"wait": 0.4, "page": 18.2, "cpu": 16.9, "db": 2.1, "queries": 7.0}`` from a header
    (what of it can be read; nothing from a missing or foreign one)."""
    figures: dict[str, float] = {}
    for metric in (value or "").split(","):
        name, _, rest = metric.strip().partition(";")
        for part in rest.split(";"):
            key, _, raw = part.strip().partition("=")
            if key in ("dur", "desc"):
                try:
                    figures[name] = float(raw.strip('"'))
                except ValueError:
                    continue
    return figures
