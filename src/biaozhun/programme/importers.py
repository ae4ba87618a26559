"""Import of any registry from Excel or CSV. The columns are the registry's fields; headers
may be written in Chinese, English or as the field name. Each bad row is reported with its line
and a reason in both languages; the good rows are imported."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.db import models, transaction

from biaozhun.accounts.models import District, User
from biaozhun.accounts.responsibility import user_writer_kind
from biaozhun.accounts.scoping import Scope
from biaozhun.common.errors import DomainError
from biaozhun.common.importing import (
    Column,
    ImportReport,
    RowInvalid,
    bool_value,
    date_value,
    read_table,
    rows_as_dicts,
    text_value,
)
from biaozhun.core.designation import DesignationError, parse
from biaozhun.core.patents import PatentNumberError, parse_patent_number
from biaozhun.enterprises.models import Enterprise, Industry
from biaozhun.enterprises.selectors import visible_enterprises

from . import services
from .models import DemonstrationSite, Inspection
from .registries import REGISTRIES, Registry
from .selectors import visible_records

SPLIT = re.compile(r"[,,、;;\n]+")


def columns_for(registry: Registry) -> list[Column]:
    columns = []
    for name in registry.fields:
        model_field = registry.model._meta.get_field(name)
        label = str(getattr(model_field, "verbose_name", name))
        zh, _, en = label.partition(" / ")
        required = not (
            getattr(model_field, "blank", False)
            or isinstance(model_field, models.BooleanField)
            or name == "district"
        )
        columns.append(Column(name, (zh, en or name, name), required=required))
    return columns


def template_headers(registry: Registry) -> list[str]:
    return [column.aliases[0] for column in columns_for(registry)]


class _Lookups:
    def __init__(self, actor: User) -> None:
        self.districts: dict[str, District] = {}
        for district in District.objects.all():
            self.districts[district.code.lower()] = district
            self.districts[district.name_zh] = district
            self.districts[district.name_en.lower()] = district
        self.enterprises: dict[str, Enterprise] = {}
        for enterprise in visible_enterprises(actor).filter(status=Enterprise.Status.APPROVED):
            self.enterprises[enterprise.credit_code.lower()] = enterprise
            self.enterprises[enterprise.name_zh] = enterprise
        self.industries: dict[str, Industry] = {}
        for industry in Industry.objects.all():
            self.industries[industry.slug] = industry
            self.industries[industry.name_zh] = industry
            self.industries[industry.name_en.lower()] = industry


def _choice(model_field: Any, text: str, name: str) -> str:
    """A choice given by its value, its label, either half of the label, or a unique part of
    the Chinese label ("领军人才" for "标准化领军人才")."""
    low = text.lower()
    options = [(str(value), str(label)) for value, label in model_field.choices if value]
    for value, label in options:
        zh, _, en = label.partition(" ")
        if low in {value.lower(), label.lower(), zh.lower(), en.lower()}:
            return value
    partial = [value for value, label in options if low in label.partition(" ")[0].lower()]
    if len(partial) == 1:
        return partial[0]
    names_zh = "、".join(label.partition(" ")[0] for _, label in options)
    names_en = ", ".join(value for value, _ in options)
    raise RowInvalid(
        name,
        "bad_choice",
        f"“{text}”不是有效选项(可选:{names_zh})。",
        f"{text!r} is not one of the options ({names_en}).",
    )


def _related(model_field: Any, text: str, name: str, lookups: _Lookups, registry: Registry) -> Any:
    target = model_field.related_model
    if target is District:
        found: Any = lookups.districts.get(text) or lookups.districts.get(text.lower())
        what = ("地区", "district")
    elif target is Enterprise:
        found = lookups.enterprises.get(text) or lookups.enterprises.get(text.lower())
        what = ("企业(统一社会信用代码或名称)", "enterprise (credit code or name)")
    elif target is Industry:
        found = lookups.industries.get(text) or lookups.industries.get(text.lower())
        what = ("行业", "industry")
    else:
        label_field = "designation" if hasattr(target, "designation") else "name"
        found = target.objects.filter(**{label_field: text}).first()
        what = (registry.title_zh, registry.title_en)
    if found is None:
        raise RowInvalid(
            name,
            "unknown_reference",
            f"找不到{what[0]}“{text}”(或无权使用)。",
            f"No {what[1]} {text!r} (or not visible to you).",
        )
    return found


def _value(model_field: Any, raw: Any, name: str, lookups: _Lookups, registry: Registry) -> Any:
    if isinstance(model_field, models.DateField):
        return date_value(raw, name, required=not model_field.blank)
    if isinstance(model_field, models.BooleanField):
        return bool_value(raw, name)
    text = text_value(raw)
    if isinstance(model_field, models.ManyToManyField):
        return [
            _related(model_field, part.strip(), name, lookups, registry)
            for part in SPLIT.split(text)
            if part.strip()
        ]
    if isinstance(model_field, models.ForeignKey):
        return _related(model_field, text, name, lookups, registry) if text else None
    if model_field.choices:
        return _choice(model_field, text, name) if text else ""
    if isinstance(model_field, models.DecimalField | models.IntegerField):
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise RowInvalid(
                name, "bad_number", f"“{text}”不是数字。", f"{text!r} is not a number."
            ) from None
        if isinstance(model_field, models.IntegerField):
            if number != number.to_integral_value():
                raise RowInvalid(
                    name, "bad_number", f"“{text}”不是整数。", f"{text!r} is not a whole number."
                )
            return int(number)
        return number
    return text


def natural_key(registry: Registry, values: dict[str, Any]) -> tuple[Any, ...] | None:
    """The row's identity in the registry (designations canonical, patent numbers tidied), or
    None when it cannot be read (the save then reports why)."""
    key = []
    for name in registry.natural_key:
        value = values.get(name)
        if name == "designation" and isinstance(value, str):
            try:
                value = parse(value).canonical
            except DesignationError:
                return None
        elif name == "patent_number" and isinstance(value, str):
            try:
                value = parse_patent_number(value).canonical
            except PatentNumberError:
                return None
        elif value is None and not isinstance(
            registry.model._meta.get_field(name), models.ForeignKey
        ):
            return None
        key.append(value)
    return tuple(key)


def _snapshot(registry: Registry, record: models.Model) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for name in registry.fields:
        model_field = record._meta.get_field(name)
        if isinstance(model_field, models.ManyToManyField):
            state[name] = set(getattr(record, name).values_list("pk", flat=True))
        elif isinstance(model_field, models.ForeignKey):
            state[name] = getattr(record, f"{name}_id")
        else:
            state[name] = getattr(record, name)
    return state


def import_registry(
    actor: User, registry: Registry, upload: IO[bytes] | Path | bytes, filename: str
) -> ImportReport:
    """Import rows into ``registry``: a row whose identity (``Registry.natural_key``) matches a
    record the importer can see updates it; any other good row creates a record. A row that
    repeats an earlier row's identity is refused."""
    if user_writer_kind(actor, registry.slug) in {None, "enterprise"}:
        raise DomainError(
            "forbidden", "无权导入登记簿。", "You may not import into this registry.", {}
        )
    report = ImportReport()
    lookups = _Lookups(actor)
    seen: dict[tuple[Any, ...], int] = {}
    for line, row in rows_as_dicts(read_table(upload, filename), columns_for(registry)):
        report.total += 1
        try:
            with transaction.atomic():
                values = {}
                for name in registry.fields:
                    if name not in row:
                        continue
                    model_field = registry.model._meta.get_field(name)
                    values[name] = _value(model_field, row[name], name, lookups, registry)
                    if values[name] is None and not isinstance(model_field, models.ForeignKey):
                        values.pop(name)
                key = natural_key(registry, values)
                existing = None
                if key is not None:
                    if key in seen:
                        raise RowInvalid(
                            registry.natural_key[0],
                            "duplicate_in_file",
                            f"与第 {seen[key]} 行重复。",
                            f"The row repeats line {seen[key]}.",
                        )
                    seen[key] = line
                    existing = (
                        visible_records(actor, registry)
                        .filter(**dict(zip(registry.natural_key, key, strict=True)))
                        .first()
                    )
                before = _snapshot(registry, existing) if existing is not None else None
                try:
                    saved = services.save_record(actor, registry, existing, values)
                except DomainError as exc:
                    field = str(exc.details.get("field", ""))
                    if exc.code == "forbidden":
                        field = "district"
                    raise RowInvalid(
                        field or "row",
                        exc.code,
                        exc.message_zh,
                        exc.message_en,
                    ) from exc
                if before is None:
                    report.created += 1
                elif before != _snapshot(registry, saved):
                    report.updated += 1
                else:
                    report.unchanged += 1
        except RowInvalid as exc:
            report.refuse(line, exc)
    return report


