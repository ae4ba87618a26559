"""The write path of the city's register: declaring and removing the standards an enterprise
applies, keeping its watch list in step, the bureau's confirmation into the programme's
registries, and the linking of declared designations a catalogue import brings.

* Every declaration is parsed (``core.designation``) and stored canonical, linked to the
  catalogue record when the catalogue knows it; an unknown designation is kept as declared.
* A declaration puts its designation on the enterprise's watch list (``from_register``) unless
  it is there already; removing the last declaration of a designation removes the watch entry
  only if the register added it (entries added by hand stay).
* The enterprise's match index entry is refreshed (``mark_standards_changed``): a TBT
  notification citing a declared standard matches the enterprise.
* Nothing is counted by the programme until the bureau (or the district office of the
  enterprise) confirms a declaration: :func:`confirm_declaration` creates, or links when it is
  there already, the ``Adoption`` (采标) or ``DraftedStandard`` record, through the programme's
  own ``save_record``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.responsibility import may_write
from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import record_audit
from biaozhun.catalogue.models import CatalogueChange, Standard
from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.common.events import CatalogueChanged
from biaozhun.common.validation import clean_text
from biaozhun.core.designation import Designation, DesignationError, parse
from biaozhun.enterprises.models import Enterprise
from biaozhun.enterprises.profiles.models import ExportProduct
from biaozhun.enterprises.profiles.services import mark_standards_changed
from biaozhun.programme.models import Adoption, DraftedStandard
from biaozhun.programme.registries import REGISTRIES
from biaozhun.programme.services import require_manager, save_record

from ..models import DeclaredStandard, WatchedStandard
from ..services import standard_for

log = logging.getLogger(__name__)

#: lines of one pasted list at most
MAX_LINES = 500
#: how a confirmation counts: 采标 (an international or foreign standard the product is made
#: to) or a standard the enterprise drafted
CONFIRM_AS = ("adoption", "drafted")


# ------------------------------------------------------------------------------ validation


def _require_declarer(actor: User, enterprise: Enterprise) -> None:
    """The enterprise's own users declare; the bureau and the enterprise's district office
    may help (as for the watch list and the export profile)."""
    scope = Scope.for_user(actor)
    if scope.kind == "all" and getattr(actor, "is_bureau", False):
        return
    if scope.kind == "enterprise" and scope.enterprise_id == enterprise.pk:
        return
    if scope.kind == "district" and scope.district_id == enterprise.district_id:
        return
    raise PermissionDenied(
        "只有本企业用户或主管部门可以登记、修改执行标准。",
        "Only the enterprise's users or its supervising office may declare its standards.",
    )


def parse_designation(text: Any, field_name: str = "designation") -> tuple[str, Designation]:
    """``(text as entered, parsed)`` or a DomainError naming the field."""
    entered = clean_text(text, field_name, 300).strip()
    if not entered:
        raise DomainError(
            "designation_required",
            "请填写标准号。",
            "The designation is required.",
            {"field": field_name},
        )
    try:
        return entered, parse(entered)
    except DesignationError as exc:
        raise DomainError(
            f"designation_{exc.code}",
            f"标准号“{entered[:60]}”无法识别:{exc.message_zh}",
            f"The designation {entered[:60]!r} cannot be read: {exc.message_en}",
            {"field": field_name, "candidates": list(exc.candidates)},
        ) from exc


def clean_product(
    enterprise: Enterprise, product_id: Any, product_name: Any
) -> tuple[ExportProduct | None, str]:
    """The export product line (one of the enterprise's own) or another product's name."""
    name = clean_text(product_name, "product_name", 200).strip()
    if product_id not in (None, ""):
        if (
            isinstance(product_id, bool)
            or not isinstance(product_id, int | str)
            or not str(product_id).isascii()
            or not str(product_id).isdigit()
            or len(str(product_id)) > 10
        ):
            raise DomainError(
                "product_invalid",
                "出口产品编号无效。",
                "The export product id is invalid.",
                {"field": "product_id"},
            )
        product = ExportProduct.objects.filter(
            pk=int(product_id), profile__enterprise=enterprise
        ).first()
        if product is None:
            raise DomainError(
                "product_unknown",
                "该出口产品不属于本企业。",
                "That export product is not one of the enterprise's.",
                {"field": "product_id"},
            )
        return product, name or product.description_zh[:200]
    if not name:
        raise DomainError(
            "product_required",
            "请选择出口产品或填写产品名称。",
            "Choose an export product or name the product.",
            {"field": "product_name"},
        )
    return None, name


# ------------------------------------------------------------------------------ declaring


def _watch(actor: User | None, declaration: DeclaredStandard) -> None:
    """Put the declared designation on the enterprise's watch list (if it is not there)."""
    if WatchedStandard.objects.filter(
        enterprise_id=declaration.enterprise_id, designation=declaration.designation
    ).exists():
        return
    WatchedStandard.objects.create(
        enterprise_id=declaration.enterprise_id,
        designation=declaration.designation,
        entered=declaration.entered,
        key=declaration.key,
        standard_id=declaration.standard_id,
        from_register=True,
        added_by=actor,
    )


def _unwatch(enterprise_id: int, designation: str) -> None:
    """Remove the register's watch entry when no declaration of it is left (never an entry
    added by hand)."""
    if DeclaredStandard.objects.filter(
        enterprise_id=enterprise_id, designation=designation
    ).exists():
        return
    WatchedStandard.objects.filter(
        enterprise_id=enterprise_id, designation=designation, from_register=True
    ).delete()


def _create(
    actor: User,
    enterprise: Enterprise,
    product: ExportProduct | None,
    product_name: str,
    entered: str,
    parsed: Designation,
    note: str,
) -> DeclaredStandard:
    declaration = DeclaredStandard.objects.create(
        enterprise=enterprise,
        product=product,
        product_name=product_name,
        entered=entered,
        designation=parsed.canonical,
        key=parsed.key,
        level=parsed.level,
        standard=standard_for(parsed.canonical, parsed.key, parsed.year is None),
        note=note,
        declared_by=actor,
    )
    _watch(actor, declaration)
    return declaration


@transaction.atomic
def declare_standard(
    actor: User,
    enterprise: Enterprise,
    *,
    designation: Any,
    product_id: Any = None,
    product_name: Any = "",
    note: Any = "",
) -> DeclaredStandard:
    """Declare that the enterprise applies ``designation`` to one product."""
    _require_declarer(actor, enterprise)
    product, name = clean_product(enterprise, product_id, product_name)
    entered, parsed = parse_designation(designation)
    note = clean_text(note, "note", 300).strip()
    if DeclaredStandard.objects.filter(
        enterprise=enterprise, product_name=name, designation=parsed.canonical
    ).exists():
        raise Conflict(
            "already_declared",
            f"“{name}”已登记执行 {parsed.canonical}。",
            f"{parsed.canonical} is already declared for {name!r}.",
            {"field": "designation"},
        )
    declaration = _create(actor, enterprise, product, name, entered, parsed, note)
    record_audit(
        actor,
        "declared_standard.create",
        declaration,
        {"designation": declaration.designation, "product": name},
        district=enterprise.district,
    )
    mark_standards_changed(enterprise.pk)
    return declaration


@dataclass
class BulkResult:
    """What a pasted list did: the declarations made and the lines already declared."""

    created: list[DeclaredStandard] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@transaction.atomic
def declare_many(
    actor: User,
    enterprise: Enterprise,
    *,
    text: Any,
    product_id: Any = None,
    product_name: Any = "",
) -> BulkResult:
    """Declare a pasted list (one designation a line) for one product. All or nothing: any
    unreadable line refuses the whole list, every bad line named (``details.lines``)."""
    _require_declarer(actor, enterprise)
    product, name = clean_product(enterprise, product_id, product_name)
    body = clean_text(text, "designations", 60_000, multiline=True)
    lines = [(n, line.strip()) for n, line in enumerate(body.splitlines(), 1) if line.strip()]
    if not lines:
        raise DomainError(
            "designations_required",
            "请粘贴标准号(每行一个)。",
            "Paste the designations (one a line).",
            {"field": "designations"},
        )
    if len(lines) > MAX_LINES:
        raise DomainError(
            "too_many_lines",
            f"一次最多登记 {MAX_LINES} 行(现为 {len(lines)} 行)。",
            f"At most {MAX_LINES} lines at a time ({len(lines)} given).",
            {"field": "designations", "max_lines": MAX_LINES},
        )
    parsed: list[tuple[str, Designation]] = []
    bad: list[dict[str, Any]] = []
    for number, line in lines:
        try:
            parsed.append(parse_designation(line, "designations"))
        except DomainError as exc:
            bad.append({"line": number, "message_zh": exc.message_zh, "message_en": exc.message_en})
    if bad:
        first = bad[0]
        raise DomainError(
            "designations_invalid",
            f"{len(bad)} 行无法识别,未登记任何标准。第 {first['line']} 行:{first['message_zh']}",
            f"{len(bad)} lines cannot be read; nothing was declared. Line {first['line']}: "
            f"{first['message_en']}",
            {"field": "designations", "lines": bad[:50]},
        )
    existing = set(
        DeclaredStandard.objects.filter(enterprise=enterprise, product_name=name).values_list(
            "designation", flat=True
        )
    )
    result = BulkResult()
    for entered, designation in parsed:
        if designation.canonical in existing:
            result.skipped.append(designation.canonical)
            continue
        existing.add(designation.canonical)
        result.created.append(_create(actor, enterprise, product, name, entered, designation, ""))
    if result.created:
        record_audit(
            actor,
            "declared_standard.import",
            enterprise,
            {
                "product": name,
                "added": [d.designation for d in result.created],
                "skipped": result.skipped,
            },
            district=enterprise.district,
        )
        mark_standards_changed(enterprise.pk)
    return result


@transaction.atomic
def remove_declaration(actor: User, declaration: DeclaredStandard) -> None:
    """Remove a declaration; a programme record its confirmation created stays (it is the
    bureau's record now)."""
    enterprise = declaration.enterprise
    _require_declarer(actor, enterprise)
    record_audit(
        actor,
        "declared_standard.delete",
        declaration,
        {"designation": declaration.designation, "product": declaration.product_name},
        district=enterprise.district,
    )
    designation = declaration.designation
    declaration.delete()
    _unwatch(enterprise.pk, designation)
    mark_standards_changed(enterprise.pk)


# ---------------------------------------------------------------------------- confirmation


def _clean_rank(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        value = ""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= 999):
        raise DomainError(
            "rank_invalid",
            "起草排名应为 1 到 999 的整数。",
            "The rank among the drafters must be a whole number from 1 to 999.",
            {"field": "rank"},
        )
    return int(text)


def _clean_date(value: Any) -> date:
    if not isinstance(value, date) or not 1900 <= value.year <= 2199:
        raise DomainError(
            "date_invalid",
            "请填写日期(1900-2199 年,格式 2026-01-31)。",
            "Give the date (years 1900-2199, as 2026-01-31).",
            {"field": "on"},
        )
    return value


@transaction.atomic
def _require_confirmer(actor: User, district_id: int | None) -> None:
    """Confirming writes the adoptions or drafted-standards registry as the bureau or the
    district's office does (the responsibility table, ``accounts.responsibility``): checked
    before anything in the request is read."""
    kinds = {may_write(actor, slug, district_id=district_id) for slug in ("adoptions", "drafted")}
    if kinds & {"bureau", "district"}:
        return
    raise PermissionDenied(
        "只有市局或本地区工作人员可以确认企业登记的执行标准。",
        "Only the bureau or the district's office may confirm a declared standard.",
    )


def confirm_declaration(
    actor: User,
    declaration: DeclaredStandard,
    *,
    as_: Any,
    on: Any,
    degree: Any = "",
    rank: Any = None,
    title: Any = "",
) -> DeclaredStandard:
    """The bureau (or the enterprise's district office) confirms a declaration for the
    programme: ``as_`` ``"adoption"`` (采标: ``degree`` IDT/MOD/NEQ, ``on`` the adoption
    date) creates or links the ``Adoption`` of this enterprise, product and designation;
    ``"drafted"`` (the enterprise drafted the standard: ``rank`` among the drafters, ``on``
    the publication date, ``title`` or the catalogue's) creates or links the
    ``DraftedStandard``. The record is validated by the programme (an adoption must be of an
    international or foreign standard, a drafted standard of a national, industry, local,
    group or international one)."""
    enterprise = declaration.enterprise
    _require_confirmer(actor, enterprise.district_id)
    require_manager(actor, enterprise.district_id)
    kind = as_ if isinstance(as_, str) else ""
    if kind not in CONFIRM_AS:
        raise DomainError(
            "confirm_as_invalid",
            "请选择确认为“采标”或“主导或参与制定”。",
            "Confirm as an adoption or as a standard the enterprise drafted.",
            {"field": "as"},
        )
    if (kind == "adoption" and declaration.adoption_id) or (
        kind == "drafted" and declaration.drafted_id
    ):
        raise Conflict(
            "already_confirmed",
            "该执行标准已确认。",
            "This declaration is already confirmed.",
            {"field": "as"},
        )
    day = _clean_date(on)
    if kind == "adoption":
        declaration.adoption = _confirm_adoption(actor, declaration, day, degree)
        record_id = declaration.adoption.pk
    else:
        declaration.drafted = _confirm_drafted(actor, declaration, day, rank, title)
        record_id = declaration.drafted.pk
    declaration.confirmed_at = timezone.now()
    declaration.confirmed_by = actor
    declaration.save(update_fields=["adoption", "drafted", "confirmed_at", "confirmed_by"])
    record_audit(
        actor,
        "declared_standard.confirm",
        declaration,
        {"as": kind, "record": record_id, "designation": declaration.designation},
        district=enterprise.district,
    )
    return declaration


def _confirm_adoption(
    actor: User, declaration: DeclaredStandard, day: date, degree: Any
) -> Adoption:
    degree = degree if isinstance(degree, str) else ""
    if degree not in Adoption.Degree.values:
        raise DomainError(
            "degree_invalid",
            "请选择采用程度:等同采用 IDT、修改采用 MOD 或非等效采用 NEQ。",
            "Choose the degree: identical (IDT), modified (MOD) or non-equivalent (NEQ).",
            {"field": "degree"},
        )
    product = declaration.product_name[:200]
    existing = Adoption.objects.filter(
        enterprise=declaration.enterprise, product=product, designation=declaration.designation
    ).first()
    if existing is not None:
        return existing
    record = save_record(
        actor,
        REGISTRIES["adoptions"],
        None,
        {
            "enterprise": declaration.enterprise,
            "product": product,
            "designation": declaration.designation,
            "degree": degree,
            "export_sales": declaration.product_id is not None,
            "adopted_on": day,
        },
    )
    assert isinstance(record, Adoption)
    return record


def _confirm_drafted(
    actor: User, declaration: DeclaredStandard, day: date, rank: Any, title: Any
) -> DraftedStandard:
    number = _clean_rank(rank)
    name = clean_text(title, "title", 300).strip()
    if not name and declaration.standard_id:
        name = declaration.standard.title[:300]  # type: ignore[union-attr]
    if not name:
        raise DomainError(
            "title_required",
            "目录中没有该标准的名称,请填写标准名称。",
            "The catalogue has no title for this standard: give its title.",
            {"field": "title"},
        )
    existing = DraftedStandard.objects.filter(
        enterprise=declaration.enterprise, designation=declaration.designation
    ).first()
    if existing is not None:
        return existing
    record = save_record(
        actor,
        REGISTRIES["drafted"],
        None,
        {
            "designation": declaration.designation,
            "title": name,
            "enterprise": declaration.enterprise,
            "organisation": "",
            "rank": number,
            "published_on": day,
        },
    )
    assert isinstance(record, DraftedStandard)
    return record


# ------------------------------------------------------------------- catalogue imports


@transaction.atomic
def link_declarations(change_ids: list[int]) -> int:
    """Link the declarations whose designation a catalogue import brought (new records):
    a dated designation to the record with its canonical, an undated one to the one current
    edition of its key. Returns how many were linked."""
    standards = list(
        Standard.objects.filter(
            pk__in=CatalogueChange.objects.filter(
                pk__in=change_ids, kind=CatalogueChange.Kind.NEW
            ).values("standard_id")
        ).only("pk", "canonical", "key")
    )
    if not standards:
        return 0
    by_canonical = {s.canonical: s for s in standards}
    keys = {s.key for s in standards}
    linked = 0
    pending = DeclaredStandard.objects.filter(standard__isnull=True, key__in=keys).select_related(
        "enterprise__district"
    )
    for declaration in pending:
        standard = by_canonical.get(declaration.designation)
        if standard is None and parse(declaration.designation).year is None:
            standard = standard_for(declaration.designation, declaration.key, True)
        if standard is None:
            continue
        declaration.standard = standard
        declaration.save(update_fields=["standard"])
        WatchedStandard.objects.filter(
            enterprise_id=declaration.enterprise_id,
            designation=declaration.designation,
            standard__isnull=True,
        ).update(standard=standard)
        record_audit(
            None,
            "declared_standard.link",
            declaration,
            {"standard": standard.canonical},
            district=declaration.enterprise.district,
        )
        linked += 1
    return linked


def on_catalogue_changes(event: CatalogueChanged) -> None:
    """The handler of :class:`CatalogueChanged` (a task after the import's commit): link the
    register's unknown designations the import brought (idempotent: only unlinked
    declarations are touched)."""
    count = link_declarations(list(event.change_ids))
    if count:
        log.info("%d declared standards linked to the catalogue", count)
