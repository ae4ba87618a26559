"""The write path of the enterprise registry: registration, review, edits and bulk import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from biaozhun.accounts.models import District, User
from biaozhun.accounts.responsibility import require_writer
from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import create_user, diff_fields, record_audit
from biaozhun.common.errors import DomainError, NotFound, PermissionDenied
from biaozhun.common.validation import clean_fields, clean_int, clean_text
from biaozhun.core.credit_code import CreditCodeError, validate

from .models import Contact, Enterprise, Industry, YearList


@dataclass
class EnterpriseData:
    """The fields of an enterprise as a form or an import row gives them."""

    name_zh: str
    credit_code: str
    district: District
    name_en: str = ""
    tax_district: District | None = None
    address: str = ""
    industries: tuple[str, ...] = ()
    is_exporter: bool = False
    website: str = ""


def check_credit_code(text: str) -> str:
    try:
        return validate(text)
    except CreditCodeError as exc:
        raise DomainError(
            f"credit_code_{exc.code}",
            exc.message_zh,
            exc.message_en,
            {"field": "credit_code", "expected": exc.expected},
        ) from exc


def _clean_data(data: EnterpriseData) -> dict[str, Any]:
    """The stored fields of ``data``, each checked by its column's rule (length, control
    characters, an http(s) website)."""
    return clean_fields(
        Enterprise,
        {
            "name_zh": data.name_zh.strip() if isinstance(data.name_zh, str) else data.name_zh,
            "name_en": data.name_en.strip() if isinstance(data.name_en, str) else data.name_en,
            "address": data.address,
            "website": data.website,
        },
    )


def _industries(slugs: tuple[str, ...]) -> list[Industry]:
    found = list(Industry.objects.filter(slug__in=slugs))
    unknown = set(slugs) - {industry.slug for industry in found}
    if unknown:
        raise DomainError(
            "unknown_industry",
            f"未知行业:{'、'.join(sorted(unknown))}。",
            f"Unknown industries: {', '.join(sorted(unknown))}.",
            {"field": "industries"},
        )
    return found


def can_manage(actor: User, district: District) -> bool:
    """Bureau staff manage every enterprise; a district officer those of its district."""
    scope = Scope.for_user(actor)
    return bool(getattr(actor, "is_bureau", False)) or (
        scope.kind == "district" and scope.district_id == district.pk
    )


def _require_manager(actor: User, district: District) -> None:
    if can_manage(actor, district):
        return
    raise PermissionDenied(
        "只有市局或本地区工作人员可以管理该企业。",
        "Only the bureau or the enterprise's own district office can manage it.",
    )


@transaction.atomic
def create_enterprise(actor: User, data: EnterpriseData) -> Enterprise:
    """Register an enterprise directly (bureau or district staff): approved at once."""
    _require_manager(actor, data.district)
    code = check_credit_code(data.credit_code)
    if Enterprise.objects.filter(credit_code=code).exists():
        raise DomainError(
            "duplicate_credit_code",
            f"统一社会信用代码 {code} 已登记。",
            f"An enterprise with credit code {code} is already registered.",
            {"field": "credit_code"},
        )
    enterprise = Enterprise.objects.create(
        **_clean_data(data),
        credit_code=code,
        district=data.district,
        tax_district=data.tax_district,
        is_exporter=data.is_exporter,
        status=Enterprise.Status.APPROVED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    enterprise.industries.set(_industries(data.industries))
    record_audit(
        actor, "enterprise.create", enterprise, {"credit_code": code}, district=data.district
    )
    return enterprise


@transaction.atomic
def update_enterprise(actor: User, enterprise: Enterprise, values: dict[str, Any]) -> Enterprise:
    """Change an enterprise's fields (its own users may edit their contact-level fields)."""
    scope = Scope.for_user(actor)
    own = scope.kind == "enterprise" and scope.enterprise_id == enterprise.pk
    if not own:
        _require_manager(actor, enterprise.district)
    allowed = {"name_en", "address", "website", "is_exporter"}
    if not own:
        allowed |= {"name_zh", "district", "tax_district"}
    refused = set(values) - allowed - {"industries"}
    if refused:
        raise PermissionDenied(
            f"不能修改字段:{'、'.join(sorted(refused))}。",
            f"These fields cannot be changed here: {', '.join(sorted(refused))}.",
        )
    industries = values.pop("industries", None)
    values = clean_fields(Enterprise, values)
    changes = diff_fields(enterprise, values)
    enterprise.save()
    if industries is not None:
        before = sorted(enterprise.industries.values_list("slug", flat=True))
        enterprise.industries.set(_industries(tuple(industries)))
        if before != sorted(industries):
            changes["industries"] = [before, sorted(industries)]
    if changes:
        record_audit(actor, "enterprise.update", enterprise, changes, district=enterprise.district)
    return enterprise


