from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "biaozhun.notify"
    label = "notify"
    verbose_name = "推送 Notifications"
    # Entries for the navigation (see biaozhun.web.context): dicts with url, zh, en, icon, roles.
    nav_items: list[dict[str, object]] = []
