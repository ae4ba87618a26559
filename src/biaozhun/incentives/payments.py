"""Payments on approved incentive applications: each payment with its date, voucher and amount;
an application paid in full becomes ``paid``. The budget the payments come out of is in
``budgets``, the review that approved the amount in ``review``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.common.validation import clean_int, clean_text

from .applications import State, record_step
from .models import Application, Payment
from .review import illegal_transition, may


@transaction.atomic
def record_payment(
    actor: User,
    application: Application,
    *,
    paid_on: dt.date,
    voucher_number: str,
    amount: int,
) -> Payment:
    """Record money paid on an approved application; fully paid, it becomes ``paid``."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state != State.APPROVED:
        raise illegal_transition(application, "pay")
    if not may(actor, application, "pay"):
        raise PermissionDenied(
            "只有支付方(市财政由市局,县财政由本县)可以登记支付。",
            "Only the payer's staff (the bureau for the city, the county's officer for the "
            "county) can record a payment.",
        )
    voucher = clean_text(voucher_number, "voucher_number", 60).strip()
    amount = clean_int(amount, "amount", -(10**12), 10**12)
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
    record_step(
        actor,
        application,
        "pay" if application.state == State.PAID else "payment",
        before,
        note=f"{paid_on.isoformat()} {voucher}",
        amount=amount,
        changes={"voucher_number": voucher, "paid_on": paid_on},
    )
    return payment
