"""Where the catalogue's records come from and how fresh each source is.

Every standard and every 查新 result says which source it rests on and as of which date
(the catalogue date of that source's latest import), and the desk sees how old each source's
last import is (``/standards/sources/``): a 查新 answer is only as good as the last import of
the source behind it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Max
from django.utils import timezone

from .models import ImportRun, Standard
from .transitions import TRANSITIONS_SOURCE

Source = Standard.Source


def catalogue_date() -> datetime.date | None:
    """The date of the latest finished import run (the catalogue's "as of" date), or None.
    (Here, not in ``selectors``, which re-exports it: the 查新 service needs it without the
    search module and its vector index, numpy included.)"""
    run = (
        ImportRun.objects.filter(finished_at__isnull=False)
        .exclude(catalogue_date__isnull=True)
        .order_by("-catalogue_date", "-finished_at")
        .first()
    )
    return run.catalogue_date if run else None


def catalogue_stamp() -> tuple[Any, ...]:
    """Changes whenever a standard is added or changed: the highest id and the latest
    ``updated_at`` (one end of an index each, cheap on both databases). Standards are never
    deleted by the platform (withdrawn ones change status)."""
    # two scalar subqueries, not one aggregate with two MAX()es: SQLite reads one end of an
    # index only for a lone MIN/MAX and scanned all 120,000 rows for the pair (15 ms)
    table = connection.ops.quote_name(Standard._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {table}), (SELECT MAX(updated_at) FROM {table})"
        )
        top, at = cursor.fetchone()
    return (top, str(at))


_CURRENT: dict[str, Any] = {}


def current_count() -> int:
    """How many standards are in force, counted again only when the catalogue changed (the
    count reads ~120,000 rows; every home page shows it)."""
    stamp = catalogue_stamp()
    if _CURRENT.get("stamp") != stamp:
        _CURRENT["count"] = Standard.objects.filter(status=Standard.Status.CURRENT).count()
        _CURRENT["stamp"] = stamp
    return int(_CURRENT["count"])


#: the import formats (``ImportRun.source``) that feed each record source
FORMATS: dict[str, tuple[str, ...]] = {
    Source.ISO: ("relaton-iso",),
    Source.IEC: ("relaton-iec",),
    Source.ETSI: ("relaton-etsi",),
    Source.CIE: ("relaton-cie",),
    Source.OIML: ("relaton-oiml",),
    Source.CN_PLATFORM: ("cn-platform",),
    Source.CN_ANNOUNCEMENT: ("cn-announcement",),
    Source.TEMPLATE: ("template",),
    Source.MANUAL: (),
}

#: the names people use for each source (Chinese first; the choices' labels are for staff)
NAMES: dict[str, tuple[str, str]] = {
    Source.ISO: ("ISO 国际标准目录", "ISO catalogue"),
    Source.IEC: ("IEC 国际标准目录", "IEC catalogue"),
    Source.ETSI: ("ETSI 欧洲电信标准目录", "ETSI catalogue"),
    Source.CIE: ("CIE 国际照明委员会出版物目录", "CIE catalogue"),
    Source.OIML: ("OIML 国际法制计量组织出版物目录", "OIML catalogue"),
    Source.CN_PLATFORM: ("全国标准信息公共服务平台", "National standards information platform"),
    Source.CN_ANNOUNCEMENT: (
        "标准发布、废止和备案公告",
        "Standard approval, withdrawal and filing announcements",
    ),
    Source.TEMPLATE: ("地方/团体/企业标准模板导入", "Local/group/enterprise standards template"),
    Source.MANUAL: ("手工录入", "Entered by hand"),
}

#: after this many days without an import a source is shown as stale
STALE_DAYS = 30


@dataclass(frozen=True)
class SourceState:
    source: str
    name_zh: str
    name_en: str
    records: int
    as_of: datetime.date | None  # catalogue date of the latest finished import
    imported_at: datetime.datetime | None
    filename: str

    @property
    def age_days(self) -> int | None:
        if self.as_of is None:
            return None
        return max(0, (timezone.localdate() - self.as_of).days)

    @property
    def stale(self) -> bool:
        age = self.age_days
        return bool(FORMATS.get(self.source)) and (age is None or age > STALE_DAYS)


def _latest_runs() -> dict[str, ImportRun]:
    latest: dict[str, ImportRun] = {}
    runs = (
        ImportRun.objects.filter(finished_at__isnull=False, catalogue_date__isnull=False)
        .order_by("source", "-catalogue_date", "-finished_at")
        .only("source", "catalogue_date", "finished_at", "filename")
    )
    wanted = {fmt for formats in FORMATS.values() for fmt in formats}
    for run in runs.filter(source__in=wanted):
        latest.setdefault(run.source, run)
    return latest


def sources() -> list[SourceState]:
    """Each record source with its record count and its latest import (the desk's page)."""
    counts = dict(
        Standard.objects.values("source").annotate(n=Count("id")).values_list("source", "n")
    )
    latest = _latest_runs()
    out = []
    for source, formats in FORMATS.items():
        runs = [latest[f] for f in formats if f in latest]
        run = max(runs, key=lambda r: (r.catalogue_date, r.finished_at), default=None)
        zh, en = NAMES[source]
        out.append(
            SourceState(
                source=source,
                name_zh=zh,
                name_en=en,
                records=counts.get(source, 0),
                as_of=run.catalogue_date if run else None,
                imported_at=run.finished_at if run else None,
                filename=run.filename if run else "",
            )
        )
    return out


def as_of_by_source() -> dict[str, datetime.date | None]:
    """``{record source: catalogue date of its latest import}`` in one query (for lists)."""
    latest = _latest_runs()
    out: dict[str, datetime.date | None] = {}
    for source, formats in FORMATS.items():
        dates = [latest[f].catalogue_date for f in formats if f in latest]
        out[source] = max((d for d in dates if d is not None), default=None)
    return out


def last_transitions_run() -> datetime.date | None:
    """When the daily run last applied dated changes (None: never needed yet)."""
    value = ImportRun.objects.filter(source=TRANSITIONS_SOURCE).aggregate(d=Max("catalogue_date"))
    day: datetime.date | None = value["d"]
    return day
