"""Read-only admin views of incentives: changes go through the services (audit trail, state
machine, policy versions), never through the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Application, Award, Budget, Payment, Policy, Step


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Policy)
class PolicyAdmin(ReadOnly):
    list_display = ["name", "version", "payer_code", "valid_from", "valid_to", "example"]


@admin.register(Application)
class ApplicationAdmin(ReadOnly):
    list_display = ["reference", "enterprise", "kind", "state", "year", "approved_amount"]
    list_filter = ["state", "kind", "year"]
    search_fields = ["reference", "subject", "enterprise__name_zh"]


@admin.register(Step)
class StepAdmin(ReadOnly):
    list_display = ["application", "action", "from_state", "to_state", "actor_label", "at"]


@admin.register(Award)
class AwardAdmin(ReadOnly):
    list_display = ["key", "enterprise", "kind", "year", "amount"]


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["voucher_number", "application", "paid_on", "amount", "payer_code"]


@admin.register(Budget)
class BudgetAdmin(ReadOnly):
    list_display = ["year", "payer_code", "amount"]
