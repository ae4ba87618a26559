"""``biaozhun tbt import FORMAT PATH [--example] [--json]``: import WTO notifications
(FORMAT: eping-xlsx, eping-json) and print the report; bad rows with their line and reason.
``biaozhun tbt reclassify [--since DATE]``: run the classifier again over the notifications
(staff corrections still win), e.g. after the classifier or its data changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from biaozhun.common.errors import DomainError


class Command(BaseCommand):
    help = "WTO notifications 通报: import FORMAT PATH"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import eping-xlsx | eping-json files")
        imp.add_argument("format", choices=["eping-xlsx", "eping-json"])
        imp.add_argument("path")
        imp.add_argument("--example", action="store_true", help="mark the rows as examples")
        imp.add_argument("--json", action="store_true", help="print the report as JSON")
        rec = sub.add_parser("reclassify", help="classify the notifications again")
        rec.add_argument("--since", help="only those distributed on or after (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reclassify":
            self._reclassify(options.get("since"))
            return
        # loaded when the command runs, so `biaozhun --help` stays fast
        from biaozhun.tbt.importers import import_file

        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"文件不存在 / no such file: {path}")
        try:
            report = import_file(
                None, options["format"], path, path.name, is_example=options["example"]
            )
        except DomainError as exc:
            raise CommandError(f"{exc.message_zh} / {exc.message_en}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(
                f"读取 read {report.total}, 新建 created {report.created}, 更新 updated "
                f"{report.updated}, 未变 unchanged {report.unchanged}, 错误 errors "
                f"{len(report.errors)}"
            )
            for e in report.errors:
                self.stdout.write(
                    f"  第 {e.line} 行 line {e.line} [{e.field}] {e.message_zh} / {e.message_en}"
                )
        if report.errors:
            raise CommandError(f"{len(report.errors)} 行被拒绝 / rows refused", returncode=2)

    def _reclassify(self, since: str | None) -> None:
        # loaded when the command runs, so `biaozhun --help` stays fast
        from datetime import date

        from biaozhun.tbt.models import Notification
        from biaozhun.tbt.services import reclassify

        qs = Notification.objects.order_by("pk")
        if since:
            try:
                qs = qs.filter(distributed_on__gte=date.fromisoformat(since))
            except ValueError as exc:
                raise CommandError(f"日期无效 / invalid date: {since}") from exc
        changed = 0
        total = 0
        for n in qs.iterator():
            total += 1
            if reclassify(None, n):
                changed += 1
        self.stdout.write(f"重新分类 reclassified {total}, 有变化 changed {changed}")
