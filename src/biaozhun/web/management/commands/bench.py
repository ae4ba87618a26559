"""``biaozhun bench [NAME ...] [--json]``: run benchmarks and print their figures."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from biaozhun.bench import discover


class Command(BaseCommand):
    help = "Run the benchmarks (all, or those named) and print their figures."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("names", nargs="*")
        parser.add_argument("--json", action="store_true", help="one JSON object of figures")
        parser.add_argument("--list", action="store_true")

    def handle(self, *args: Any, names: list[str], **options: Any) -> None:
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
