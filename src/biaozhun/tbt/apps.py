from django.apps import AppConfig


class TbtConfig(AppConfig):
    name = "biaozhun.tbt"
    label = "tbt"
    verbose_name = "TBT 预警 TBT early warning"
    # Entries for the navigation (see biaozhun.web.context): dicts with url, zh, en, icon, roles.
    nav_items: list[dict[str, object]] = []
