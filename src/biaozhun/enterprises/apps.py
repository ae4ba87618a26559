from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.urls import reverse

from biaozhun.common.i18n import bi

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


class EnterprisesConfig(AppConfig):
    name = "biaozhun.enterprises"
    label = "enterprises"
    verbose_name = "企业 Enterprises"
    nav_items = [
        {
            "url": "enterprises:list",
            "zh": "企业名录",
            "en": "Enterprises",
            "icon": "building-factory",
            "roles": ["bureau_admin", "bureau_staff", "department_member", "district_officer"],
        },
        {
            "url": "enterprises:mine",
            "zh": "本企业",
            "en": "My enterprise",
            "icon": "building",
            "roles": ["enterprise_user"],
        },
    ]

    def load_demo_data(self, stdout: Any) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .demo import load_demo_enterprises
        from .profiles.demo import load_demo_profiles

        load_demo_enterprises(stdout)
        load_demo_profiles(stdout)

    def dashboard_cards(self, user: User) -> list[dict[str, Any]]:
        # apps.py is imported before the app registry is ready: load models when called
        from .selectors import visible_enterprises

        if user.role == "enterprise_user" or user.role == "expert":
            return []
        qs = visible_enterprises(user)
        return [
            {
                "key": "enterprises",
                "title": bi("企业", "Enterprises"),
                "value": qs.filter(status="approved").count(),
                "url": reverse("enterprises:list"),
            },
            {
                "key": "pending",
                "urgent": True,
                "level": "warning",
                "title": bi("待审核注册", "Registrations to review"),
                "value": qs.filter(status="pending").count(),
                "url": reverse("enterprises:list") + "?status=pending",
            },
        ]
