"""The write path of incentives: policy versions, applications and their review workflow,
awards, payments and budgets. Every write is atomic and leaves an audit row.

The decision itself is the rules engine's (``biaozhun.core.incentives.decide``): the facts come
from the application (what the enterprise claims) and from the enterprise registry (registered
and tax district, the innovative-enterprise list years), the prior awards from the ``Award``
rows granted before.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from biaozhun.accounts.models import District, Region
from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.core.incentives import (
    CaseError,
    PolicyError,
    case_from_dict,
    decide,
    decision_to_dict,
    default_policies,
    normalise_key,
    policy_from_dict,
    policy_to_dict,
)
from biaozhun.enterprises.models import Enterprise, YearList

from .models import KIND_LABELS, Application, Attachment, Award, Budget, Payment, Policy, Step

State = Application.State
ACTIVE_STATES = (
    State.DRAFT,
    State.SUBMITTED,
    State.DISTRICT_REVIEW,
    State.BUREAU_REVIEW,
    State.APPROVED,
    State.PAID,
)
COMMITTED_STATES = (State.APPROVED, State.PAID)
FACT_KEYS = {
    "standard_drafting": {"standard", "drafting"},
    "adoption_export": {"products"},
    "technical_committee": {"committee", "requested_amount"},
}

# (state, action) -> new state. Anything else is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.DRAFT, "submit"): State.SUBMITTED,
    (State.DRAFT, "withdraw"): State.WITHDRAWN,
    (State.SUBMITTED, "withdraw"): State.WITHDRAWN,
    (State.SUBMITTED, "accept"): State.DISTRICT_REVIEW,
    (State.SUBMITTED, "return"): State.DRAFT,
    (State.DISTRICT_REVIEW, "forward"): State.BUREAU_REVIEW,
    (State.DISTRICT_REVIEW, "approve"): State.APPROVED,
    (State.DISTRICT_REVIEW, "reject"): State.REJECTED,
    (State.DISTRICT_REVIEW, "return"): State.DRAFT,
    (State.BUREAU_REVIEW, "approve"): State.APPROVED,
    (State.BUREAU_REVIEW, "reject"): State.REJECTED,
    (State.BUREAU_REVIEW, "return"): State.DISTRICT_REVIEW,
    (State.APPROVED, "pay"): State.PAID,
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


# --- payers ---------------------------------------------------------------------------------


def city_payer_code() -> str:
    region = Region.objects.order_by("id").first()
    return f"city:{region.code if region else '321000'}"


def payer_codes_managed_by(user: Any) -> set[str]:
    """The payers whose policy, budget, decisions and payments ``user`` manages: the bureau
    the city's, a district officer of a county its county's."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    if user.is_bureau:
        return {city_payer_code()}
    if user.role == "district_officer" and user.district_id:
        district = user.district
        if not district.is_urban:
            return {f"county:{district.code}"}
    return set()


def payer_name(code: str) -> tuple[str, str]:
    policy = Policy.objects.filter(payer_code=code).first()
    if policy:
        return policy.payer_name_zh, policy.payer_name_en
    kind, _, division = code.partition(":")
    district = District.objects.filter(code=division).first()
    if kind == "county" and district:
        return f"{district.name_zh}财政局", f"{district.name_en} Finance Bureau"
    return "扬州市财政局", "Yangzhou Municipal Finance Bureau"


# --- policies ---------------------------------------------------------------------------------


def _policy_row_values(core: Any) -> dict[str, Any]:
    district = None
    if core.jurisdiction.kind == "county":
        district = District.objects.filter(code=core.jurisdiction.code).first()
    return {
        "name_en": core.name_en,
        "payer_code": core.payer.code,
        "payer_name_zh": core.payer.name_zh,
        "payer_name_en": core.payer.name_en,
        "jurisdiction_kind": core.jurisdiction.kind,
        "district": district,
        "valid_from": core.valid_from,
        "valid_to": core.valid_to,
        "example": core.example,
        "body": policy_to_dict(core),
    }


