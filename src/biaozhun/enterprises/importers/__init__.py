"""Bulk import of enterprises from Excel or CSV (one row an enterprise)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction

from biaozhun.accounts.models import District
from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import diff_fields, record_audit
from biaozhun.common.importing import (
    Column,
    ImportReport,
    RowInvalid,
    bool_value,
    read_table,
    rows_as_dicts,
    text_value,
)
from biaozhun.core.credit_code import CreditCodeError, validate

from ..models import Enterprise, Industry, YearList

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


COLUMNS = [
    Column("name_zh", ("企业名称", "名称", "name_zh", "Name"), required=True),
    Column(
        "credit_code", ("统一社会信用代码", "信用代码", "credit_code", "Credit code"), required=True
    ),
    Column("district", ("所在地区", "地区", "区县", "district", "District"), required=True),
    Column("name_en", ("英文名称", "name_en", "English name")),
    Column("tax_district", ("纳税关系所在地", "纳税地", "tax_district", "Tax district")),
    Column("address", ("地址", "address", "Address")),
    Column("industries", ("行业", "所属行业", "industries", "Industries")),
    Column("is_exporter", ("出口企业", "是否出口", "is_exporter", "Exporter")),
    Column(
        "innovative_years", ("创新型试点企业年度", "innovative_years", "Innovative pilot years")
    ),
    Column(
        "leading_agri_years",
        ("农业龙头企业年度", "leading_agri_years", "Leading agricultural years"),
    ),
]

TEMPLATE_HEADERS = [column.aliases[0] for column in COLUMNS]


def _district(
    value: Any, field: str, districts: dict[str, District], *, required: bool
) -> District | None:
    text = text_value(value)
    if not text:
        if required:
            raise RowInvalid(field, "required", "地区必填。", "The district is required.")
        return None
    found = districts.get(text) or districts.get(text.lower())
    if found is None:
        raise RowInvalid(
            field,
            "unknown_district",
            f"地区“{text}”不存在(可填名称或代码,如 广陵区 / 321002)。",
            f"Unknown district {text!r} (give a name or a code, e.g. Guangling District / 321002).",
        )
    return found


def _years(value: Any, field: str) -> list[int]:
    text = text_value(value)
    if not text:
        return []
    years = []
    for part in re.split(r"[,,、;;\s]+", text):
        if not part:
            continue
        if not re.fullmatch(r"(19|20)\d\d", part):
            raise RowInvalid(field, "bad_year", f"年度“{part}”无效。", f"{part!r} is not a year.")
        years.append(int(part))
    return years


def _industries(value: Any, lookup: dict[str, Industry]) -> list[Industry]:
    text = text_value(value)
    result = []
    for part in re.split(r"[,,、;;/]+", text):
        part = part.strip()
        if not part:
            continue
        industry = lookup.get(part) or lookup.get(part.lower())
        if industry is None:
            names = "、".join(i.name_zh for i in {id(i): i for i in lookup.values()}.values())
            raise RowInvalid(
                "industries",
                "unknown_industry",
                f"行业“{part}”不在目录中(可选:{names})。",
                f"Industry {part!r} is not in the list.",
            )
        result.append(industry)
    return result


def import_enterprises(
    actor: User, upload: IO[bytes] | Path | bytes, filename: str
) -> ImportReport:
    """Import enterprises: each good row creates or updates (by credit code) one enterprise,
    each bad row is reported with its line and reason. A district officer imports only into
    their own district."""
    scope = Scope.for_user(actor)
    report = ImportReport()
    districts: dict[str, District] = {}
    for district in District.objects.all():
        districts[district.code] = district
        districts[district.name_zh] = district
        districts[district.name_en.lower()] = district
    industries: dict[str, Industry] = {}
    for industry in Industry.objects.all():
        industries[industry.slug] = industry
        industries[industry.name_zh] = industry
        industries[industry.name_en.lower()] = industry
    seen: dict[str, int] = {}
    for line, row in rows_as_dicts(read_table(upload, filename), COLUMNS):
        report.total += 1
        try:
            with transaction.atomic():
                _import_row(actor, scope, line, row, districts, industries, seen, report)
        except RowInvalid as exc:
            report.refuse(line, exc)
    return report


def _import_row(
    actor: User,
    scope: Scope,
    line: int,
    row: dict[str, Any],
    districts: dict[str, District],
    industries: dict[str, Industry],
    seen: dict[str, int],
    report: ImportReport,
) -> None:
    name = text_value(row.get("name_zh"))
    if not name:
        raise RowInvalid(
            "name_zh", "required", "企业名称必填。", "The enterprise name is required."
        )
    try:
        code = validate(text_value(row.get("credit_code")))
    except CreditCodeError as exc:
        raise RowInvalid(
            "credit_code", f"credit_code_{exc.code}", exc.message_zh, exc.message_en
        ) from exc
    if code in seen:
        raise RowInvalid(
            "credit_code",
            "duplicate_in_file",
            f"统一社会信用代码与第 {seen[code]} 行重复。",
            f"The credit code repeats line {seen[code]}.",
        )
    seen[code] = line
    district = _district(row.get("district"), "district", districts, required=True)
    assert district is not None
    tax_district = _district(row.get("tax_district"), "tax_district", districts, required=False)
    if scope.kind == "district" and district.pk != scope.district_id:
        raise RowInvalid(
            "district",
            "other_district",
            "只能导入本地区的企业。",
            "You can import only enterprises of your own district.",
        )
    if scope.kind not in {"all", "district"}:
        raise RowInvalid(
            "district", "forbidden", "无权导入企业。", "You may not import enterprises."
        )
    values = {
        "name_zh": name,
        "name_en": text_value(row.get("name_en")),
        "district": district,
        "tax_district": tax_district,
        "address": text_value(row.get("address")),
        "is_exporter": bool_value(row.get("is_exporter"), "is_exporter"),
    }
    chosen = _industries(row.get("industries"), industries)
    innovative = _years(row.get("innovative_years"), "innovative_years")
    leading = _years(row.get("leading_agri_years"), "leading_agri_years")
    enterprise = Enterprise.objects.filter(credit_code=code).first()
    created = enterprise is None
    if enterprise is None:
        enterprise = Enterprise.objects.create(
            credit_code=code, status=Enterprise.Status.APPROVED, **values
        )
        record_audit(
            actor, "enterprise.import_create", enterprise, {"line": line}, district=district
        )
        changed = True
    else:
        if scope.kind == "district" and enterprise.district_id != scope.district_id:
            raise RowInvalid(
                "credit_code",
                "other_district",
                "该企业属于其他地区,不能在此更新。",
                "This enterprise belongs to another district and cannot be updated here.",
            )
        changes = diff_fields(enterprise, values)
        if changes:
            enterprise.save()
            record_audit(actor, "enterprise.import_update", enterprise, changes, district=district)
        changed = bool(changes)
    before = set(enterprise.industries.values_list("pk", flat=True))
    if chosen and before != {industry.pk for industry in chosen}:
        enterprise.industries.set(chosen)
        changed = True
    for kind, years in (
        (YearList.Kind.INNOVATIVE_PILOT, innovative),
        (YearList.Kind.LEADING_AGRICULTURAL, leading),
    ):
        for year in years:
            _, listed = YearList.objects.get_or_create(enterprise=enterprise, kind=kind, year=year)
            changed = changed or listed
    if created:
        report.created += 1
    elif changed:
        report.updated += 1
    else:
        report.unchanged += 1
