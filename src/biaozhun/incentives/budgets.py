"""Incentive budgets: each payer's yearly budget, what is committed against it (approved and
paid applications) and paid out of it, and the check that an approval fits the budget.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Sum

from biaozhun.accounts.models import District, User
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.common.validation import clean_int, clean_text

from .models import Application, Budget, Payment
from .policies import payer_codes_managed_by, payer_name

State = Application.State

COMMITTED_STATES = (State.APPROVED, State.PAID)


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


def check_budget(application: Application, amount: int) -> None:
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


@transaction.atomic
def set_budget(actor: User, *, year: int, payer_code: str, amount: int, note: str = "") -> Budget:
    if payer_code not in payer_codes_managed_by(actor):
        raise PermissionDenied(
            "只能设置本级财政的预算。", "You may set only your own payer's budget."
        )
    year = clean_int(year, "year", 2000, 2100)
    amount = clean_int(amount, "amount", 0, 10**12)
    note = clean_text(str(note)[:300], "note", 300, multiline=True)
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
