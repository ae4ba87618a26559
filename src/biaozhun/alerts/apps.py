from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "biaozhun.alerts"
    label = "alerts"
    verbose_name = "出口预警 Export profiles and alerts"
    # Entries for the navigation (see biaozhun.web.context): dicts with url, zh, en, icon, roles.
    nav_items: list[dict[str, object]] = []