INSPECTION_COLUMNS = [
    Column("site", ("示范区(点)名称", "Site", "site"), required=True),
    Column("inspected_on", ("检查日期", "Inspected on", "inspected_on"), required=True),
    Column("score", ("得分", "Score", "score"), required=True),
    Column("inspector", ("检查人", "Inspector", "inspector"), required=True),
    Column("findings", ("发现的问题", "Findings", "findings")),
]


def import_inspections(
    actor: User, upload: IO[bytes] | Path | bytes, filename: str
) -> ImportReport:
    """Periodic inspections of demonstration sites (长效管理), one a row; the site is named as in
    the registry and must be visible to (and managed by) the importer."""
    report = ImportReport()
    sites = Scope.for_user(actor).apply(
        DemonstrationSite.objects.all(), enterprise_field="enterprise", district_field="district"
    )
    for line, row in rows_as_dicts(read_table(upload, filename), INSPECTION_COLUMNS):
        report.total += 1
        try:
            name = text_value(row.get("site"))
            matches = list(sites.filter(name=name)[:2])
            if len(matches) != 1:
                raise RowInvalid(
                    "site",
                    "unknown_reference" if not matches else "ambiguous",
                    f"找不到唯一的示范区(点)“{name}”。",
                    f"No single demonstration site named {name!r}.",
                )
            site = matches[0]
            score = _value(
                Inspection._meta.get_field("score"),
                row.get("score"),
                "score",
                _NoLookups(),
                REGISTRIES["sites"],
            )
            inspected_on = date_value(row.get("inspected_on"), "inspected_on", required=True)
            with transaction.atomic():
                try:
                    services.add_inspection(
                        actor,
                        site,
                        inspected_on=inspected_on,  # type: ignore[arg-type]
                        score=score,
                        findings=text_value(row.get("findings")),
                        inspector=text_value(row.get("inspector")),
                    )
                except DomainError as exc:
                    raise RowInvalid(
                        str(exc.details.get("field", "")) or "site",
                        exc.code,
                        exc.message_zh,
                        exc.message_en,
                    ) from exc
            report.created += 1
        except RowInvalid as exc:
            report.refuse(line, exc)
    return report


class _NoLookups(_Lookups):
    def __init__(self) -> None:  # numbers need no lookups
        self.districts, self.enterprises, self.industries = {}, {}, {}
