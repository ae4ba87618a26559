from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "biaozhun.incentives"
    label = "incentives"
    verbose_name = "激励 Incentives"
    # Entries for the navigation (see biaozhun.web.context): dicts with url, zh, en, icon, roles.
    nav_items: list[dict[str, object]] = []
