"""``biaozhun bench [NAME ...] [--json]``: run benchmarks and print their figures.
``biaozhun bench --compare A.json B.json``: the figures of two ``--json`` runs side by side (a
Markdown table; ``scripts/bench-both.sh`` runs every benchmark on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from biaozhun.bench import discover


class Command(BaseCommand):
    help = "Run the benchmarks (all, or those named) and print their figures."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("names", nargs="*")
        parser.add_argument("--json", action="store_true", help="one JSON object of figures")
        parser.add_argument("--list", action="store_true")
        parser.add_argument(
            "--compare",
            nargs=2,
            metavar=("A", "B"),
            help="print the figures of two --json files side by side (Markdown)",
        )
        parser.add_argument(
            "--labels", nargs=2, default=("A", "B"), help="the column titles of --compare"
        )

    def handle(self, *args: Any, names: list[str], **options: Any) -> None:
        if options["compare"]:
            self.stdout.write(compare(*options["compare"], labels=options["labels"]))
            return
        available = discover()
        if options["list"]:
            for name in available:
                self.stdout.write(name)
            return
        unknown = [name for name in names if name not in available]
        if unknown:
            raise CommandError(f"unknown benchmark(s) {unknown}; available: {sorted(available)}")
        results: dict[str, Any] = {}
        for name in names or list(available):
            started = time.monotonic()
            figures = available[name]()
            figures.setdefault("wall_s", round(time.monotonic() - started, 2))
            results[name] = figures
            if not options["json"]:
                self.stdout.write(f"{name}:")
                for key, value in figures.items():
                    self.stdout.write(f"  {key}: {value}")
        if options["json"]:
            only = results[names[0]] if len(names) == 1 else results
            self.stdout.write(json.dumps(only, ensure_ascii=False))


def _by_benchmark(path: str) -> dict[str, dict[str, Any]]:
    """A ``--json`` file as {benchmark: figures} (one benchmark's run is its figures alone)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"无法读取 / cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise CommandError(f"{path}: 不是基准结果 / not a benchmark result")
    if data and all(isinstance(value, dict) for value in data.values()):
        return data
    # one benchmark's figures: under one name for both files, so that they line up
    return {"": data}


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 100 else f"{value:g}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)[:120].replace("|", "/")
    return str(value).replace("|", "/")


def compare(first: str, second: str, *, labels: tuple[str, str] = ("A", "B")) -> str:
    """Every figure of two runs, one row each: | benchmark | figure | A | B |."""
    left, right = _by_benchmark(first), _by_benchmark(second)
    lines = [f"| benchmark | figure | {labels[0]} | {labels[1]} |", "|---|---|---|---|"]
    for name in list(dict.fromkeys([*left, *right])):
        a, b = left.get(name, {}), right.get(name, {})
        for figure in list(dict.fromkeys([*a, *b])):
            lines.append(
                f"| {f'`{name}`' if name else ''} | {figure} | {_cell(a.get(figure))} "
                f"| {_cell(b.get(figure))} |"
            )
    return "\n".join(lines)
