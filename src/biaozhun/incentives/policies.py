"""Incentive policies and their payers: which payer (the city's finance bureau or a county's)
pays under which policy version, who manages it, and the writes that add or correct a version.

The policy text itself is the rules engine's (``biaozhun.core.incentives``); a ``Policy`` row
stores one version of it as JSON. Every write is atomic and leaves an audit row.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.models import District, Region, User
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.core.incentives import (
    PROPOSER_READINGS,
    PolicyError,
    default_policies,
    policy_from_dict,
    policy_to_dict,
)
from biaozhun.core.incentives import (
    Policy as CorePolicy,
)

from .models import KIND_LABELS, Policy

# --- payers ---------------------------------------------------------------------------------


def city_payer_code() -> str:
    region = Region.objects.order_by("id").first()
    return f"city:{region.code if region else '321000'}"


def payer_codes_managed_by(user: User | None) -> set[str]:
    """The payers whose policy, budget, decisions and payments ``user`` manages: the bureau
    the city's, a district officer of a county its county's."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    if user.is_bureau:
        return {city_payer_code()}
    district = user.district if user.role == "district_officer" else None
    if district is not None and not district.is_urban:
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


def _policy_row_values(core: CorePolicy) -> dict[str, Any]:
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


def _read_policy(body: Any) -> CorePolicy:
    try:
        return policy_from_dict(body)
    except PolicyError as exc:
        raise DomainError(
            f"policy_{exc.code}",
            f"政策数据有误({exc.field or '—'}):{exc.message_zh}",
            f"The policy data is invalid ({exc.field or '—'}): {exc.message_en}",
            {"field": "body", "path": exc.field},
        ) from exc


def _require_policy_admin(actor: User, core: CorePolicy) -> None:
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
def add_policy_version(actor: User, body: Any, *, note: str = "") -> Policy:
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
def update_policy_version(actor: User, policy: Policy, body: Any) -> Policy:
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


def core_policies() -> tuple[CorePolicy, ...]:
    return tuple(p.as_core() for p in Policy.objects.order_by("id"))


def kind_label(kind: str) -> tuple[str, str]:
    return KIND_LABELS[kind]


@transaction.atomic
def confirm_proposer_reading(actor: User, policy: Policy, reading: str) -> Policy:
    """The bureau (the payer's staff) confirms how the policy reads "提出……研制项目"
    (``proposer_reading``: ``proposer_required`` or ``main_drafter``); the confirmed reading
    decides from now on and each decision names it. A version no application references is
    corrected in place; one that decisions reference stays as it was and the confirmation is
    a new version (``<version>.<n>``, same validity), which ``select_policy`` prefers."""
    if reading not in PROPOSER_READINGS:
        raise DomainError(
            "bad_reading",
            "请选择一种理解。",
            "Choose one of the readings.",
            {"field": "reading", "choices": list(PROPOSER_READINGS)},
        )
    _require_policy_admin(actor, policy.as_core())
    body = json.loads(json.dumps(policy.body))
    body.setdefault("parameters", {})["proposer_reading"] = reading
    today = timezone.localdate().isoformat()
    who = str(actor)
    note = body.setdefault("parameter_notes", {}).setdefault("proposer_reading", {})
    note["confirmed_zh"] = f"{today} 由{who}确认:{reading}"
    note["confirmed_en"] = f"Confirmed by {who} on {today}: {reading}"
    if not policy.applications.exists():
        core = _read_policy(body)
        for key, value in _policy_row_values(core).items():
            setattr(policy, key, value)
        policy.save()
        target = policy
    else:
        n = 1
        while Policy.objects.filter(name=policy.name, version=f"{policy.version}.{n}").exists():
            n += 1
        body["version"] = f"{policy.version}.{n}"
        core = _read_policy(body)
        target = Policy.objects.create(
            name=core.name,
            version=core.version,
            note=f"确认“提出”的理解 / confirmed reading: {reading}",
            created_by=actor,
            **_policy_row_values(core),
        )
    record_audit(
        actor,
        "incentive_policy.confirm_reading",
        target,
        {"proposer_reading": reading, "from_version": policy.version},
        district=target.district,
    )
    return target


def proposer_reading_state(policy: Policy) -> dict[str, Any]:
    """What the policy screen shows: the reading in force, whether the bureau confirmed it,
    and the two readings to choose from."""
    from biaozhun.core.incentives.kinds import READING_LABELS

    core = policy.as_core()
    note = core.parameter_notes.get("proposer_reading", {})
    return {
        "reading": core.parameters.proposer_reading,
        "confirmed_zh": note.get("confirmed_zh", ""),
        "confirmed_en": note.get("confirmed_en", ""),
        "choices": [(key, *READING_LABELS[key]) for key in PROPOSER_READINGS],
    }
