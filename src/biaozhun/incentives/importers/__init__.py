"""Import of awards granted before the platform (paper records), so that the duplicate rules
(the same standard twice, a one-off committee award twice) see them. One row an award; each bad
row is reported with its line and a reason in Chinese and English, the good rows are imported."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.db import transaction

from biaozhun.accounts.models import User
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import PermissionDenied
from biaozhun.common.importing import (
    Column,
    ImportReport,
    RowInvalid,
    read_table,
    rows_as_dicts,
    text_value,
)
from biaozhun.core.credit_code import CreditCodeError, validate
from biaozhun.core.incentives import normalise_key
from biaozhun.enterprises.models import Enterprise

from ..models import Award
from ..policies import payer_codes_managed_by

COLUMNS = [
    Column(
        "credit_code", ("统一社会信用代码", "信用代码", "credit_code", "Credit code"), required=True
    ),
    Column("kind", ("类别", "奖励类别", "kind", "Kind"), required=True),
    Column("subject", ("对象", "标准编号/委员会编号/产品", "subject", "Subject"), required=True),
    Column("year", ("年度", "奖励年度", "year", "Year"), required=True),
    Column("amount", ("金额", "奖励金额", "amount", "Amount")),
    Column("note", ("说明", "文号", "note", "Note")),
]
TEMPLATE_HEADERS = [column.aliases[0] for column in COLUMNS]

KIND_WORDS = {
    "standard_drafting": "standard_drafting",
    "标准研制": "standard_drafting",
    "标准研制资助": "standard_drafting",
    "adoption_export": "adoption_export",
    "采标": "adoption_export",
    "采标产品出口奖励": "adoption_export",
    "technical_committee": "technical_committee",
    "技术委员会": "technical_committee",
    "标准化技术委员会奖励": "technical_committee",
}


def award_key(kind: str, subject: str) -> str:
    """The engine's award key for a subject: a designation, a committee code, or
    ``product name|adopted standard``."""
    if kind == "standard_drafting":
        return "standard:" + normalise_key(subject)
    if kind == "technical_committee":
        return "committee:" + normalise_key(subject)
    name, bar, standard = subject.partition("|")
    if not bar or not name.strip() or not standard.strip():
        raise RowInvalid(
            "subject",
            "bad_product",
            "采标产品应写成“产品名称|采用的标准”。",
            "An adoption award's subject is “product name|adopted standard”.",
        )
    return f"product:{normalise_key(name)}|{normalise_key(standard)}"


def _int(value: Any, field: str, *, required: bool, low: int, high: int) -> int | None:
    text = text_value(value).replace(",", "")
    if not text:
        if required:
            raise RowInvalid(field, "required", "此项必填。", "This value is required.")
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise RowInvalid(
            field,
            "bad_number",
            f"“{text}”应为 {low} 至 {high} 之间的整数。",
            f"{text!r} must be a whole number from {low} to {high}.",
        )
    return int(text)


def import_awards(
    actor: User | None, upload: IO[bytes] | Path | bytes, filename: str
) -> ImportReport:
    """Import historical awards. The bureau imports for any enterprise; a county officer for
    the enterprises its county pays (tax district in the county); ``actor=None`` is the
    command line (operator)."""
    managed = payer_codes_managed_by(actor) if actor is not None else {"*"}
    if not managed:
        raise PermissionDenied(
            "只有市局或县(市)工作人员可以导入历史奖励。",
            "Only the bureau or a county's officer can import earlier awards.",
        )
    county = next((c.partition(":")[2] for c in managed if c.startswith("county:")), None)
    report = ImportReport()
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in rows_as_dicts(read_table(upload, filename), COLUMNS):
        report.total += 1
        try:
            with transaction.atomic():
                _row(actor, county, line, row, seen, report)
        except RowInvalid as exc:
            report.refuse(line, exc)
    return report


def _row(
    actor: User | None,
    county: str | None,
    line: int,
    row: dict[str, Any],
    seen: dict[tuple[str, str, str], int],
    report: ImportReport,
) -> None:
    try:
        code = validate(text_value(row.get("credit_code")))
    except CreditCodeError as exc:
        raise RowInvalid(
            "credit_code", f"credit_code_{exc.code}", exc.message_zh, exc.message_en
        ) from exc
    enterprise = (
        Enterprise.objects.select_related("district", "tax_district")
        .filter(credit_code=code)
        .first()
    )
    if enterprise is None:
        raise RowInvalid(
            "credit_code",
            "unknown_enterprise",
            f"企业名录中没有统一社会信用代码为 {code} 的企业。",
            f"No enterprise with credit code {code} is registered.",
        )
    if county is not None and enterprise.effective_tax_district.code != county:
        raise RowInvalid(
            "credit_code",
            "outside_county",
            f"{enterprise.name_zh} 的纳税关系不在本县(市),不能由本县导入。",
            f"{enterprise.name_zh} is not taxed in your county, so you cannot import its awards.",
        )
    kind_text = text_value(row.get("kind"))
    kind = KIND_WORDS.get(kind_text) or KIND_WORDS.get(kind_text.lower())
    if kind is None:
        raise RowInvalid(
            "kind",
            "bad_kind",
            f"类别“{kind_text}”无效,应为 标准研制 / 采标 / 技术委员会。",
            f"Unknown kind {kind_text!r}: use standard_drafting, adoption_export or "
            "technical_committee.",
        )
    subject = text_value(row.get("subject"))
    if not subject:
        raise RowInvalid("subject", "required", "对象必填。", "The subject is required.")
    key = award_key(kind, subject)
    year = _int(row.get("year"), "year", required=True, low=2000, high=2100)
    amount = _int(row.get("amount"), "amount", required=False, low=0, high=100_000_000)
    marker = (code, kind, key)
    if marker in seen:
        raise RowInvalid(
            "subject",
            "duplicate_row",
            f"与第 {seen[marker]} 行重复。",
            f"The same award as line {seen[marker]}.",
        )
    seen[marker] = line
    existing = Award.objects.filter(enterprise=enterprise, kind=kind, key=key).first()
    if existing is not None:
        report.unchanged += 1
        return
    assert year is not None
    award = Award.objects.create(
        enterprise=enterprise,
        kind=kind,
        key=key,
        year=year,
        amount=amount,
        note=text_value(row.get("note"))[:300],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    report.created += 1
    record_audit(
        actor,
        "incentive_award.import",
        award,
        {"key": key, "year": year, "amount": amount, "line": line},
        district=enterprise.effective_tax_district,
    )
