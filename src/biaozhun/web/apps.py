from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "biaozhun.web"
    label = "web"
    verbose_name = "界面 Web"
    nav_items: list[dict[str, object]] = []
