from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils import timezone

from biaozhun.common.i18n import bi
from biaozhun.core.codes import default_data_dir

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


class TbtConfig(AppConfig):
    name = "biaozhun.tbt"
    label = "tbt"
    verbose_name = "TBT 预警 TBT early warning"
    # Entries for the navigation (see biaozhun.web.context): dicts with url, zh, en, icon, roles.
    nav_items: list[dict[str, object]] = [
        {
            "url": "tbt:list",
            "zh": "WTO 通报",
            "en": "WTO notifications",
            "icon": "world",
            "roles": [
                "bureau_admin",
                "bureau_staff",
                "department_member",
                "district_officer",
                "enterprise_user",
                "expert",
            ],
        },
        {
            "url": "tbt:translations",
            "zh": "译审台",
            "en": "Translation desk",
            "icon": "language",
            "roles": ["bureau_admin", "bureau_staff"],
        },
        {
            "url": "tbt:import",
            "zh": "导入通报",
            "en": "Import notifications",
            "icon": "file-import",
            "roles": ["bureau_admin", "bureau_staff"],
        },
    ]

    def load_reference_data(self, stdout: Any) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .services import load_members_into_db

        count = load_members_into_db(default_data_dir())
        stdout.write(f"WTO 成员 WTO members: {count}\n")

    def load_demo_data(self, stdout: Any) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .examples import examples_dir
        from .importers import import_file

        for fmt, name in (
            ("eping-xlsx", "EXAMPLE-eping-export.xlsx"),
            ("eping-json", "EXAMPLE-eping-api.json"),
        ):
            path = examples_dir() / name
            report = import_file(None, fmt, path, name, is_example=True)
            stdout.write(
                f"WTO 通报示例 example notifications {name}: {report.created} created, "
                f"{report.updated} updated, {len(report.errors)} errors\n"
            )

    def dashboard_cards(self, user: User) -> list[dict[str, Any]]:
        # apps.py is imported before the app registry is ready: load models when called
        from .selectors import visible_notifications

        qs = visible_notifications(user)
        today = timezone.localdate()
        url = reverse("tbt:list")
        cards = [
            {
                "key": "tbt_open",
                "title": bi("评议期内的 WTO 通报", "WTO notifications open for comment"),
                "value": qs.filter(comment_deadline__gte=today).count(),
                "url": f"{url}?deadline_from={today.isoformat()}",
                "note": bi("评议截止日期未过", "final date for comments not passed"),
            }
        ]
        if getattr(user, "is_bureau", False):
            cards.append(
                {
                    "key": "tbt_flagged",
                    "title": bi("日期待核的通报", "Notifications with dates to check"),
                    "value": qs.filter(dates_flagged=True).count(),
                    "url": f"{url}?flagged=1",
                    "note": bi("日期只能保留原文", "dates kept as text only"),
                }
            )
        return cards

    def dashboard_charts(self, user: User) -> list[dict[str, Any]]:
        """WTO notifications distributed per month over the last twelve months (bars)."""
        # apps.py is imported before the app registry is ready: load models when called
        from django.db.models import Count
        from django.db.models.functions import TruncMonth

        from .selectors import visible_notifications

        today = timezone.localdate()
        months = []
        year, month = today.year, today.month
        for _ in range(12):
            months.append((year, month))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.reverse()
        first = date(months[0][0], months[0][1], 1)
        rows = (
            visible_notifications(user)
            .filter(distributed_on__gte=first, distributed_on__lte=today)
            .annotate(month=TruncMonth("distributed_on"))
            .values("month")
            .annotate(n=Count("id"))
        )
        counts = {(row["month"].year, row["month"].month): row["n"] for row in rows}
        values = [counts.get(m, 0) for m in months]
        return [
            {
                "key": "tbt-per-month",
                "priority": 30,
                "kind": "bars",
                "title": bi("近 12 个月收到的 WTO 通报", "WTO notifications, last 12 months"),
                "url": reverse("tbt:list"),
                "categories": [bi(f"{m}月", f"{y}-{m:02d}") for y, m in months],
                "series": [{"name": bi("通报", "notifications"), "values": values}],
                "empty": not any(values),
            }
        ]