def load_default_policies(stdout: Any = None) -> int:
    """Store the default policies (the 2011 city policy and the example county policy) as
    versions, once; an existing version is left as it is."""
    created = 0
    with transaction.atomic():
        for core in default_policies():
            _, made = Policy.objects.get_or_create(
                name=core.name, version=core.version, defaults=_policy_row_values(core)
            )
            created += int(made)
    if stdout is not None:
        stdout.write(f"incentive policies: {Policy.objects.count()} versions ({created} new)")
    return created


def _read_policy(body: Any) -> Any:
    try:
        return policy_from_dict(body)
    except PolicyError as exc:
        raise DomainError(
            f"policy_{exc.code}",
            f"政策数据有误({exc.field or '—'}):{exc.message_zh}",
            f"The policy data is invalid ({exc.field or '—'}): {exc.message_en}",
            {"field": "body", "path": exc.field},
        ) from exc


def _require_policy_admin(actor: Any, core: Any) -> None:
    managed = payer_codes_managed_by(actor)
    if core.payer.code not in managed:
        raise PermissionDenied(
            "只能为本级财政配置政策:市局管理市级政策,县(市)工作人员管理本县(市)政策。",
            "You may configure only your own payer's policy: the bureau the city's, a county "
            "officer the county's.",
        )
    if core.payer.code.startswith("county:"):
        county = core.payer.code.partition(":")[2]
        codes = {d.code for d in core.jurisdiction.districts}
        if (
            core.jurisdiction.kind != "county"
            or core.jurisdiction.code != county
            or codes != {county}
        ):
            raise DomainError(
                "policy_jurisdiction",
                "县(市)政策的管辖范围只能是本县(市)。",
                "A county policy's jurisdiction must be that county alone.",
                {"field": "body", "path": "jurisdiction"},
            )


@transaction.atomic
def add_policy_version(actor: Any, body: Any, *, note: str = "") -> Policy:
    """Add a new version of a payer's policy (the JSON of ``policy_to_dict``)."""
    core = _read_policy(body)
    _require_policy_admin(actor, core)
    if Policy.objects.filter(name=core.name, version=core.version).exists():
        raise DomainError(
            "policy_version_exists",
            f"政策“{core.name}”的版本 {core.version} 已存在,请使用新的版本号。",
            f"Version {core.version} of “{core.name_en}” already exists: use a new version.",
            {"field": "body", "path": "version"},
        )
    policy = Policy.objects.create(
        name=core.name,
        version=core.version,
        note=note[:500],
        created_by=actor,
        **_policy_row_values(core),
    )
    record_audit(
        actor,
        "incentive_policy.create",
        policy,
        {"version": core.version, "valid_from": core.valid_from, "valid_to": core.valid_to},
        district=policy.district,
    )
    return policy


@transaction.atomic
def update_policy_version(actor: Any, policy: Policy, body: Any) -> Policy:
    """Correct a version no application references yet; a referenced one stays as it was."""
    if policy.applications.exists():
        raise Conflict(
            "policy_in_use",
            "已有申请依据此政策版本作出结论,不能修改;请新增一个版本。",
            "Decisions reference this policy version, so it cannot be changed: add a new version.",
        )
    core = _read_policy(body)
    _require_policy_admin(actor, core)
    _require_policy_admin(actor, policy.as_core())
    if (core.name, core.version) != (policy.name, policy.version):
        raise DomainError(
            "policy_identity",
            "修改时不能改变政策名称或版本号。",
            "Name and version cannot change when correcting a version.",
            {"field": "body"},
        )
    for key, value in _policy_row_values(core).items():
        setattr(policy, key, value)
    policy.save()
    record_audit(actor, "incentive_policy.update", policy, {"version": policy.version})
    return policy


def core_policies() -> tuple[Any, ...]:
    return tuple(p.as_core() for p in Policy.objects.order_by("id"))


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
    return {k: v for k, v in facts.items() if v is not None}


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


def _read_case(case: dict[str, Any]) -> Any:
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


def _refuse_duplicates(application: Application) -> None:
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


def _catalogue_level(standard: Any) -> str | None:
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
) -> tuple[dict[str, Any], Any]:
    """For a drafting application, take what the standards catalogue knows (canonical
    designation, title, level, publication; the enterprise's rank among the drafters) over
    what was typed. Returns the facts and the catalogue's ``Standard`` (or ``None``)."""
    if kind != "standard_drafting" or not isinstance(facts.get("standard"), dict):
        return facts, None
    from biaozhun.catalogue.selectors import find_by_canonical

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


