from django.apps import AppConfig


class ConsultConfig(AppConfig):
    name = "biaozhun.consult"
    label = "consult"
    verbose_name = "WTO/TBT 咨询 Consultation station"
    # Entries for the navigation (see biaozhun.web.context): dicts with url, zh, en, icon, roles.
    nav_items: list[dict[str, object]] = []
