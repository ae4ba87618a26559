"""Read-only admin views: alerts and the desk settings change through the services
(validation, audit trail, match index), never through the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Alert, AlertRevision, DeskSettings


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RevisionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AlertRevision
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Alert)
class AlertAdmin(ReadOnly):
    list_display = [
        "notification",
        "enterprise",
        "risk",
        "score",
        "revision",
        "read_at",
        "withdrawn_reason",
    ]
    list_filter = ["risk", "feedback", "withdrawn_reason"]
    search_fields = ["notification__symbol", "enterprise__name_zh"]
    inlines = [RevisionInline]


@admin.register(DeskSettings)
class DeskSettingsAdmin(ReadOnly):
    list_display = ["lead_working_days", "risks_refreshed_on", "updated_at"]