def _next_reference(day: dt.date) -> str:
    prefix = f"JL-{day.year}-"
    number = Application.objects.filter(reference__startswith=prefix).count() + 1
    while Application.objects.filter(reference=f"{prefix}{number:04d}").exists():
        number += 1
    return f"{prefix}{number:04d}"


def _own_enterprise(actor: Any, enterprise: Enterprise) -> bool:
    scope = Scope.for_user(actor)
    return scope.kind == "enterprise" and scope.enterprise_id == enterprise.pk


def _step(
    actor: Any,
    application: Application,
    action: str,
    from_state: str,
    *,
    note: str = "",
    amount: int | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
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
    from biaozhun.notify.services import publish

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


@transaction.atomic
def create_application(
    actor: Any,
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
    if not _own_enterprise(actor, enterprise) and not (example and actor is None):
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
    year = year or day.year
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
    _refuse_duplicates(application)
    application.save()
    _step(actor, application, "create", "", changes={"kind": kind, "subject": label})
    return application


@transaction.atomic
def update_application(
    actor: Any, application: Application, facts: dict[str, Any], *, year: int | None = None
) -> Application:
    """The applicant edits a draft (also one returned for completion)."""
    if not _own_enterprise(actor, application.enterprise):
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
        application.year = year
    application.subject_key, application.subject = _subject(application.kind, application.facts)
    recompute(application)
    _refuse_duplicates(application)
    application.save()
    _step(actor, application, "update", State.DRAFT)
    return application


def add_attachment(actor: Any, application: Application, upload: Any, kind: str) -> Attachment:
    if not _own_enterprise(actor, application.enterprise):
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
        _step(actor, application, "attach", application.state, note=name[-200:])
    return attachment


# --- the review workflow ----------------------------------------------------------------------


def _may(actor: Any, application: Application, action: str) -> bool:
    """Whether ``actor`` may take ``action`` on ``application`` (its state aside)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    own = _own_enterprise(actor, application.enterprise)
    officer = actor.role == "district_officer" and actor.district_id == application.district_id
    county_paid = application.payer_is_county
    if action in {"submit", "withdraw"}:
        return own
    if application.state in (State.SUBMITTED, State.DISTRICT_REVIEW):
        if action == "approve":
            return county_paid and application.payer_code in payer_codes_managed_by(actor)
        if action == "forward":
            return not county_paid and (officer or actor.is_bureau)
        if action in {"accept", "reject", "return"}:
            return officer or (actor.is_bureau and not county_paid)
    if application.state == State.BUREAU_REVIEW:
        return action in {"approve", "reject", "return"} and actor.is_bureau
    if application.state == State.APPROVED and action == "pay":
        return application.payer_code in payer_codes_managed_by(actor)
    return False


def allowed_actions(actor: Any, application: Application) -> list[str]:
    """The actions the page offers ``actor`` now (legal from the state and permitted)."""
    return [
        action
        for (state, action) in TRANSITIONS
        if state == application.state and _may(actor, application, action)
    ]


def _illegal(application: Application, action: str) -> Conflict:
    zh, en = ACTION_LABELS.get(action, (action, action))
    return Conflict(
        "illegal_transition",
        f"申请 {application.reference} 当前状态为“{application.get_state_display()}”,"
        f"不能执行“{zh}”。",
        f"Application {application.reference} is {application.state}: “{en}” is not allowed "
        "from this state.",
        {"state": application.state, "action": action},
    )


def _check_amount(application: Application, amount: int | None) -> int:
    computed = application.computed_amount
    assert computed is not None
    if amount is None:
        return computed
    if application.cap is not None:
        if not 1 <= amount <= application.cap:
            raise DomainError(
                "amount_over_cap",
                f"核定金额须在 1 至 {application.cap:,} 元(上限)之间。",
                f"The amount must be between 1 and the cap of {application.cap:,} yuan.",
                {"field": "amount", "cap": application.cap},
            )
        return amount
    if amount != computed:
        raise DomainError(
            "amount_fixed",
            f"该奖励的金额由政策确定为 {computed:,} 元,不能另定。",
            f"The policy fixes this award at {computed:,} yuan; it cannot be changed.",
            {"field": "amount", "amount": computed},
        )
    return amount


def committed(year: int, payer_code: str) -> int:
    total = Application.objects.filter(
        year=year, payer_code=payer_code, state__in=COMMITTED_STATES
    ).aggregate(s=Sum("approved_amount"))["s"]
    return int(total or 0)


def paid_total(year: int, payer_code: str) -> int:
    total = Payment.objects.filter(application__year=year, payer_code=payer_code).aggregate(
        s=Sum("amount")
    )["s"]
    return int(total or 0)


def _check_budget(application: Application, amount: int) -> None:
    budget = Budget.objects.filter(year=application.year, payer_code=application.payer_code).first()
    if budget is None:
        return
    already = committed(application.year, application.payer_code)
    if already + amount > budget.amount:
        raise DomainError(
            "budget_exceeded",
            f"{application.year} 年度预算 {budget.amount:,} 元已承诺 {already:,} 元,"
            f"不足以批准 {amount:,} 元。",
            f"The {application.year} budget of {budget.amount:,} yuan has {already:,} yuan "
            f"committed: not enough to approve {amount:,} yuan.",
            {"field": "amount", "budget": budget.amount, "committed": already},
        )


def _grant(actor: Any, application: Application, amount: int) -> None:
    decision = application.decision
    keys = list(decision.get("award_keys", []))
    existing = Award.objects.filter(
        enterprise=application.enterprise, kind=application.kind, key__in=keys
    ).first()
    if existing is not None:
        raise Conflict(
            "already_awarded",
            f"重复奖励:{existing.key} 已获奖励({existing.origin})。",
            f"Duplicate award: {existing.key} was already awarded ({existing.origin}).",
            {"key": existing.key},
        )
    product_amounts = {p["key"]: p["amount"] for p in decision.get("products", [])}
    for key in keys:
        Award.objects.create(
            application=application,
            enterprise=application.enterprise,
            kind=application.kind,
            key=key,
            year=application.year,
            amount=product_amounts.get(key, amount),
        )


@transaction.atomic
def transition(
    actor: Any,
    application: Application,
    action: str,
    *,
    note: str = "",
    amount: int | None = None,
) -> Application:
    """Move an application along the workflow (``TRANSITIONS``); refuse anything else."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    key = (application.state, action)
    if action == "pay":
        raise DomainError(
            "payment_required",
            "支付须登记支付记录(日期、凭证号、金额)。",
            "A payment is recorded with its date, voucher number and amount.",
        )
    if key not in TRANSITIONS:
        raise _illegal(application, action)
    if not _may(actor, application, action):
        raise PermissionDenied(
            "您不能对该申请执行此操作。", "You are not allowed to take this step on it."
        )
    if action in {"reject", "return"} and not note.strip():
        raise DomainError(
            "note_required",
            "退回或不予批准须写明理由。",
            "Give the reason when returning or rejecting.",
            {"field": "note"},
        )
    before = application.state
    if action == "submit":
        recompute(application)
        _refuse_duplicates(application)
        application.submitted_at = timezone.now()
    if action == "approve":
        recompute(application)
        if not application.eligible:
            decider = next(
                (
                    c
                    for c in application.decision["checks"]
                    if c["condition"] == application.decision["deciding_condition"]
                ),
                None,
            )
            raise DomainError(
                "not_eligible",
                "按政策不符合奖励条件,不能批准"
                + (f":{decider['message_zh']}" if decider else "。"),
                "Not eligible under the policy, so it cannot be approved"
                + (f": {decider['message_en']}" if decider else "."),
                {"condition": application.decision["deciding_condition"]},
            )
        approved = _check_amount(application, amount)
        _check_budget(application, approved)
        _grant(actor, application, approved)
        application.approved_amount = approved
    if action in {"approve", "reject"}:
        application.decided_at = timezone.now()
        application.decided_by = actor
        application.decision_note = note[:1000]
    application.state = TRANSITIONS[key]
    application.save()
    _step(
        actor,
        application,
        action,
        before,
        note=note,
        amount=application.approved_amount if action == "approve" else None,
    )
    return application


@transaction.atomic
def record_payment(
    actor: Any,
    application: Application,
    *,
    paid_on: dt.date,
    voucher_number: str,
    amount: int,
) -> Payment:
    """Record money paid on an approved application; fully paid, it becomes ``paid``."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state != State.APPROVED:
        raise _illegal(application, "pay")
    if not _may(actor, application, "pay"):
        raise PermissionDenied(
            "只有支付方(市财政由市局,县财政由本县)可以登记支付。",
            "Only the payer's staff (the bureau for the city, the county's officer for the "
            "county) can record a payment.",
        )
    voucher = voucher_number.strip()
    if not voucher:
        raise DomainError(
            "voucher_required",
            "请填写凭证号。",
            "The voucher number is required.",
            {"field": "voucher_number"},
        )
    if paid_on > timezone.localdate():
        raise DomainError(
            "paid_in_future",
            "支付日期不能晚于今天。",
            "The payment date cannot be in the future.",
            {"field": "paid_on"},
        )
    if Payment.objects.filter(payer_code=application.payer_code, voucher_number=voucher).exists():
        raise Conflict(
            "duplicate_voucher",
            f"凭证号 {voucher} 已登记过。",
            f"Voucher {voucher} is already recorded.",
            {"field": "voucher_number"},
        )
    assert application.approved_amount is not None
    remaining = application.approved_amount - application.paid_amount
    if not 1 <= amount <= remaining:
        raise DomainError(
            "payment_amount",
            f"支付金额须在 1 至 {remaining:,} 元(未付余额)之间。",
            f"The amount must be between 1 and the {remaining:,} yuan still unpaid.",
            {"field": "amount", "remaining": remaining},
        )
    payment = Payment.objects.create(
        application=application,
        payer_code=application.payer_code,
        paid_on=paid_on,
        voucher_number=voucher,
        amount=amount,
        recorded_by=actor,
    )
    before = application.state
    if amount == remaining:
        application.state = State.PAID
        application.save(update_fields=["state", "updated_at"])
    _step(
        actor,
        application,
        "pay" if application.state == State.PAID else "payment",
        before,
        note=f"{paid_on.isoformat()} {voucher}",
        amount=amount,
        changes={"voucher_number": voucher, "paid_on": paid_on},
    )
    return payment


# --- budgets ----------------------------------------------------------------------------------


@transaction.atomic
def set_budget(actor: Any, *, year: int, payer_code: str, amount: int, note: str = "") -> Budget:
    if payer_code not in payer_codes_managed_by(actor):
        raise PermissionDenied(
            "只能设置本级财政的预算。", "You may set only your own payer's budget."
        )
    if not 2000 <= year <= 2100:
        raise DomainError("bad_year", "年度无效。", "Invalid year.", {"field": "year"})
    if amount < 0:
        raise DomainError(
            "bad_amount", "金额不能为负。", "The amount cannot be negative.", {"field": "amount"}
        )
    already = committed(year, payer_code)
    if amount < already:
        raise DomainError(
            "budget_below_commitments",
            f"预算不能低于已承诺的 {already:,} 元。",
            f"The budget cannot be below the {already:,} yuan already committed.",
            {"field": "amount", "committed": already},
        )
    zh, en = payer_name(payer_code)
    kind, _, division = payer_code.partition(":")
    budget, created = Budget.objects.get_or_create(
        year=year,
        payer_code=payer_code,
        defaults={
            "payer_name_zh": zh,
            "payer_name_en": en,
            "district": District.objects.filter(code=division).first()
            if kind == "county"
            else None,
            "amount": amount,
            "note": note[:300],
            "updated_by": actor,
        },
    )
    old = None if created else budget.amount
    if not created:
        budget.amount = amount
        budget.note = note[:300]
        budget.updated_by = actor
        budget.save()
    record_audit(
        actor,
        "incentive_budget.set",
        budget,
        {"year": year, "payer": payer_code, "amount": [old, amount]},
        district=budget.district,
    )
    return budget


def kind_label(kind: str) -> tuple[str, str]:
    return KIND_LABELS[kind]
