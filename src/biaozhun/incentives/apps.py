from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.urls import reverse

from biaozhun.common.i18n import bi

if TYPE_CHECKING:
    from biaozhun.accounts.models import User

STAFF_ROLES = ["bureau_admin", "bureau_staff", "department_member", "district_officer"]


class IncentivesConfig(AppConfig):
    name = "biaozhun.incentives"
    label = "incentives"
    verbose_name = "激励 Incentives"
    nav_items: list[dict[str, object]] = [
        {
            "url": "incentives:applications",
            "zh": "我的激励申请",
            "en": "My incentive applications",
            "icon": "coin",
            "roles": ["enterprise_user"],
        },
        {
            "url": "incentives:applications",
            "zh": "激励审核",
            "en": "Incentive reviews",
            "icon": "coin",
            "roles": STAFF_ROLES,
        },
        {
            "url": "incentives:budgets",
            "zh": "激励预算",
            "en": "Incentive budgets",
            "icon": "report-money",
            "roles": STAFF_ROLES,
        },
        {
            "url": "incentives:policies",
            "zh": "激励政策",
            "en": "Incentive policies",
            "icon": "scale",
            "roles": [*STAFF_ROLES, "enterprise_user"],
        },
    ]

    # The app's own modules import its models: imported in the methods, which run after the
    # app registry is ready (apps.py itself is imported before).
    def load_reference_data(self, stdout: Any) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .policies import load_default_policies

        load_default_policies(stdout)

    def load_demo_data(self, stdout: Any) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .demo import load_demo_applications

        load_demo_applications(stdout)

    def dashboard_cards(self, user: User) -> list[dict[str, Any]]:
        # apps.py is imported before the app registry is ready: load models when called
        from .review import allowed_actions
        from .selectors import search_applications

        if user.role == "expert":
            return []
        url = reverse("incentives:list")
        qs = search_applications(user)
        if user.role == "enterprise_user":
            drafts = qs.filter(state="draft").count()
            return [
                {
                    "key": "incentives_mine",
                    "title": bi("激励申请", "Incentive applications"),
                    "value": qs.exclude(state="withdrawn").count(),
                    "url": url,
                    "note": bi(f"草稿 {drafts} 份", f"{drafts} drafts"),
                }
            ]
        queue = search_applications(user, state="queue")
        to_act = sum(1 for app in queue if allowed_actions(user, app))
        under_review = queue.count()
        return [
            {
                "key": "incentives_queue",
                "urgent": True,
                "level": "warning",
                "title": bi("待办激励审核", "Incentive reviews to do"),
                "value": to_act,
                "url": url + "?state=queue",
                "note": bi(f"审核中共 {under_review} 份", f"{under_review} under review"),
            }
        ]
