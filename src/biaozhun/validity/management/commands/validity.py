"""``biaozhun validity check FILE [--json | --xlsx OUT | --pdf OUT]``: 标准查新 from the command
line. FILE is .xlsx, .csv, .tsv or .txt (``-`` reads text from stdin). Nothing is stored.

The command starts in about a second (docs/benchmarks/validity.md): it skips Django's system
checks (they import every URL module and API schema, a third of the start, and this command
serves no request), the report libraries load only with ``--xlsx`` / ``--pdf``, and the plain
listing is written from the results without building the stored result dicts."""

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
from biaozhun.validity.services import check_designations


class Command(BaseCommand):
    help = "标准查新 validity check: check FILE [--json | --xlsx OUT | --pdf OUT]"
    # no system checks: they load every URL module and API schema (about 0.5 s of CPU), and
    # this command serves no request; `biaozhun check` and every server start still run them
    requires_system_checks: list[str] = []

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
        # one list, then the process ends: read only the rows it needs (lookup.py)
        run = check_designations(lines, keep_catalogue=False)
        if options["json"]:
            payload = {
                "source": path,
                "catalogue_date": run.catalogue_date.isoformat() if run.catalogue_date else None,
                "counts": run.counts,
                "duration_ms": run.duration_ms,
                "results": run.as_dicts(),
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
            return
        catalogue_date = run.catalogue_date
        if options["xlsx"] or options["pdf"]:
            # the report libraries (openpyxl, WeasyPrint) load only when a report is written
            from biaozhun.validity.reports import ReportMeta, pdf_report, xlsx_report

            meta = ReportMeta(
                source_name=path,
                catalogue_date=catalogue_date,
                created_at=timezone.localtime(),
                counts=run.counts,
            )
            rows = run.as_dicts()
            out = Path(options["xlsx"] or options["pdf"])
            data = xlsx_report(rows, meta) if options["xlsx"] else pdf_report(rows, meta)
            out.write_bytes(data)
            self.stdout.write(f"{out} ({len(data)} bytes, {len(rows)} lines)")
        else:
            write = self.stdout.write
            for result in run.results:
                write(
                    f"{result.line:>5}  {result.outcome:<10} {result.text[:40]:<40} "
                    f"{result.message_zh} / {result.message_en}"
                )
        self.stdout.write(
            "目录日期 catalogue date: "
            + (
                catalogue_date.isoformat()
                if catalogue_date
                else "未记录 / not recorded (no finished catalogue import)"
            )
            + "; "
            + ", ".join(
                f"{OUTCOME_LABELS[o][0]} {o}: {run.counts[o]}" for o in OUTCOMES if run.counts[o]
            )
        )
