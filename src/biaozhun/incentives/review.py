"""The review of an incentive application: the state machine (``TRANSITIONS``), who may take
which step (``may``), and ``transition``, which moves an application along it. Approval checks
the amount against the policy's cap and the payer's budget and grants the ``Award`` rows that
refuse a second award for the same subject. Payments are in ``payments``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.responsibility import user_writer_kind
from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.common.validation import clean_int, clean_text
from biaozhun.programme.awards import record_award

from .applications import (
    ACTION_LABELS,
    State,
    own_enterprise,
    recompute,
    record_step,
    refuse_duplicates,
)
from .budgets import check_budget
from .models import Application, Award
from .policies import payer_codes_managed_by

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


def may(actor: User | None, application: Application, action: str) -> bool:
    """Whether ``actor`` may take ``action`` on ``application`` (its state aside)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    own = own_enterprise(actor, application.enterprise)
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
        # the payer's own staff, and for the city's finance the 财政局 (responsibility table)
        return application.payer_code in payer_codes_managed_by(actor) or (
            not county_paid and user_writer_kind(actor, "payments") == "department"
        )
    return False


def allowed_actions(actor: User | None, application: Application) -> list[str]:
    """The actions the page offers ``actor`` now (legal from the state and permitted)."""
    return [
        action
        for (state, action) in TRANSITIONS
        if state == application.state and may(actor, application, action)
    ]


def illegal_transition(application: Application, action: str) -> Conflict:
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
    amount = clean_int(amount, "amount", -(10**12), 10**12)
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


def _grant(actor: User, application: Application, amount: int) -> None:
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
    actor: User,
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
        raise illegal_transition(application, action)
    if not may(actor, application, action):
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
    note = clean_text(str(note)[:1000], "note", 1000, multiline=True)
    before = application.state
    if action == "submit":
        recompute(application)
        refuse_duplicates(application)
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
        check_budget(application, approved)
        _grant(actor, application, approved)
        # the funded standard, products or committee enter the registries (issue 18 §4)
        record_award(actor, application)
        application.approved_amount = approved
    if action in {"approve", "reject"}:
        application.decided_at = timezone.now()
        application.decided_by = actor
        application.decision_note = note[:1000]
    application.state = TRANSITIONS[key]
    application.save()
    record_step(
        actor,
        application,
        action,
        before,
        note=note,
        amount=application.approved_amount if action == "approve" else None,
    )
    return application
