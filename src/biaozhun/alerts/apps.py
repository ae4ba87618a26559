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
        from django.db.models import Count, Q

        from .selectors import open_alerts, search_alerts

        role = "bureau_admin" if user.is_superuser else user.role
        if role == "enterprise_user":
            # both counts in one query (the card is on every visit of the home page)
            counts = open_alerts(user).aggregate(
                unread=Count("pk", filter=Q(read_at__isnull=True)),
                red=Count("pk", filter=Q(risk="red", read_at__isnull=True)),
            )
            unread_all = counts["unread"]
            return [
                {
                    "key": "alerts-red-unread",
                    "urgent": True,
                    "title": bi("未读红色预警", "Unread red alerts"),
                    "value": counts["red"],
                    "url": reverse("alerts:inbox") + "?risk=red&unread=1&state=open",
                    "note": bi(f"全部未读 {unread_all} 条", f"{unread_all} unread in all"),
                },
                {
                    "key": "alerts-due-week",
                    "urgent": True,
                    "level": "warning",
                    "title": bi("本周到期、尚未反馈的预警", "Alerts due this week, no answer yet"),
                    "value": search_alerts(
                        user, deadline_within=7, feedback="none", withdrawn=False
                    ).count(),
                    "url": reverse("alerts:inbox") + "?deadline=7&feedback=none&state=open",
                    "note": bi(
                        "内部截止或评议截止在 7 天内", "internal or comment deadline within 7 days"
                    ),
                },
            ]
        if role in STAFF:
            red = open_alerts(user).aggregate(
                unread=Count("pk", filter=Q(risk="red", read_at__isnull=True)),
                at=Count("enterprise", filter=Q(risk="red", read_at__isnull=True), distinct=True),
            )
            at = red["at"]
            return [
                {
                    "key": "alerts-red-unread-desk",
                    "urgent": True,
                    "title": bi("红色预警未读", "Red alerts unread"),
                    "value": red["unread"],
                    "url": reverse("alerts:desk") + "?red_unread=1",
                    "note": bi(f"涉及 {at} 家企业", f"at {at} enterprises"),
                }
            ]
        return []

    def dashboard_charts(self, user: User) -> list[dict[str, Any]]:
        """The open alerts in the user's scope by risk level (a donut)."""
        # apps.py is imported before the app registry is ready: load models when called
        from django.db.models import Count

        from .models import Alert
        from .selectors import open_alerts

        role = "bureau_admin" if user.is_superuser else user.role
        if role not in ENTERPRISE + STAFF:
            return []
        counts = dict(
            open_alerts(user)
            .order_by()
            .values_list("risk")
            .annotate(n=Count("id"))
            .values_list("risk", "n")
        )
        url = reverse("alerts:inbox" if role == "enterprise_user" else "alerts:desk")
        colours = {"red": "#d63939", "orange": "#f76707", "yellow": "#f59f00"}
        items = [
            {
                "name": str(label),  # a BiLabel: prints in the active language
                "value": counts.get(value, 0),
                "color": colours.get(value, "#9aa0ac"),
                "url": reverse("alerts:inbox") + f"?risk={value}&state=open"
                if role == "enterprise_user"
                else url,
            }
            for value, label in Alert.Risk.choices
            if counts.get(value)
        ]
        return [
            {
                "key": "alerts-by-risk",
                "priority": 10,
                "kind": "donut",
                "title": bi("有效预警的风险等级", "Open alerts by risk level"),
                "total_label": bi("条预警", "alerts"),
                "url": url,
                "items": items,
                "empty": not items,
            }
        ]
