"""``biaozhun programme targets [--json] [--detail] [--programme SLUG] [--as-of DATE]
[--district CODE]``: every target with its goal and its value computed from the registries.
``biaozhun programme remind [--today DATE]``: push reminders for late tasks.
``biaozhun programme load PATH``: create or update a programme and its targets from a JSON file
(the next programme is data: ``services.load_programme``)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from biaozhun.accounts.models import District
from biaozhun.common.errors import DomainError

from ...progress import target_progress
from ...selectors import current_programme
from ...services import load_programme, remind_late_tasks


class Command(BaseCommand):
    help = "规划目标 Programme targets: `programme targets [--json] [--detail]`"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        targets = sub.add_parser("targets", help="every target with goal and current value")
        targets.add_argument("--json", action="store_true", help="print JSON")
        targets.add_argument(
            "--detail", action="store_true", help="per-year and per-district splits"
        )
        targets.add_argument("--programme", default="", help="programme slug (default: the latest)")
        targets.add_argument("--as-of", default="", help="compute as of this date (YYYY-MM-DD)")
        targets.add_argument("--district", default="", help="only this district (code or name)")
        load = sub.add_parser("load", help="load a programme and its targets from a JSON file")
        load.add_argument("path", help="the JSON file (see docs/programme.md)")
        remind = sub.add_parser("remind", help="push reminders for late leadership-group tasks")
        remind.add_argument("--today", default="", help="the day to compute lateness for")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            self._remind(options["today"])
            return
        if options["action"] == "load":
            self._load(options["path"])
            return
        try:
            programme = current_programme(options["programme"])
        except DomainError as exc:
            raise CommandError(f"{exc.message_zh} / {exc.message_en}") from exc
        try:
            as_of = (
                date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError(f"日期无效 / invalid date: {options['as_of']}") from exc
        district_id = None
        if options["district"]:
            district = (
                District.objects.filter(code=options["district"]).first()
                or District.objects.filter(name_zh=options["district"]).first()
            )
            if district is None:
                raise CommandError(f"未知地区 / unknown district: {options['district']}")
            district_id = district.pk
        detail = options["detail"]
        progress = [
            target_progress(t, as_of=as_of, district_id=district_id, detail=detail)
            for t in programme.targets.select_related("programme")
        ]
        if options["json"]:
            payload = {
                "programme": programme.slug,
                "name_zh": programme.name_zh,
                "name_en": programme.name_en,
                "period": [programme.start_year, programme.end_year],
                "as_of": as_of.isoformat(),
                "district": options["district"] or None,
                "targets": [p.as_dict(detail=detail) for p in progress],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{programme.name_zh} ({as_of.isoformat()})")
        for p in progress:
            t = p.target
            self.stdout.write(
                f"{t.key:28} {p.value_text:>8} / {p.goal_text:<8} {p.percent:>4}%  {p.status:9} {t.name_zh}"
            )
            if detail:
                years = ", ".join(f"{y}: {v:f}" for y, v in p.per_year.items())
                districts = ", ".join(f"{k}: {v:f}" for k, v in p.per_district.items() if v)
                self.stdout.write(f"{'':28} {years}")
                if districts:
                    self.stdout.write(f"{'':28} {districts}")

    def _remind(self, text: str) -> None:
        try:
            today = date.fromisoformat(text) if text else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"日期无效 / invalid date: {text}") from exc
        counts = remind_late_tasks(today)
        self.stdout.write(
            f"逾期任务 late tasks: {counts['late']}, 已提醒 reminded: {counts['reminded']}, "
            f"无接收人 without recipients: {counts['without_recipients']}"
        )

    def _load(self, path: str) -> None:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(f"文件无法读取 / cannot read {path}: {exc}") from exc
        try:
            programme = load_programme(None, data)
        except DomainError as exc:
            raise CommandError(f"{exc.message_zh} / {exc.message_en}") from exc
        self.stdout.write(
            f"programme {programme.slug}: {programme.start_year}-{programme.end_year}, "
            f"{programme.targets.count()} targets"
        )
