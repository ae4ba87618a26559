from django.contrib import admin

from .models import ClassificationCorrection, Member, Notification


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name_zh", "name_en", "member_since")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "symbol",
        "kind",
        "member_code",
        "distributed_on",
        "comment_deadline",
        "is_example",
    )
    list_filter = ("committee", "kind", "dates_flagged", "is_example", "source")
    search_fields = ("symbol", "title", "title_zh")
    raw_id_fields = ("base", "parent")
    readonly_fields = ("created_at", "updated_at", "classified_at")


@admin.register(ClassificationCorrection)
class ClassificationCorrectionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("notification", "field", "codes", "created_by", "created_at")
    raw_id_fields = ("notification",)
