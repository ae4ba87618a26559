"""Django admin for the enterprise registry (edits go through the pages and services; the
admin is for looking things up and for corrections by the bureau administrator)."""

from django.contrib import admin

from .models import Contact, Enterprise, Industry, YearList
from .profiles import admin as profiles_admin  # noqa: F401  registers the export profiles


class ContactInline(admin.TabularInline[Contact, Enterprise]):
    model = Contact
    extra = 0


class YearListInline(admin.TabularInline[YearList, Enterprise]):
    model = YearList
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin[Enterprise]):
    list_display = ("name_zh", "credit_code", "district", "is_exporter", "status")
    list_filter = ("status", "district", "is_exporter", "industries")
    search_fields = ("name_zh", "name_en", "credit_code")
    inlines = [ContactInline, YearListInline]
    readonly_fields = ("created_at", "updated_at", "created_by")


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin[Industry]):
    list_display = ("slug", "name_zh", "name_en", "order")
