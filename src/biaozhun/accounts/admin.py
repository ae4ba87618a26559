"""Django admin for bureau administrators: users, organisations, districts, tokens, audit."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, AuditEvent, District, Organisation, Region, User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = (
        "username",
        "display_name",
        "role",
        "organisation",
        "district",
        "enterprise",
        "is_active",
    )
    list_filter = ("role", "is_active", "district")
    search_fields = ("username", "display_name", "email")
    autocomplete_fields = ("enterprise",)
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            "角色与范围 Role and scope",
            {"fields": ("role", "display_name", "phone", "organisation", "district", "enterprise")},
        ),
    )


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ("code", "name_zh", "name_en", "province_zh")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin[District]):
    list_display = ("code", "name_zh", "name_en", "kind", "is_urban", "region")
    list_filter = ("kind", "is_urban", "region")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("code", "name_zh", "kind", "district", "leadership_group_member")
    list_filter = ("kind", "leadership_group_member")
    search_fields = ("name_zh", "name_en", "code")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "key_hash", "created_at", "last_used_at")
    exclude = ()


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: nobody edits the audit trail."""

    list_display = ("at", "actor_label", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor_label", "object_id")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
