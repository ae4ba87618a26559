"""Incentive applications, from the enterprise's side: the facts it claims, the decision the
rules engine computes from them, the draft it creates and edits, its evidence, and the journal
of steps (``record_step``) every write of an application leaves.

The decision itself is the rules engine's (``biaozhun.core.incentives.decide``): the facts come
from the application (what the enterprise claims) and from the enterprise registry (registered
and tax district, the innovative-enterprise list years), the prior awards from the ``Award``
rows granted before. The review that follows is in ``review``, payments in ``payments``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import record_audit
from biaozhun.catalogue.models import Standard
from biaozhun.catalogue.selectors import find_by_canonical
from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.common.validation import clean_int, clean_json, clean_text
from biaozhun.core.incentives import (
    Case,
    CaseError,
    case_from_dict,
    decide,
    decision_to_dict,
    normalise_key,
)
from biaozhun.enterprises.models import Enterprise, YearList
from biaozhun.notify.services import publish

from .models import Application, Attachment, Award, Policy, Step
from .policies import core_policies

State = Application.State

ACTIVE_STATES = (
    State.DRAFT,
    State.SUBMITTED,
    State.DISTRICT_REVIEW,
    State.BUREAU_REVIEW,
    State.APPROVED,
    State.PAID,
)

FACT_KEYS = {
    "standard_drafting": {"standard", "drafting"},
    "adoption_export": {"products"},
    "technical_committee": {"committee", "requested_amount"},
}

ACTION_LABELS: dict[str, tuple[str, str]] = {
    "create": ("创建草稿", "Draft created"),
    "update": ("修改申请", "Application edited"),
    "submit": ("提交申请", "Submit"),
    "withdraw": ("撤回申请", "Withdraw"),
    "accept": ("受理(县区审核)", "Accept for district review"),
    "return": ("退回补充", "Return for completion"),
    "forward": ("报送市局", "Forward to the bureau"),
    "approve": ("批准", "Approve"),
    "reject": ("不予批准", "Reject"),
    "pay": ("登记支付", "Record payment"),
    "payment": ("部分支付", "Part payment"),
    "attach": ("上传附件", "Attachment uploaded"),
}

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

ATTACHMENT_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".ofd")


# --- facts and decisions ---------------------------------------------------------------------


def _clean_facts(kind: str, facts: dict[str, Any]) -> dict[str, Any]:
    if kind not in FACT_KEYS:
        raise DomainError(
            "bad_kind",
            f"未知的申请类别:{kind}。",
            f"Unknown kind of application: {kind}.",
            {"field": "kind"},
        )
    unknown = set(facts) - FACT_KEYS[kind]
    if unknown:
        raise DomainError(
            "unknown_fact",
            f"该类申请不接受这些内容:{'、'.join(sorted(unknown))}。",
            f"This kind of application does not take: {', '.join(sorted(unknown))}.",
            {"field": sorted(unknown)[0]},
        )
    return {k: clean_json(v, k) for k, v in facts.items() if v is not None}


def enterprise_facts(enterprise: Enterprise) -> dict[str, Any]:
    years = sorted(
        YearList.objects.filter(
            enterprise=enterprise, kind=YearList.Kind.INNOVATIVE_PILOT
        ).values_list("year", flat=True)
    )
    return {
        "name": enterprise.name_zh,
        "district": enterprise.district.code,
        "tax_district": enterprise.effective_tax_district.code,
        "innovative_list_years": years,
        "credit_code": enterprise.credit_code,
    }


def prior_awards(
    enterprise: Enterprise, *, exclude: Application | None = None
) -> list[dict[str, Any]]:
    qs = Award.objects.filter(enterprise=enterprise)
    if exclude is not None and exclude.pk:
        qs = qs.exclude(application=exclude)
    return [
        {"kind": a.kind, "key": a.key, "year": a.year, "amount": a.amount}
        for a in qs.order_by("id")
    ]


def case_dict(
    enterprise: Enterprise,
    kind: str,
    facts: dict[str, Any],
    *,
    year: int,
    application_date: dt.date,
    reference: str | None = None,
    exclude: Application | None = None,
) -> dict[str, Any]:
    """The engine's case: the applicant's facts plus what the registry knows."""
    case: dict[str, Any] = {
        "kind": kind,
        "reference": reference,
        "application_date": application_date.isoformat(),
        "year": year,
        "enterprise": enterprise_facts(enterprise),
        "prior_awards": prior_awards(enterprise, exclude=exclude),
    }
    case.update(facts)
    return case


def _read_case(case: dict[str, Any]) -> Case:
    try:
        return case_from_dict(case)
    except CaseError as exc:
        raise DomainError(
            f"case_{exc.code}",
            f"申请内容有误({exc.field or '—'}):{exc.message_zh}",
            f"The application is incomplete or invalid ({exc.field or '—'}): {exc.message_en}",
            {"field": exc.field or ""},
        ) from exc


def compute_decision(case: dict[str, Any]) -> dict[str, Any]:
    return decision_to_dict(decide(_read_case(case), core_policies()))


def _subject(kind: str, facts: dict[str, Any]) -> tuple[str, str]:
    """(duplicate key, label) of what the application is for."""
    if kind == "standard_drafting":
        designation = str(facts["standard"]["designation"])
        return "standard:" + normalise_key(designation), designation
    if kind == "technical_committee":
        code = str(facts["committee"]["code"])
        return "committee:" + normalise_key(code), code
    products = facts["products"]
    keys = sorted(
        f"product:{normalise_key(str(p['name']))}|{normalise_key(str(p['adopted_standard']))}"
        for p in products
    )
    names = "、".join(str(p["name"]) for p in products)
    return ";".join(keys), names[:300]


def refuse_duplicates(application: Application) -> None:
    others = Application.objects.filter(
        enterprise=application.enterprise, kind=application.kind, state__in=ACTIVE_STATES
    ).exclude(pk=application.pk)
    mine = set(application.subject_key.split(";"))
    for other in others.only("reference", "subject_key", "state"):
        shared = mine & set(other.subject_key.split(";"))
        if shared:
            label = next(iter(sorted(shared))).partition(":")[2]
            raise Conflict(
                "duplicate_application",
                f"本企业已就同一对象({label})提出过同类申请 {other.reference}"
                f"(状态:{other.get_state_display()}),不能重复申请。",
                f"Your enterprise already has an application of this kind for the same subject "
                f"({label}): {other.reference} ({other.state}). It cannot apply twice.",
                {"field": "subject", "other": other.reference},
            )
    for check in application.decision.get("checks", []):
        if check["condition"] == "award.not_duplicate" and not check["passed"]:
            raise Conflict(
                "already_awarded",
                "重复申请:" + check["message_zh"],
                "Duplicate: " + check["message_en"],
                {"field": "subject", "condition": check["condition"]},
            )
    products = application.decision.get("products", [])
    if products and all(p["condition"] == "product.not_duplicate" for p in products):
        raise Conflict(
            "already_awarded",
            "重复申请:所列产品均已获得过采标出口奖励。",
            "Duplicate: every product listed has already received the adoption award.",
            {"field": "products", "condition": "product.not_duplicate"},
        )


def _apply_decision(application: Application, decision: dict[str, Any]) -> None:
    application.decision = decision
    application.eligible = bool(decision["eligible"])
    application.computed_amount = decision["amount"]
    application.cap = decision["cap"]
    payer = decision.get("payer") or {}
    application.payer_code = payer.get("code") or ""
    policy = decision.get("policy")
    application.policy = (
        Policy.objects.filter(name=policy["name"], version=policy["version"]).first()
        if policy
        else None
    )


def recompute(application: Application) -> dict[str, Any]:
    decision = compute_decision(
        case_dict(
            application.enterprise,
            application.kind,
            application.facts,
            year=application.year,
            application_date=application.application_date,
            reference=application.reference,
            exclude=application,
        )
    )
    _apply_decision(application, decision)
    return decision


def _catalogue_level(standard: Standard) -> str | None:
    level = str(standard.level)
    if level in {"international", "national", "industry", "group", "enterprise"}:
        return level
    if level == "local":
        if re.match(r"^DB\d{4}/", standard.canonical):
            return "municipal_local"
        if re.match(r"^DB\d{2}/", standard.canonical):
            return "provincial_local"
    return None


def enrich_from_catalogue(
    enterprise: Enterprise, kind: str, facts: dict[str, Any]
) -> tuple[dict[str, Any], Standard | None]:
    """For a drafting application, take what the standards catalogue knows (canonical
    designation, title, level, publication; the enterprise's rank among the drafters) over
    what was typed. Returns the facts and the catalogue's ``Standard`` (or ``None``)."""
    if kind != "standard_drafting" or not isinstance(facts.get("standard"), dict):
        return facts, None
    designation = str(facts["standard"].get("designation") or "").strip()
    found = find_by_canonical(designation) if designation else None
    if found is None:
        return facts, None
    standard = dict(facts["standard"]) | {"designation": found.canonical}
    if found.title_zh:
        standard["title"] = found.title_zh
    level = _catalogue_level(found)
    if level:
        standard["level"] = level
    if found.published_on:
        standard |= {
            "publish_date": found.published_on.isoformat(),
            "published": True,
            "approved": True,
        }
    drafting = dict(facts.get("drafting") or {})
    drafter = found.drafters.filter(enterprise=enterprise).order_by("rank").first()
    if drafter is not None:
        drafting["rank"] = drafter.rank
    return facts | {"standard": standard, "drafting": drafting}, found


# --- the journal of steps ---------------------------------------------------------------------


def _next_reference(day: dt.date) -> str:
    prefix = f"JL-{day.year}-"
    number = Application.objects.filter(reference__startswith=prefix).count() + 1
    while Application.objects.filter(reference=f"{prefix}{number:04d}").exists():
        number += 1
    return f"{prefix}{number:04d}"


def own_enterprise(actor: User | None, enterprise: Enterprise) -> bool:
    scope = Scope.for_user(actor)
    return scope.kind == "enterprise" and scope.enterprise_id == enterprise.pk


def record_step(
    actor: User | None,
    application: Application,
    action: str,
    from_state: str,
    *,
    note: str = "",
    amount: int | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    note = clean_text(str(note)[:1000], "note", 1000, multiline=True)
    step = Step.objects.create(
        application=application,
        actor=actor if authenticated else None,
        actor_label=str(actor) if authenticated else "system",
        action=action,
        from_state=from_state,
        to_state=application.state,
        note=note[:1000],
        amount=amount,
    )
    record_audit(
        actor,
        f"incentive_application.{action}",
        application,
        {"state": [from_state, application.state], "note": note, "amount": amount}
        | (changes or {}),
        district=application.district,
    )
    if action in NOTIFIED_STEPS and not application.example:
        _notify(application, step)


# steps the applicant is told about (in-app and its chosen channels), with their urgency
NOTIFIED_STEPS = {"return": "yellow", "approve": "info", "reject": "yellow", "pay": "info"}


def _notify(application: Application, step: Step) -> None:
    zh, en = ACTION_LABELS[step.action]
    amount_zh = f",金额 {step.amount:,} 元" if step.amount else ""
    amount_en = f", {step.amount:,} yuan" if step.amount else ""
    publish(
        kind="incentive",
        urgency=NOTIFIED_STEPS[step.action],
        enterprise=application.enterprise,
        title_zh=f"激励申请 {application.reference}:{zh}{amount_zh}",
        title_en=f"Incentive application {application.reference}: {en}{amount_en}",
        body_zh=step.note,
        body_en=step.note,
        url=f"/incentives/{application.pk}/",
        source=application,
        dedupe_key=f"incentive-step-{step.pk}",
    )


# --- the applicant's writes -------------------------------------------------------------------


@transaction.atomic
def create_application(
    actor: User | None,
    enterprise: Enterprise,
    kind: str,
    facts: dict[str, Any],
    *,
    year: int | None = None,
    application_date: dt.date | None = None,
    example: bool = False,
) -> Application:
    """An enterprise's own user drafts an application; the decision is computed at once.
    Refused when the enterprise already has an application of this kind for the same subject,
    or was already awarded for it."""
    if not own_enterprise(actor, enterprise) and not (example and actor is None):
        raise PermissionDenied(
            "只有本企业用户可以提出申请。", "Only the enterprise's own users can apply."
        )
    if enterprise.status != Enterprise.Status.APPROVED:
        raise PermissionDenied(
            "企业注册审核通过后才能申请激励。",
            "The enterprise's registration must be approved before it can apply.",
        )
    facts, catalogue_standard = enrich_from_catalogue(enterprise, kind, _clean_facts(kind, facts))
    day = application_date or timezone.localdate()
    year = clean_int(year or day.year, "year", 2000, 2100)
    reference = _next_reference(day)
    case = case_dict(enterprise, kind, facts, year=year, application_date=day, reference=reference)
    decision = compute_decision(case)  # also validates the facts
    key, label = _subject(kind, facts)
    application = Application(
        reference=reference,
        enterprise=enterprise,
        district=enterprise.effective_tax_district,
        kind=kind,
        year=year,
        application_date=day,
        facts=facts,
        standard=catalogue_standard,
        subject_key=key,
        subject=label,
        example=example,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _apply_decision(application, decision)
    refuse_duplicates(application)
    application.save()
    record_step(actor, application, "create", "", changes={"kind": kind, "subject": label})
    return application


@transaction.atomic
def update_application(
    actor: User, application: Application, facts: dict[str, Any], *, year: int | None = None
) -> Application:
    """The applicant edits a draft (also one returned for completion)."""
    if not own_enterprise(actor, application.enterprise):
        raise PermissionDenied(
            "只有本企业用户可以修改申请。", "Only the enterprise's own users can edit it."
        )
    if application.state != State.DRAFT:
        raise Conflict(
            "not_draft",
            "只能修改草稿状态的申请。",
            "Only a draft can be edited.",
        )
    application.facts, application.standard = enrich_from_catalogue(
        application.enterprise, application.kind, _clean_facts(application.kind, facts)
    )
    if year:
        application.year = clean_int(year, "year", 2000, 2100)
    application.subject_key, application.subject = _subject(application.kind, application.facts)
    recompute(application)
    refuse_duplicates(application)
    application.save()
    record_step(actor, application, "update", State.DRAFT)
    return application


def add_attachment(
    actor: User, application: Application, upload: UploadedFile[Any], kind: str
) -> Attachment:
    if not own_enterprise(actor, application.enterprise):
        raise PermissionDenied(
            "只有本企业用户可以上传证明材料。",
            "Only the enterprise's own users can upload evidence.",
        )
    if application.state not in (State.DRAFT, State.SUBMITTED):
        raise Conflict(
            "attachments_closed",
            "申请进入审核后不能再上传材料。",
            "Evidence can no longer be added once the review has started.",
        )
    if kind not in Attachment.Kind.values:
        raise DomainError(
            "bad_attachment_kind", "材料类别无效。", "Unknown kind of evidence.", {"field": "kind"}
        )
    name = str(getattr(upload, "name", "") or "")
    size = int(getattr(upload, "size", 0) or 0)
    if not name.lower().endswith(ATTACHMENT_SUFFIXES):
        raise DomainError(
            "bad_attachment_type",
            f"只接受以下格式:{' '.join(ATTACHMENT_SUFFIXES)}。",
            f"Accepted formats: {' '.join(ATTACHMENT_SUFFIXES)}.",
            {"field": "file"},
        )
    if size <= 0 or size > MAX_ATTACHMENT_BYTES:
        raise DomainError(
            "bad_attachment_size",
            "附件不能为空,且不超过 10 MB。",
            "An attachment must not be empty and at most 10 MB.",
            {"field": "file"},
        )
    with transaction.atomic():
        attachment = Attachment.objects.create(
            application=application,
            kind=kind,
            file=upload,
            original_name=name[-200:],
            size=size,
            uploaded_by=actor,
        )
        record_step(actor, application, "attach", application.state, note=name[-200:])
    return attachment
