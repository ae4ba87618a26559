"""Reads of incentives, always through the user's scope: an enterprise user sees its own
applications, a district officer those of its (tax) district, bureau and departments all."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q, QuerySet, Sum

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.common.errors import NotFound

from .budgets import COMMITTED_STATES, committed, paid_total
from .models import KIND_LABELS, Application, Award, Budget, Payment, Policy
from .policies import payer_codes_managed_by, payer_name

REVIEW_STATES = (
    Application.State.SUBMITTED,
    Application.State.DISTRICT_REVIEW,
    Application.State.BUREAU_REVIEW,
    Application.State.APPROVED,
)


def visible_applications(user: User) -> QuerySet[Application]:
    return Scope.for_user(user).apply(
        Application.objects.select_related("enterprise", "district", "policy"),
        enterprise_field="enterprise",
        district_field="district",
    )


def search_applications(
    user: User, *, q: str = "", state: str = "", kind: str = "", year: int | None = None
) -> QuerySet[Application]:
    qs = visible_applications(user)
    if q:
        qs = qs.filter(
            Q(reference__icontains=q)
            | Q(subject__icontains=q)
            | Q(enterprise__name_zh__icontains=q)
        )
    if state == "queue":
        qs = qs.filter(state__in=REVIEW_STATES)
    elif state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    return qs


def get_application(user: User, pk: int) -> Application:
    application = (
        visible_applications(user)
        .prefetch_related("steps", "attachments", "payments", "awards")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise NotFound("激励申请", "incentive application")
    return application


def visible_awards(user: User) -> QuerySet[Award]:
    """Granted awards (from applications and imported records), scoped like applications by
    the enterprise and its tax district."""
    qs = Award.objects.select_related("enterprise", "application").order_by("-year", "-id")
    scope = Scope.for_user(user)
    if scope.sees_all:
        return qs
    if scope.kind == "enterprise":
        return scope.apply(qs, enterprise_field="enterprise", district_field=None)
    if scope.kind == "district":
        return qs.filter(
            Q(enterprise__tax_district_id=scope.district_id)
            | Q(enterprise__tax_district__isnull=True, enterprise__district_id=scope.district_id)
        )
    return qs.none()


def visible_policies(user: User) -> QuerySet[Policy]:
    """Every signed-in user may read the policies (they are public rules)."""
    return Policy.objects.select_related("district", "created_by").all()


def get_policy(user: User, pk: int) -> Policy:
    policy = visible_policies(user).filter(pk=pk).first()
    if policy is None:
        raise NotFound("政策版本", "policy version")
    return policy


def visible_payers(user: User) -> set[str] | None:
    """Payer codes whose budgets and figures ``user`` may read (None: all)."""
    scope = Scope.for_user(user)
    if scope.sees_all:
        return None
    return payer_codes_managed_by(user)


def budget_rows(user: User) -> list[dict[str, Any]]:
    """Budgets with commitments (approved, paid) and payments, per year and payer."""
    payers = visible_payers(user)
    budgets = Budget.objects.all()
    if payers is not None:
        budgets = budgets.filter(payer_code__in=payers)
    rows: list[dict[str, Any]] = []
    seen = set()
    for budget in budgets:
        seen.add((budget.year, budget.payer_code))
        c = committed(budget.year, budget.payer_code)
        p = paid_total(budget.year, budget.payer_code)
        rows.append(
            {
                "budget": budget,
                "year": budget.year,
                "payer_code": budget.payer_code,
                "payer_zh": budget.payer_name_zh,
                "payer_en": budget.payer_name_en,
                "amount": budget.amount,
                "committed": c,
                "paid": p,
                "available": budget.amount - c,
                "percent": round(100 * c / budget.amount) if budget.amount else 0,
            }
        )
    # commitments without a budget are shown too, so nothing is hidden
    apps = Application.objects.filter(state__in=COMMITTED_STATES)
    if payers is not None:
        apps = apps.filter(payer_code__in=payers)
    for year, payer in apps.values_list("year", "payer_code").distinct():
        if (year, payer) in seen:
            continue
        zh, en = payer_name(payer)
        c = committed(year, payer)
        rows.append(
            {
                "budget": None,
                "year": year,
                "payer_code": payer,
                "payer_zh": zh,
                "payer_en": en,
                "amount": None,
                "committed": c,
                "paid": paid_total(year, payer),
                "available": None,
                "percent": None,
            }
        )
    rows.sort(key=lambda r: (-int(r["year"]), str(r["payer_code"])))
    return rows


def report_rows(user: User) -> list[dict[str, Any]]:
    """Commitments and payments by year, district and kind, over the visible applications."""
    apps = visible_applications(user).filter(state__in=COMMITTED_STATES)
    totals: dict[tuple[int, str, str], dict[str, Any]] = defaultdict(
        lambda: {"count": 0, "committed": 0, "paid": 0}
    )
    names: dict[str, tuple[str, str]] = {}
    for app in apps.values(
        "year",
        "district__code",
        "district__name_zh",
        "district__name_en",
        "kind",
        "approved_amount",
    ):
        key = (app["year"], app["district__code"], app["kind"])
        totals[key]["count"] += 1
        totals[key]["committed"] += app["approved_amount"] or 0
        names[app["district__code"]] = (app["district__name_zh"], app["district__name_en"])
    paid = (
        Payment.objects.filter(application__in=apps)
        .values("application__year", "application__district__code", "application__kind")
        .annotate(s=Sum("amount"))
    )
    for row in paid:
        key = (
            row["application__year"],
            row["application__district__code"],
            row["application__kind"],
        )
        totals[key]["paid"] += int(row["s"] or 0)
    result = []
    for (year, code, kind), values in sorted(totals.items()):
        zh, en = names.get(code, (code, code))
        kind_zh, kind_en = KIND_LABELS[kind]
        result.append(
            {
                "kind_zh": kind_zh,
                "kind_en": kind_en,
                "year": year,
                "district_code": code,
                "district_zh": zh,
                "district_en": en,
                "kind": kind,
                **values,
            }
        )
    return result
