from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "biaozhun.accounts"
    label = "accounts"
    verbose_name = "账户与机构 Accounts"
    nav_items = [
        {
            "url": "audit",
            "zh": "操作日志",
            "en": "Audit trail",
            "icon": "history",
            "roles": ["bureau_admin", "bureau_staff"],
        },
    ]

    def load_reference_data(self, stdout: Any) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .demo import load_reference

        load_reference(stdout)

    def load_demo_data(self, stdout: Any) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .demo import load_demo_users

        load_demo_users(stdout)
