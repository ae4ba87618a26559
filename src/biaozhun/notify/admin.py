from django.contrib import admin

from .models import ChannelEndpoint, Delivery, DeliveryAttempt, DeskTask, Message, Preference


class DeliveryInline(admin.TabularInline[Delivery, Message]):
    model = Delivery
    extra = 0
    fields = ("channel", "recipient", "status", "attempts", "sent_at", "last_error")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = ("title_zh", "kind", "urgency", "enterprise", "created_at")
    list_filter = ("kind", "urgency")
    search_fields = ("title_zh", "title_en", "dedupe_key")
    readonly_fields = ("dedupe_key", "source_type", "source_id", "created_at")
    inlines = [DeliveryInline]


class AttemptInline(admin.TabularInline[DeliveryAttempt, Delivery]):
    model = DeliveryAttempt
    extra = 0
    readonly_fields = ("number", "attempt_id", "started_at", "duration_ms", "ok", "response")
    can_delete = False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ("message", "channel", "recipient", "status", "attempts", "sent_at")
    list_filter = ("channel", "status")
    search_fields = ("recipient", "address", "idempotency_key")
    readonly_fields = ("idempotency_key", "attempt_id", "claimed_at")
    inlines = [AttemptInline]


@admin.register(ChannelEndpoint)
class ChannelEndpointAdmin(admin.ModelAdmin[ChannelEndpoint]):
    list_display = ("kind", "label", "user", "enterprise", "min_urgency", "active")
    list_filter = ("kind", "active")
    exclude = ("secret",)  # write-only: set through the settings page or the API


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin[Preference]):
    list_display = ("user", "mode", "quiet_start", "quiet_end", "red_overrides_quiet")


@admin.register(DeskTask)
class DeskTaskAdmin(admin.ModelAdmin[DeskTask]):
    list_display = ("delivery", "reason_zh", "created_at", "resolved_at", "resolution")
    list_filter = ("resolution",)
