from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils import timezone

from biaozhun.common.i18n import bi

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


class NotifyConfig(AppConfig):
    name = "biaozhun.notify"
    label = "notify"
    verbose_name = "推送 Notifications"
    nav_items: list[dict[str, object]] = [
        {
            "url": "notify:inbox",
            "zh": "通知",
            "en": "Notifications",
            "icon": "bell",
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
            "url": "notify:desk",
            "zh": "投递失败",
            "en": "Dead letters",
            "icon": "mail-x",
            "roles": ["bureau_admin", "bureau_staff", "district_officer"],
        },
    ]

    def schedule_periodic_tasks(self, stdout: Any) -> None:
        """Start the daily and weekly digest chains (idempotent: one wake-up per due time)."""
        # apps.py is imported before the app registry is ready: load models when called
        from . import outbox, tasks
        from .digest import next_digest_time

        for period in ("daily", "weekly"):
            due = next_digest_time(period, timezone.now())
            if outbox.reserve_wakeup(f"digest-{period}", due):
                tasks.send_digests.using(run_after=due).enqueue(period)
        stdout.write("notify: digests scheduled")

    def dashboard_cards(self, user: User) -> list[dict[str, Any]]:
        # apps.py is imported before the app registry is ready: load models when called
        from . import selectors

        cards = [
            {
                "key": "notify_unread",
                "title": bi("未读通知", "Unread notifications"),
                "value": selectors.unread_count(user),
                "url": reverse("notify:inbox") + "?unread=1",
            }
        ]
        if getattr(user, "role", "") in {"bureau_admin", "bureau_staff", "district_officer"}:
            cards.append(
                {
                    "key": "notify_dead",
                    "urgent": True,
                    "level": "warning",
                    "title": bi("投递失败待处理", "Dead letters to handle"),
                    "value": selectors.desk_tasks(user).count(),
                    "url": reverse("notify:desk"),
                    "note": bi("重试或忽略", "retry or dismiss"),
                }
            )
        return cards
