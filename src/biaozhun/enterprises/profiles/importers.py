"""Import of export profiles from Excel or CSV.

One row is a product line, a market, or both, of the enterprise named by its unified social
credit code. Rows are merged into the profiles (a product line is updated by its HS code, a
market by its code); nothing is deleted. Each bad row is reported with its line and a reason
in Chinese and English; the good rows are imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import QuerySet

from biaozhun.accounts.models import User
from biaozhun.common.errors import DomainError
from biaozhun.common.importing import (
    Column,
    ImportReport,
    RowInvalid,
    read_table,
    rows_as_dicts,
    text_value,
)
from biaozhun.core.credit_code import CreditCodeError, validate
from biaozhun.enterprises.models import Enterprise
from biaozhun.enterprises.selectors import visible_enterprises

from . import services

COLUMNS = [
    Column(
        "credit_code", ("统一社会信用代码", "信用代码", "credit_code", "Credit code"), required=True
    ),
    Column("hs_code", ("HS编码", "HS 编码", "海关编码", "hs_code", "HS code")),
    Column("description_zh", ("产品描述", "产品名称", "description_zh", "Description")),
    Column("ics_code", ("ICS分类", "ICS", "ics_code", "ICS code")),
    Column("keywords", ("关键词", "keywords", "Keywords")),
    Column("market", ("出口市场", "市场", "market", "Market")),
    Column("share", ("出口占比", "占比", "share", "Share")),
]

TEMPLATE_HEADERS = [column.aliases[0] for column in COLUMNS]


def _row_error(exc: DomainError, default_field: str) -> RowInvalid:
    return RowInvalid(
        str(exc.details.get("field", default_field)), exc.code, exc.message_zh, exc.message_en
    )


def import_profiles(actor: User, upload: IO[bytes] | Path | bytes, filename: str) -> ImportReport:
    """Merge the rows of a file into export profiles; see the module docstring."""
    report = ImportReport()
    visible = visible_enterprises(actor)
    cache: dict[str, Enterprise | None] = {}
    # one transaction for the file (each row in its own savepoint, so a bad row is rolled
    # back alone): the match index and the matching run once per enterprise, at the end
    with transaction.atomic():
        for line, row in rows_as_dicts(read_table(upload, filename), COLUMNS):
            report.total += 1
            try:
                with transaction.atomic():
                    outcome = _import_row(actor, row, visible, cache)
            except RowInvalid as exc:
                report.refuse(line, exc)
                continue
            if outcome == "created":
                report.created += 1
            elif outcome == "updated":
                report.updated += 1
            else:
                report.unchanged += 1
    return report


def _import_row(
    actor: User,
    row: dict[str, Any],
    visible: QuerySet[Enterprise],
    cache: dict[str, Enterprise | None],
) -> str:
    try:
        code = validate(text_value(row.get("credit_code")))
    except CreditCodeError as exc:
        raise RowInvalid(
            "credit_code", f"credit_code_{exc.code}", exc.message_zh, exc.message_en
        ) from exc
    if code not in cache:
        cache[code] = visible.filter(credit_code=code).first()
    enterprise = cache[code]
    if enterprise is None:
        raise RowInvalid(
            "credit_code",
            "unknown_enterprise",
            f"统一社会信用代码 {code} 的企业未登记或无权访问。",
            f"No enterprise with credit code {code} is registered or visible to you.",
        )
    if not services.can_edit_profile(actor, enterprise):
        raise RowInvalid(
            "credit_code",
            "forbidden",
            "无权修改该企业的出口档案。",
            "You may not edit this enterprise's export profile.",
        )
    hs = text_value(row.get("hs_code"))
    market = text_value(row.get("market"))
    share = text_value(row.get("share"))
    if not hs and not market:
        raise RowInvalid(
            "hs_code",
            "empty_row",
            "该行既没有 HS 编码也没有出口市场。",
            "The row has neither an HS code nor a market.",
        )
    if share and not market:
        raise RowInvalid(
            "market",
            "share_without_market",
            "填写了出口占比但没有填写市场。",
            "A share is given without a market.",
        )
    outcomes: list[str] = []
    if hs:
        try:
            _, outcome = services.upsert_product(
                actor,
                enterprise,
                services.ProductData(
                    hs_code=hs,
                    description_zh=text_value(row.get("description_zh")),
                    ics_code=text_value(row.get("ics_code")),
                    keywords=text_value(row.get("keywords")),
                ),
            )
        except DomainError as exc:
            raise _row_error(exc, "hs_code") from exc
        outcomes.append(outcome)
    if market:
        try:
            before = enterprise.export_profile.markets.filter(
                code=services.clean_market(market)
            ).first()
        except (Enterprise.export_profile.RelatedObjectDoesNotExist, DomainError):
            before = None
        try:
            saved = services.set_market(actor, enterprise, services.MarketData(market, share))
        except DomainError as exc:
            raise _row_error(exc, "market") from exc
        if before is None:
            outcomes.append("created")
        else:
            outcomes.append("unchanged" if before.share == saved.share else "updated")
    if "created" in outcomes:
        return "created"
    if "updated" in outcomes:
        return "updated"
    return "unchanged"