@transaction.atomic
def register_enterprise(
    data: EnterpriseData, *, username: str, password: str, email: str, contact_name: str
) -> User:
    """Self-registration: the enterprise waits for review; its first user can sign in and see
    only the pending record until bureau or district staff approve it."""
    code = check_credit_code(data.credit_code)
    if Enterprise.objects.filter(credit_code=code).exists():
        raise DomainError(
            "duplicate_credit_code",
            f"统一社会信用代码 {code} 已登记,请联系本企业管理员或市局。",
            f"Credit code {code} is already registered: ask your enterprise's administrator "
            "or the bureau.",
            {"field": "credit_code"},
        )
    enterprise = Enterprise.objects.create(
        **{k: v for k, v in _clean_data(data).items() if k != "website"},
        credit_code=code,
        district=data.district,
        is_exporter=data.is_exporter,
        status=Enterprise.Status.PENDING,
    )
    enterprise.industries.set(_industries(data.industries))
    Contact.objects.create(
        enterprise=enterprise, **clean_fields(Contact, {"name": contact_name, "email": email})
    )
    user = create_user(
        username=username,
        password=password,
        role=User.Role.ENTERPRISE_USER,
        email=email,
        display_name=contact_name,
        enterprise=enterprise,
    )
    record_audit(
        user, "enterprise.register", enterprise, {"credit_code": code}, district=data.district
    )
    return user


@transaction.atomic
def review_enterprise(
    actor: User, enterprise: Enterprise, *, approve: bool, note: str = ""
) -> Enterprise:
    """Approve or reject a self-registered enterprise."""
    _require_manager(actor, enterprise.district)
    if enterprise.status != Enterprise.Status.PENDING:
        raise DomainError(
            "not_pending",
            "该企业不在待审核状态。",
            "This enterprise is not waiting for review.",
        )
    enterprise.status = Enterprise.Status.APPROVED if approve else Enterprise.Status.REJECTED
    enterprise.review_note = clean_text(str(note)[:500], "note", 500, multiline=True)
    enterprise.save(update_fields=["status", "review_note", "updated_at"])
    record_audit(
        actor,
        "enterprise.approve" if approve else "enterprise.reject",
        enterprise,
        {"note": note},
        district=enterprise.district,
    )
    return enterprise


#: the responsibility table's row of each yearly list
LIST_REGISTRY: dict[str, str] = {
    YearList.Kind.LEADING_AGRICULTURAL.value: "leading-enterprises",
    YearList.Kind.INNOVATIVE_PILOT.value: "innovative-list",
}


@transaction.atomic
def set_year_listing(
    actor: User,
    enterprise: Enterprise,
    kind: str,
    year: int,
    *,
    listed: bool = True,
    standardised_production: bool = False,
) -> None:
    """Put an enterprise on (or take it off) a yearly list: the bureau, the enterprise's
    district office or the list's responsible department (the 农委 the leading agricultural
    enterprises, the 科技局 the innovative enterprises: ``core.responsibility``)."""
    if kind not in YearList.Kind.values:
        raise DomainError("bad_list_kind", f"名单类型 {kind} 无效。", f"Unknown list kind {kind}.")
    if actor is not None:
        require_writer(
            actor, LIST_REGISTRY[kind], district_id=enterprise.district_id, enterprise_id=None
        )
    year = clean_int(year, "year", 1949, 2100)
    if listed:
        YearList.objects.update_or_create(
            enterprise=enterprise,
            kind=kind,
            year=year,
            defaults={"standardised_production": standardised_production},
        )
    else:
        YearList.objects.filter(enterprise=enterprise, kind=kind, year=year).delete()
    record_audit(
        actor,
        "enterprise.year_list",
        enterprise,
        {"kind": kind, "year": year, "listed": listed},
        district=enterprise.district,
    )


@transaction.atomic
def add_contact(actor: User, enterprise: Enterprise, **fields: Any) -> Contact:
    scope = Scope.for_user(actor)
    if not (scope.kind == "enterprise" and scope.enterprise_id == enterprise.pk):
        _require_manager(actor, enterprise.district)
    if not str(fields.get("name", "")).strip():
        raise DomainError("name_required", "请填写联系人姓名。", "The contact's name is required.")
    fields = clean_fields(Contact, fields)
    contact = Contact.objects.create(enterprise=enterprise, **fields)
    record_audit(actor, "contact.create", contact, fields, district=enterprise.district)
    return contact


def enterprise_for_user(user: User) -> Enterprise:
    if not user.enterprise_id:
        raise NotFound("企业", "enterprise")
    return Enterprise.objects.select_related("district").get(pk=user.enterprise_id)
