from django.apps import AppConfig


class ValidityConfig(AppConfig):
    name = "biaozhun.validity"
    label = "validity"
    verbose_name = "标准查新与关注 Validity checks and watch lists"
    # Entries for the navigation (see biaozhun.web.context): dicts with url, zh, en, icon, roles.
    nav_items: list[dict[str, object]] = []
