"""Catalogue importers: one reader per FORMAT of ``biaozhun catalogue import FORMAT PATH``."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.common.errors import DomainError
from biaozhun.common.importing import ImportReport

from ..models import Standard
from ..services import ImportResult, already_imported, file_sha256, import_records
from ..transitions import AmendmentNote, record_amendments
from .announcement import KINDS, read_announcement
from .cn_platform import read_cn_platform
from .relaton import read_relaton
from .relaton_foreign import read_relaton_foreign, source_for
from .template import read_template

FOREIGN_FORMATS = ("relaton-etsi", "relaton-cie", "relaton-oiml")
FORMATS: tuple[str, ...] = (
    "relaton-iso",
    "relaton-iec",
    *FOREIGN_FORMATS,
    "cn-platform",
    "cn-announcement",
    "template",
)


def import_file(
    fmt: str,
    path: Path,
    *,
    force: bool = False,
    catalogue_date: datetime.date | None = None,
    actor: User | None = None,
    filename: str | None = None,
    examples: bool = False,
    options: dict[str, Any] | None = None,
) -> ImportResult:
    """Import one file of format ``fmt``; a file already imported (same sha256) is skipped
    unless ``force``. ``options`` of ``cn-announcement``: ``kind`` (auto / approval /
    withdrawal), ``announced_on`` (ISO date: the announcement's date, used where a row has no
    date of its own), ``reference`` (e.g. 2024年第6号公告)."""
    if fmt not in FORMATS:
        raise DomainError(
            "unknown_format",
            f"未知的导入格式“{fmt}”,可用:{'、'.join(FORMATS)}。",
            f"Unknown import format {fmt!r}; use one of {', '.join(FORMATS)}.",
        )
    if not path.is_file():
        raise DomainError(
            "file_not_found", f"文件不存在:{path}", f"File not found: {path}", {"path": str(path)}
        )
    sha = file_sha256(path)
    report = ImportReport()
    if not force:
        previous = already_imported(fmt, sha)
        if previous is not None:
            return ImportResult(run=previous, report=report, skipped=True, counts=previous.counts)
    today = catalogue_date or timezone.localdate()
    if fmt in ("relaton-iso", "relaton-iec"):
        source = Standard.Source.ISO if fmt == "relaton-iso" else Standard.Source.IEC
        records = read_relaton(path, source, report, today)
    elif fmt in FOREIGN_FORMATS:
        records = read_relaton_foreign(path, source_for(fmt), report, today)
    elif fmt == "cn-platform":
        records = read_cn_platform(path, report, today, examples=examples)
    elif fmt == "cn-announcement":
        return _import_announcement(
            path,
            report,
            today,
            sha=sha,
            actor=actor,
            filename=filename or path.name,
            examples=examples,
            options=options or {},
        )
    else:
        records = read_template(path, report, today, filename=filename or path.name)
    return import_records(
        fmt,
        records,
        report,
        filename=filename or path.name,
        sha256=sha,
        catalogue_date=today,
        actor=actor,
    )


def announcement_options(options: dict[str, Any]) -> tuple[Any, datetime.date | None, str]:
    """The checked options of an announcement import: kind, announcement date, reference."""
    kind = str(options.get("kind") or "auto")
    if kind not in KINDS:
        raise DomainError(
            "bad_option",
            "公告类型应为自动识别、批准发布或废止。",
            "The announcement kind must be auto, approval or withdrawal.",
            {"field": "kind"},
        )
    raw = options.get("announced_on") or None
    announced: datetime.date | None = None
    if raw is not None:
        try:
            announced = (
                raw if isinstance(raw, datetime.date) else datetime.date.fromisoformat(str(raw))
            )
        except ValueError as exc:
            raise DomainError(
                "bad_option",
                "公告日期格式应为 2024-03-15。",
                "The announcement date must look like 2024-03-15.",
                {"field": "announced_on"},
            ) from exc
        if not datetime.date(1949, 10, 1) <= announced <= datetime.date(2199, 12, 31):
            raise DomainError(
                "bad_option",
                "公告日期超出范围。",
                "The announcement date is out of range.",
                {"field": "announced_on"},
            )
    reference = " ".join(str(options.get("reference") or "").split())[:120]
    return kind, announced, reference


def _import_announcement(
    path: Path,
    report: ImportReport,
    today: datetime.date,
    *,
    sha: str,
    actor: User | None,
    filename: str,
    examples: bool,
    options: dict[str, Any],
) -> ImportResult:
    kind, announced, reference = announcement_options(options)
    announcement = read_announcement(
        path,
        report,
        today,
        kind=kind,
        announced_on=announced,
        reference=reference,
        examples=examples,
        filename=filename,
    )
    with transaction.atomic():
        result = import_records(
            "cn-announcement",
            announcement.records,
            report,
            filename=filename,
            sha256=sha,
            catalogue_date=today,
            actor=actor,
        )
        assert result.run is not None  # import_records always records its run
        amended = record_amendments(
            result.run,
            [AmendmentNote(a.canonical, a.text, a.implemented_on) for a in announcement.amendments],
            today,
        )
    result.change_ids.extend(amended)
    result.counts = result.run.counts
    report.total += len(announcement.amendments)
    report.updated += len(amended)
    return result
