"""The consultation station's app: navigation entries, periodic tasks, demo data and the
dashboard cards. Imports of models, services and selectors sit inside the methods: Django
imports this module before the app registry is ready, so nothing here may load models."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.urls import reverse
from django.utils import timezone

from biaozhun.common.i18n import bi

if TYPE_CHECKING:
    from biaozhun.accounts.models import User

DESK = ["bureau_admin", "bureau_staff"]
ALL = [
    "bureau_admin",
    "bureau_staff",
    "department_member",
    "district_officer",
    "enterprise_user",
    "expert",
]


class ConsultConfig(AppConfig):
    name = "biaozhun.consult"
    label = "consult"
    verbose_name = "WTO/TBT 咨询 Consultation station"
    # Entries for the navigation (see biaozhun.web.context): dicts with url, zh, en, icon, roles.
    nav_items: list[dict[str, object]] = [
        {
            "url": "consult:comments",
            "zh": "评议",
            "en": "Comments",
            "icon": "message-2",
            "roles": [*DESK, "enterprise_user"],
        },
        {
            "url": "consult:enquiries",
            "zh": "咨询",
            "en": "Enquiries",
            "icon": "help",
            "roles": [*DESK, "enterprise_user", "expert"],
        },
        {
            "url": "consult:regulations",
            "zh": "技术法规",
            "en": "Regulations",
            "icon": "gavel",
            "roles": ALL,
        },
        {
            "url": "consult:briefing",
            "zh": "TBT 简报",
            "en": "TBT briefing",
            "icon": "chart-line",
            "roles": ALL,
        },
    ]

    def schedule_periodic_tasks(self, stdout: Any) -> None:
        """Start the daily deadline reminders and the monthly briefings (idempotent)."""
        from . import tasks  # not at the top: see the module docstring

        now = timezone.now()
        tasks.schedule("consult-reminders", tasks.next_morning(now))
        tasks.schedule("consult-briefings", tasks.next_month_start(now))
        stdout.write("consult: reminders and monthly briefings scheduled")

    def load_demo_data(self, stdout: Any) -> None:
        from .demo import load_demo, load_demo_enquiry  # not at the top: see the docstring

        load_demo(stdout)
        load_demo_enquiry(stdout)

    def dashboard_cards(self, user: User) -> list[dict[str, Any]]:
        # not at the top: see the module docstring
        from .comments.selectors import visible_comments
        from .enquiries.selectors import visible_enquiries
        from .models import Comment, Enquiry
        from .reminders.selectors import due_this_week
        from .station import today

        role = "bureau_admin" if user.is_superuser else user.role
        cards: list[dict[str, Any]] = []
        if role in DESK or role == "enterprise_user":
            due = due_this_week(user, today())
            drafts = visible_comments(user).filter(state=Comment.State.DRAFT).count()
            cards.append(
                {
                    "key": "consult-due",
                    "urgent": True,
                    "level": "warning",
                    "title": bi("本周到期的评议", "Comments due this week"),
                    "value": len(due),
                    "url": reverse("consult:due"),
                    "note": bi(f"草稿 {drafts} 条", f"{drafts} drafts"),
                }
            )
        if role in DESK or role == "expert":
            open_qs = visible_enquiries(user).exclude(state=Enquiry.State.ANSWERED)
            to_assign = open_qs.filter(state=Enquiry.State.NEW).count()
            cards.append(
                {
                    "key": "consult-enquiries-open",
                    "urgent": True,
                    "level": "warning",
                    "title": bi("待答复的咨询", "Enquiries to answer"),
                    "value": open_qs.count(),
                    "url": reverse("consult:enquiries"),
                    "note": bi(f"待分派 {to_assign} 条", f"{to_assign} to assign"),
                }
            )
        return cards

    def dashboard_charts(self, user: User) -> list[dict[str, Any]]:
        """An expert's enquiries by state (a donut)."""
        # not at the top: see the module docstring
        from django.db.models import Count

        from .enquiries.selectors import visible_enquiries
        from .models import Enquiry

        if user.is_superuser or user.role != "expert":
            return []
        counts = dict(
            visible_enquiries(user)
            .order_by()
            .values_list("state")
            .annotate(n=Count("id"))
            .values_list("state", "n")
        )
        colours = {"new": "#d63939", "assigned": "#f59f00", "answered": "#2fb344"}
        items = [
            {"name": str(label), "value": counts[value], "color": colours[value]}
            for value, label in Enquiry.State.choices
            if counts.get(value)
        ]
        return [
            {
                "key": "consult-enquiries",
                "priority": 15,
                "kind": "donut",
                "title": bi("咨询问题处理情况", "Enquiries by state"),
                "total_label": bi("条咨询", "enquiries"),
                "url": reverse("consult:enquiries"),
                "items": items,
                "empty": not items,
            }
        ]
