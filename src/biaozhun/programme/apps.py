from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "biaozhun.programme"
    label = "programme"
    verbose_name = "规划目标 Programme"
    # Entries for the navigation (see biaozhun.web.context): dicts with url, zh, en, icon, roles.
    nav_items: list[dict[str, object]] = []
