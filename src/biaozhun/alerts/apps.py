from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.urls import reverse

from biaozhun.common.i18n import bi

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


ENTERPRISE = ["enterprise_user"]
STAFF = ["bureau_admin", "bureau_staff", "department_member", "district_officer"]


class AlertsConfig(AppConfig):
    name = "biaozhun.alerts"
    label = "alerts"
    verbose_name = "出口预警 Export profiles and alerts"
    nav_items: list[dict[str, object]] = [
        {
            "url": "alerts:inbox",
            "zh": "预警信息",
            "en": "Alerts",
            "icon": "bell",
            "roles": ENTERPRISE,
        },
        {
            "url": "alerts:desk",
            "zh": "预警总览",
            "en": "Alert desk",
            "icon": "radar",
            "roles": STAFF,
        },
        {
            "url": "profiles:list",
            "zh": "出口档案",
            "en": "Export profiles",
            "icon": "world",
            "roles": ENTERPRISE + STAFF,
        },
    ]

    def schedule_periodic_tasks(self, stdout: Any) -> None:
        """Start the daily risk refresh chain (idempotent: one wake-up per due time)."""
        # apps.py is imported before the app registry is ready: load models when called
        from .tasks import schedule_risk_refresh

        schedule_risk_refresh()
        stdout.write("alerts: daily risk refresh scheduled")

    def load_demo_data(self, stdout: Any) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .demo import load_demo_alerts

        load_demo_alerts(stdout)

    def dashboard_cards(self, user: User) -> list[dict[str, Any]]:
        # apps.py is imported before the app registry is ready: load models when called
        from .selectors import open_alerts

        role = "bureau_admin" if user.is_superuser else user.role
        if role == "enterprise_user":
            alerts = open_alerts(user)
            return [
                {
                    "key": "alerts-red-unread",
                    "title": bi("未读红色预警", "Unread red alerts"),
                    "value": alerts.filter(risk="red", read_at__isnull=True).count(),
                    "url": reverse("alerts:inbox") + "?risk=red&unread=1&state=open",
                    "note": bi(
                        f"全部未读 {alerts.filter(read_at__isnull=True).count()} 条",
                        f"{alerts.filter(read_at__isnull=True).count()} unread in all",
                    ),
                }
            ]
        if role in STAFF:
            alerts = open_alerts(user)
            unread = alerts.filter(risk="red", read_at__isnull=True)
            return [
                {
                    "key": "alerts-red-unread-desk",
                    "title": bi("红色预警未读", "Red alerts unread"),
                    "value": unread.count(),
                    "url": reverse("alerts:desk") + "?red_unread=1",
                    "note": bi(
                        f"涉及 {unread.values('enterprise').distinct().count()} 家企业",
                        f"at {unread.values('enterprise').distinct().count()} enterprises",
                    ),
                }
            ]
        return []
