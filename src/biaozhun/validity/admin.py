"""Read-only admin views: checks, watch lists and alerts change only through the services
(audit trail, scoping), never through the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ValidityCheck, WatchAlert, WatchedStandard


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ValidityCheck)
class ValidityCheckAdmin(ReadOnly):
    list_display = ["id", "source_name", "enterprise", "line_count", "catalogue_date", "created_at"]
    exclude = ["results"]


@admin.register(WatchedStandard)
class WatchedStandardAdmin(ReadOnly):
    list_display = ["designation", "enterprise", "standard", "added_at"]
    search_fields = ["designation", "enterprise__name_zh"]


@admin.register(WatchAlert)
class WatchAlertAdmin(ReadOnly):
    list_display = ["message_zh", "enterprise", "created_at", "read_at"]
