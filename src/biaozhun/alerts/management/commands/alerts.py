"""``biaozhun alerts rematch [--since DATE]`` and ``biaozhun alerts refresh-risks``."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from biaozhun.alerts import desk, matching


class Command(BaseCommand):
    help = (
        "预警 alerts: rematch notifications against the export profiles; refresh risk levels "
        "as deadlines approach (run daily)."
    )

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rematch = sub.add_parser("rematch", help="match every notification family again")
        rematch.add_argument("--since", help="only notifications distributed on/after YYYY-MM-DD")
        sub.add_parser("refresh-risks", help="recompute risk levels and internal deadlines")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "rematch":
            since = None
            if options.get("since"):
                try:
                    since = date.fromisoformat(options["since"])
                except ValueError as exc:
                    raise CommandError(
                        f"--since 日期无效 / invalid date: {options['since']!r} (YYYY-MM-DD)"
                    ) from exc
            self.stdout.write(json.dumps(matching.rematch_all(since)))
        else:
            self.stdout.write(json.dumps({"changed": desk.refresh_risks()}))
