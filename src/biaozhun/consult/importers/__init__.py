"""Bulk import of the technical-regulations register from Excel or CSV (one row a regulation,
keyed by market and reference: an existing row is updated). Every bad row is reported with its
line and a reason in Chinese and English; good rows are imported."""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from biaozhun.accounts.models import User
from biaozhun.common.errors import DomainError
from biaozhun.common.importing import (
    Column,
    ImportReport,
    RowInvalid,
    date_value,
    read_table,
    rows_as_dicts,
    text_value,
)
from biaozhun.enterprises.profiles.services import clean_market

from ..models import TechnicalRegulation
from ..regulations.services import RegulationData, save_regulation
from ..station import require_desk

COLUMNS = [
    Column("market", ("市场", "market", "Market"), required=True),
    Column("reference", ("编号", "法规编号", "reference", "Reference"), required=True),
    Column("title", ("标题", "title", "Title"), required=True),
    Column("kind", ("类型", "kind", "Kind")),
    Column("title_zh", ("中文标题", "title_zh", "Chinese title")),
    Column("summary_zh", ("中文摘要", "summary_zh", "Chinese summary")),
    Column("hs_codes", ("HS编码", "HS", "hs_codes", "HS codes")),
    Column("ics_codes", ("ICS分类", "ICS", "ics_codes", "ICS codes")),
    Column("cited_standards", ("引用标准", "cited_standards", "Cited standards")),
    Column("notifications", ("相关通报", "通报号", "notifications", "Notifications")),
    Column("adopted_on", ("通过日期", "adopted_on", "Adopted on")),
    Column("in_force_from", ("生效日期", "in_force_from", "In force from")),
    Column("applies_until", ("失效日期", "applies_until", "Applies until")),
    Column("url", ("链接", "url", "URL")),
]

TEMPLATE_HEADERS = [column.aliases[0] for column in COLUMNS]
KINDS = {
    "": TechnicalRegulation.Kind.REGULATION,
    "技术法规": TechnicalRegulation.Kind.REGULATION,
    "regulation": TechnicalRegulation.Kind.REGULATION,
    "合格评定": TechnicalRegulation.Kind.CONFORMITY,
    "合格评定程序": TechnicalRegulation.Kind.CONFORMITY,
    "conformity": TechnicalRegulation.Kind.CONFORMITY,
}


def _split(value: Any) -> list[str]:
    return [t.strip() for t in re.split(r"[\n,,;;、]+", text_value(value)) if t.strip()]


def _row_data(row: dict[str, Any]) -> RegulationData:
    kind_text = text_value(row.get("kind")).lower()
    if kind_text not in KINDS:
        raise RowInvalid(
            "kind",
            "bad_kind",
            f"类型“{kind_text}”无效(技术法规 / 合格评定)。",
            f"Unknown kind {kind_text!r} (regulation / conformity).",
        )
    return RegulationData(
        market=text_value(row.get("market")),
        reference=text_value(row.get("reference")),
        title=text_value(row.get("title")),
        kind=KINDS[kind_text],
        title_zh=text_value(row.get("title_zh")),
        summary_zh=text_value(row.get("summary_zh")),
        hs_codes=_split(row.get("hs_codes")),
        ics_codes=_split(row.get("ics_codes")),
        cited_standards=[
            t.strip()
            for t in re.split(r"[\n;;]+", text_value(row.get("cited_standards")))
            if t.strip()
        ],
        notification_symbols=_split(row.get("notifications")),
        adopted_on=date_value(row.get("adopted_on"), "adopted_on"),
        in_force_from=date_value(row.get("in_force_from"), "in_force_from"),
        applies_until=date_value(row.get("applies_until"), "applies_until"),
        url=text_value(row.get("url")),
    )


def import_regulations(
    actor: User | None, upload: IO[bytes] | Path | bytes, filename: str
) -> ImportReport:
    if actor is not None:
        require_desk(actor)
    report = ImportReport()
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows_as_dicts(read_table(upload, filename), COLUMNS):
        report.total += 1
        try:
            data = _row_data(row)
            with transaction.atomic():
                existing = None
                try:
                    market = clean_market(data.market) if data.market else ""
                except DomainError:
                    market = data.market
                key = (market, data.reference.strip())
                if key in seen:
                    raise RowInvalid(
                        "reference",
                        "duplicate_row",
                        f"与第 {seen[key]} 行重复(同一市场和编号)。",
                        f"Same market and reference as line {seen[key]}.",
                    )
                existing = TechnicalRegulation.objects.filter(
                    market=market, reference=data.reference.strip()
                ).first()
                try:
                    save_regulation(actor, data, existing)
                except DomainError as exc:
                    raise RowInvalid(
                        str(exc.details.get("field", "")), exc.code, exc.message_zh, exc.message_en
                    ) from exc
                seen[key] = line
                if existing is None:
                    report.created += 1
                else:
                    report.updated += 1
        except RowInvalid as exc:
            report.refuse(line, exc)
    return report
