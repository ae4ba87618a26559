from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "biaozhun.web"
    label = "web"
    verbose_name = "界面 Web"
    nav_items: list[dict[str, object]] = []

    def ready(self) -> None:
        # the <id:...> path converter, before any URLconf (also one a test imports by itself)
        from biaozhun.common import choices, converters  # noqa: F401

        # choice labels "已通过 approved" print in the active language (issue 16 §2)
        choices.install()
