from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "biaozhun.catalogue"
    label = "catalogue"
    verbose_name = "标准信息 Catalogue"
    # Entries for the navigation (see biaozhun.web.context): dicts with url, zh, en, icon, roles.
    nav_items: list[dict[str, object]] = []
