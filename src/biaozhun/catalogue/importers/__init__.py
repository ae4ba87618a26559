"""Catalogue importers: one reader per FORMAT of ``biaozhun catalogue import FORMAT PATH``."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.common.errors import DomainError
from biaozhun.common.importing import ImportReport

from ..models import Standard
from ..services import ImportResult, already_imported, file_sha256, import_records
from .cn_platform import read_cn_platform
from .relaton import read_relaton
from .relaton_foreign import read_relaton_foreign, source_for
from .template import read_template

FOREIGN_FORMATS = ("relaton-etsi", "relaton-cie", "relaton-oiml")
FORMATS: tuple[str, ...] = ("relaton-iso", "relaton-iec", "cn-platform", "template")
FORMATS += FOREIGN_FORMATS


def import_file(
    fmt: str,
    path: Path,
    *,
    force: bool = False,
    catalogue_date: datetime.date | None = None,
    actor: User | None = None,
    filename: str | None = None,
    examples: bool = False,
) -> ImportResult:
    """Import one file of format ``fmt``; a file already imported (same sha256) is skipped
    unless ``force``."""
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
