"""A small catalogue built through the catalogue models: every outcome of 标准查新 has a line."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from biaozhun.core.designation import parse

CATALOGUE_DATE = datetime.date(2026, 11, 20)

# (designation, status, replaced by, extra fields)
ROWS: list[tuple[str, str, str | None, dict[str, Any]]] = [
    ("GB/T 19001-2016", "current", None, {"title_zh": "质量管理体系 要求", "title_en": "QMS"}),
    ("GB/T 19001-2008", "replaced", "GB/T 19001-2016", {}),
    ("GB/T 19001-2000", "replaced", "GB/T 19001-2008", {}),
    ("GB 2762-2022", "current", None, {"title_zh": "食品中污染物限量"}),
    ("GB 2762-2017", "replaced", "GB 2762-2022", {}),
    ("GB/T 1.1-2020", "current", None, {"title_zh": "标准化工作导则"}),
    ("GB 9999-2025", "upcoming", None, {"implemented_on": datetime.date(2027, 1, 1)}),
    ("GB 1234-2008", "withdrawn", None, {"withdrawn_on": datetime.date(2017, 3, 23)}),
    ("GB/T 35678-2020", "current", None, {}),
    (
        "GB/T 5678-2010",
        "withdrawn",
        "GB/T 35678-2020",
        {"withdrawn_on": datetime.date(2020, 10, 1)},
    ),
    ("T/CAS 100-2019", "current", None, {}),
    ("T/CAS 100-2021", "current", None, {}),
    ("ISO 9001:2015", "current", None, {"title_en": "Quality management systems", "source": "iso"}),
    ("DB3210/T 1001-2019", "current", None, {"title_zh": "扬州地方标准示例"}),
]

# one line per outcome, and more
FIXTURE_LINES = [
    "GB/T 19001-2016",  # 1 current
    "gbt 19001—2008",  # 2 replaced (messy)
    "GB 9999-2025",  # 3 upcoming
    "GB 1234-2008",  # 4 withdrawn, no successor
    "GB/T 5678-2010",  # 5 withdrawn, successor
    "GB/T 19001-2015",  # 6 not found (other edition suggested)
    "GB 1234 2008",  # 7 ambiguous (parser)
    "T/CAS 100",  # 8 ambiguous (two current editions)
    "这不是标准号",  # 9 invalid
    "GB/T 1.1",  # 10 current (undated -> GB/T 1.1-2020)
    "ISO 9001:2015/Amd 1:2024",  # 11 current (base edition)
    "GB/T 19001-2000",  # 12 replaced, chain of two
]


def make_standard(canonical: str, status: str, **fields: Any) -> Any:
    from biaozhun.catalogue.models import Standard

    d = parse(canonical)
    return Standard.objects.create(
        canonical=d.canonical,
        key=d.key,
        prefix=d.prefix,
        publisher=d.publisher,
        number=d.number,
        part=d.part or "",
        year=d.year,
        level=d.level,
        status=status,
        source=fields.pop("source", "cn_platform"),
        **fields,
    )


@pytest.fixture
def catalogue(db: Any) -> dict[str, Any]:
    """The fixture catalogue (keyed by canonical) and a finished import run dated 2026-11-20."""
    return build_catalogue()


def build_catalogue() -> dict[str, Any]:
    from biaozhun.catalogue.models import ImportRun

    made = {}
    for canonical, status, _, fields in ROWS:
        made[canonical] = make_standard(canonical, status, **dict(fields))
    for canonical, _, successor, _ in ROWS:
        if successor:
            made[canonical].replaced_by = made[successor]
            made[canonical].save(update_fields=["replaced_by"])
    ImportRun.objects.create(
        source="cn-platform",
        filename="fixture.json",
        sha256="0" * 64,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        catalogue_date=CATALOGUE_DATE,
    )
    return made


@pytest.fixture
def record_change(catalogue: dict[str, Any]) -> Callable[..., Any]:
    """Record a catalogue change the way an import does (a run, a CatalogueChange row)."""
    from biaozhun.catalogue.models import CatalogueChange, ImportRun

    def record(standard: Any, kind: str, old_status: str = "", new_status: str = "") -> Any:
        run = ImportRun.objects.create(
            source="cn-platform",
            filename="update.json",
            sha256="1" * 64,
            started_at=timezone.now(),
            finished_at=timezone.now(),
            catalogue_date=timezone.localdate(),
        )
        return CatalogueChange.objects.create(
            standard=standard,
            run=run,
            kind=kind,
            old_status=old_status,
            new_status=new_status or standard.status,
            detected_on=timezone.localdate(),
        )

    return record
