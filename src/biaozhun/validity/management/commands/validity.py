"""``biaozhun validity check FILE [--json | --xlsx OUT | --pdf OUT]``: 标准查新 from the command
line. FILE is .xlsx, .csv, .tsv or .txt (``-`` reads text from stdin). Nothing is stored."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from biaozhun.common.errors import DomainError
from biaozhun.core.validity import OUTCOME_LABELS, OUTCOMES
from biaozhun.validity.reading import lines_from_text, lines_from_upload
from biaozhun.validity.reports import ReportMeta, pdf_report, xlsx_report
from biaozhun.validity.services import check_designations


class Command(BaseCommand):
    help = "标准查新 validity check: check FILE [--json | --xlsx OUT | --pdf OUT]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "check",
            help="check each line of FILE (.xlsx/.csv/.tsv/.txt, - for stdin) against the catalogue",
        )
        check.add_argument("file")
        output = check.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="print the results as JSON")
        output.add_argument("--xlsx", metavar="OUT", help="write the Excel report to OUT")
        output.add_argument("--pdf", metavar="OUT", help="write the PDF report to OUT")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            if path == "-":
                lines = lines_from_text(sys.stdin.read())
            else:
                source = Path(path)
                if not source.is_file():
                    raise CommandError(f"文件不存在 / no such file: {path}")
                lines = lines_from_upload(source.read_bytes(), source.name)
        except DomainError as exc:
            raise CommandError(f"{exc.message_zh} / {exc.message_en}") from exc
        run = check_designations(lines)
        rows = run.as_dicts()
        meta = ReportMeta(
            source_name=path,
            catalogue_date=run.catalogue_date,
            created_at=timezone.localtime(),
            counts=run.counts,
        )
        if options["json"]:
            payload = {
                "source": path,
                "catalogue_date": run.catalogue_date.isoformat() if run.catalogue_date else None,
                "counts": run.counts,
                "duration_ms": run.duration_ms,
                "results": rows,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
            return
        if options["xlsx"] or options["pdf"]:
            out = Path(options["xlsx"] or options["pdf"])
            data = xlsx_report(rows, meta) if options["xlsx"] else pdf_report(rows, meta)
            out.write_bytes(data)
            self.stdout.write(f"{out} ({len(data)} bytes, {len(rows)} lines)")
        else:
            for row in rows:
                self.stdout.write(
                    f"{row['line']:>5}  {row['outcome']:<10} {row['input'][:40]:<40} "
                    f"{row['message_zh']} / {row['message_en']}"
                )
        self.stdout.write(
            f"目录日期 catalogue date: {meta.catalogue_date_text}; "
            + ", ".join(
                f"{OUTCOME_LABELS[o][0]} {o}: {run.counts[o]}" for o in OUTCOMES if run.counts[o]
            )
        )
