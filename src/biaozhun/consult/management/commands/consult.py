"""``biaozhun consult ...``: the consultation station from the command line.

biaozhun consult reminders [--date 2026-03-02] [--schedule]
biaozhun consult briefings [--date 2026-04-01] [--schedule]
biaozhun consult briefing --kind industry --key new-energy --period month --at 2026-03 [--pdf out.pdf]
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from biaozhun.common.errors import DomainError
from biaozhun.consult import tasks
from biaozhun.consult.briefings.documents import briefing_pdf
from biaozhun.consult.briefings.selectors import compute_briefing, parse_period, period_of
from biaozhun.consult.briefings.services import publish_monthly_briefings
from biaozhun.consult.importers import import_regulations
from biaozhun.consult.reminders.services import send_deadline_reminders
from biaozhun.consult.station import today


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期无效 invalid date: {text}") from exc


class Command(BaseCommand):
    help = "WTO/TBT 咨询站 consultation station: reminders, briefings"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        r = sub.add_parser("reminders", help="send the comment deadline reminders due today")
        r.add_argument("--date", help="pretend today is this ISO date")
        r.add_argument("--schedule", action="store_true", help="start the daily task chain")
        b = sub.add_parser("briefings", help="push last month's briefings to subscribers")
        b.add_argument("--date", help="pretend today is this ISO date")
        b.add_argument("--schedule", action="store_true", help="start the monthly task chain")
        one = sub.add_parser("briefing", help="compute one briefing (JSON, or PDF with --pdf)")
        one.add_argument("--kind", default="all")
        one.add_argument("--key", default="")
        one.add_argument("--period", default="month")
        one.add_argument("--at", default="")
        one.add_argument("--pdf", help="write the PDF here")
        imp = sub.add_parser("import-regulations", help="import regulations from Excel or CSV")
        imp.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "reminders":
                count = send_deadline_reminders(_date(options["date"]))
                self.stdout.write(f"提醒 reminders: {count}")
                if options["schedule"]:
                    tasks.schedule("consult-reminders", tasks.next_morning(timezone.now()))
            elif action == "briefings":
                count = publish_monthly_briefings(_date(options["date"]))
                self.stdout.write(f"简报 briefings pushed: {count}")
                if options["schedule"]:
                    tasks.schedule("consult-briefings", tasks.next_month_start(timezone.now()))
            elif action == "import-regulations":
                path = Path(options["path"])
                if not path.exists():
                    raise CommandError(f"文件不存在 no such file: {path}")
                report = import_regulations(None, path, path.name)
                self.stdout.write(
                    f"共 rows {report.total}, 新增 created {report.created}, "
                    f"更新 updated {report.updated}, 错误 errors {len(report.errors)}"
                )
                for e in report.errors:
                    self.stdout.write(
                        f"  第 {e.line} 行 line {e.line}: {e.message_zh} {e.message_en}"
                    )
            else:
                p = (
                    parse_period(options["period"], options["at"])
                    if options["at"]
                    else period_of(options["period"], today())
                )
                data = compute_briefing(options["kind"], options["key"], p, today())
                if options["pdf"]:
                    Path(options["pdf"]).write_bytes(briefing_pdf(data))
                    self.stdout.write(f"PDF: {options['pdf']}")
                else:
                    self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        except DomainError as exc:
            raise CommandError(f"{exc.message_zh} {exc.message_en}") from exc
