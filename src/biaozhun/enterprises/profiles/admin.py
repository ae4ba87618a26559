"""Read-only admin of export profiles: they change through the services (validation, audit
trail, match index), never through the admin. Registered by ``enterprises.admin``."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ExportMarket, ExportProduct, ExportProfile


class ProductInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ExportProduct
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MarketInline(ProductInline):
    model = ExportMarket  # type: ignore[assignment]


@admin.register(ExportProfile)
class ExportProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["enterprise", "all_markets", "updated_at"]
    search_fields = ["enterprise__name_zh", "enterprise__credit_code"]
    inlines = [ProductInline, MarketInline]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
