"""``biaozhun incentives compute CASE.json [--policies FILE] [--text]``: the rules engine's
command (``biaozhun.core.incentives.command.main``) run through the project's CLI, and
``biaozhun incentives load-policies``: store the default policy versions in the database."""

from __future__ import annotations

import argparse
import contextlib
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from biaozhun.core.incentives.command import main
from biaozhun.incentives.importers import import_awards
from biaozhun.incentives.policies import load_default_policies


class Command(BaseCommand):
    help = "Incentives (四.3): compute CASE.json | load-policies"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "words",
            nargs=argparse.REMAINDER,
            help="compute CASE.json [--policies FILE] [--text] | load-policies | import-awards FILE",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        words = options["words"]
        if words[:1] == ["compute"]:
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                status = main(words)
            self.stdout.write(buffer.getvalue(), ending="")
            if status:
                raise CommandError(f"exit status {status}", returncode=status)
            return
        if words[:1] == ["load-policies"]:
            load_default_policies(self.stdout)
            return
        if words[:1] == ["import-awards"] and len(words) == 2:
            path = Path(words[1])
            if not path.is_file():
                raise CommandError(f"文件不存在 / no such file: {path}")
            report = import_awards(None, path, path.name)
            self.stdout.write(
                f"历史奖励 awards: 共 {report.total} 行 rows, 新增 created {report.created}, "
                f"已有 unchanged {report.unchanged}, 错误 errors {len(report.errors)}"
            )
            for error in report.errors:
                self.stdout.write(
                    f"  第 {error.line} 行 line {error.line} [{error.field}] "
                    f"{error.message_zh} / {error.message_en}"
                )
            if report.errors:
                raise CommandError("some rows were refused", returncode=1)
            return
        raise CommandError(
            "usage: biaozhun incentives compute CASE.json [--policies FILE] [--text] | "
            "biaozhun incentives load-policies | biaozhun incentives import-awards FILE"
        )
