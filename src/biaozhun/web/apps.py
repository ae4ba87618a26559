from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "biaozhun.web"
    label = "web"
    verbose_name = "界面 Web"
    nav_items: list[dict[str, object]] = []

    def ready(self) -> None:
        # the <id:...> path converter, before any URLconf (also one a test imports by itself)
        from biaozhun.common import converters  # noqa: F401
