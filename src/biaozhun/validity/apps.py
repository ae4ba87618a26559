from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.urls import reverse

from biaozhun.common.i18n import bi

if TYPE_CHECKING:
    from biaozhun.accounts.models import User

ALL_ROLES = [
    "bureau_admin",
    "bureau_staff",
    "department_member",
    "district_officer",
    "enterprise_user",
    "expert",
]


class ValidityConfig(AppConfig):
    name = "biaozhun.validity"
    label = "validity"
    verbose_name = "标准查新与关注 Validity checks and watch lists"
    nav_items: list[dict[str, object]] = [
        {
            "url": "validity:check",
            "zh": "标准查新",
            "en": "Validity check",
            "icon": "list-check",
            "roles": ALL_ROLES,
        },
        {
            "url": "validity:watchlist",
            "zh": "关注标准",
            "en": "Watch list",
            "icon": "eye",
            "roles": ["enterprise_user"],
        },
        {
            "url": "validity:register",
            "zh": "执行标准登记",
            "en": "Standards applied",
            "icon": "clipboard-list",
            "roles": [
                "bureau_admin",
                "bureau_staff",
                "department_member",
                "district_officer",
                "enterprise_user",
            ],
        },
    ]

    def standard_users(self, user: User, standard: Any) -> Any:
        """For the standard page: the city's enterprises in the user's scope that watch this
        standard or one of its editions (at most 100)."""
        from .selectors import enterprises_watching  # apps.py loads before the models

        return enterprises_watching(user, standard)[:100]

    def load_demo_data(self, stdout: Any) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .demo import load_demo_validity

        load_demo_validity(stdout)

    def dashboard_cards(self, user: User) -> list[dict[str, Any]]:
        # apps.py is imported before the app registry is ready: load models when called
        from .selectors import unread_alert_count

        if user.role not in ALL_ROLES[:5] and not user.is_superuser:
            return []
        if user.role == "department_member":
            return []
        return [
            {
                "key": "watch-alerts",
                "title": bi("未读关注提醒", "Unread watch alerts"),
                "value": unread_alert_count(user),
                "url": reverse("validity:alerts") + "?unread=1",
                "note": bi(
                    "关注标准被代替、废止或有新版本",
                    "Watched standards replaced, withdrawn or revised",
                ),
            }
        ]
