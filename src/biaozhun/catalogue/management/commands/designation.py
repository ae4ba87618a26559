"""``biaozhun designation parse [TEXT ...] [--file F]``: one JSON line per input, in order."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from biaozhun.core.designation import as_cli_dict


class Command(BaseCommand):
    help = "解析标准号 / parse standard designations (JSON lines)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="解析标准号 / parse designations")
        parse.add_argument("texts", nargs="*")
        parse.add_argument(
            "--file", help="每行一个标准号的文件,- 为标准输入 / one per line, - stdin"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        inputs: list[str] = list(options["texts"])
        if options.get("file"):
            name = options["file"]
            try:
                text = (
                    sys.stdin.read()
                    if name == "-"
                    else Path(name).read_bytes().decode("utf-8-sig", errors="replace")
                )
            except OSError as exc:
                raise CommandError(f"无法读取文件 / cannot read file {name}: {exc}") from exc
            inputs.extend(line.rstrip("\r") for line in text.split("\n") if line.strip())
        if not inputs:
            raise CommandError("请给出标准号或 --file / give designations or --file")
        for text in inputs:
            self.stdout.write(json.dumps(as_cli_dict(text), ensure_ascii=False))
