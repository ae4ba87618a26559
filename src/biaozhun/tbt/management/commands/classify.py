"""``biaozhun classify [TEXT ...] [--file F] [--hs CODES] [--ics CODES]``: classify product
texts; one JSON object a line with the predicted ICS codes, HS headings, industries and export
groups, each with its confidence and reason. ``--file`` reads one text a line (``-``: stdin)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Classify product text 分类: HS headings, ICS, industries, export groups (JSON lines)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("texts", nargs="*")
        parser.add_argument("--file", help="one text a line; - for stdin")
        parser.add_argument("--hs", default="", help="HS codes given, comma separated")
        parser.add_argument("--ics", default="", help="ICS codes given, comma separated")

    def handle(self, *args: Any, **options: Any) -> None:
        from biaozhun.core import classify
        from biaozhun.core.codes import split_codes

        texts = list(options["texts"])
        if options["file"]:
            if options["file"] == "-":
                lines = sys.stdin.read().splitlines()
            else:
                path = Path(options["file"])
                if not path.is_file():
                    raise CommandError(f"文件不存在 / no such file: {path}")
                lines = path.read_text(encoding="utf-8").splitlines()
            texts.extend(line for line in lines if line.strip())
        hs = tuple(split_codes(options["hs"]))
        ics = tuple(split_codes(options["ics"]))
        if not texts and (hs or ics):
            texts = [""]
        if not texts:
            raise CommandError(
                "请给出文本或 --file / give texts or --file: biaozhun classify TEXT ... [--file F]"
            )
        classifier = classify.get_classifier()
        for text in texts:
            result = classifier.classify(classify.Item(text=text, hs_codes=hs, ics_codes=ics))
            self.stdout.write(json.dumps({"text": text, **result.as_json()}, ensure_ascii=False))
