from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.urls import reverse

from biaozhun.common.i18n import bi
from biaozhun.common.memo import once_per_request

if TYPE_CHECKING:
    from biaozhun.accounts.models import User

STAFF = ["bureau_admin", "bureau_staff", "department_member", "district_officer"]


class ProgrammeConfig(AppConfig):
    name = "biaozhun.programme"
    label = "programme"
    verbose_name = "规划目标 Programme"
    nav_items: list[dict[str, object]] = [
        {
            "url": "programme:dashboard",
            "zh": "规划目标",
            "en": "Programme",
            "icon": "target",
            "roles": STAFF,
        },
        {
            "url": "programme:registries",
            "zh": "重点工作台账",
            "en": "Registries",
            "icon": "list",
            "roles": STAFF,
        },
        {
            "url": "programme:registries",
            "zh": "标准化工作报送",
            "en": "Report standards work",
            "icon": "list",
            "roles": ["enterprise_user"],
        },
        {
            "url": "programme:tasks",
            "zh": "督查督办",
            "en": "Supervision",
            "icon": "checklist",
            "roles": STAFF,
        },
        {
            "url": "programme:trainings",
            "zh": "培训报名",
            "en": "Trainings",
            "icon": "school",
            "roles": [*STAFF, "enterprise_user"],
        },
    ]

    # The app's own modules import its models: imported in the methods, which run after the
    # app registry is ready (apps.py itself is imported before).

    def ready(self) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .figures import connect

        connect()  # a new figures stamp whenever the data behind the figures changes

    def load_reference_data(self, stdout: Any) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .reference import load_yangzhou_programme

        load_yangzhou_programme(stdout)

    def load_demo_data(self, stdout: Any) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .demo import load_demo_programme

        load_demo_programme(stdout)

    def dashboard_cards(self, user: User) -> list[dict[str, Any]]:
        # apps.py is imported before the app registry is ready: load models when called
        from .models import Programme
        from .progress import programme_progress
        from .selectors import late_tasks

        if user.role == "enterprise_user":
            from .selectors import upcoming_trainings

            return [
                {
                    "key": "trainings",
                    "title": bi("可报名的培训", "Trainings open for sign-up"),
                    "value": upcoming_trainings(user).count(),
                    "url": reverse("programme:trainings"),
                }
            ]
        if user.role not in STAFF and not user.is_superuser:
            return []
        programme = Programme.objects.first()
        if programme is None:
            return []
        progress = once_per_request(
            user,
            "programme_progress",
            lambda: programme_progress(programme, user=user, detail=False),
        )
        achieved = sum(1 for p in progress if p.status == "achieved")
        behind = sum(1 for p in progress if p.status == "behind")
        missed = sum(1 for p in progress if p.status == "missed")
        return [
            {
                "key": "programme",
                "title": bi("规划目标完成", "Targets achieved"),
                "value": f"{achieved}/{len(progress)}",
                "url": reverse("programme:dashboard"),
                "note": bi(f"{missed} 项未完成", f"{missed} not achieved")
                if missed
                else bi(f"{behind} 项滞后", f"{behind} behind"),
            },
            {
                "key": "late-tasks",
                "urgent": True,
                "title": bi("逾期督办任务", "Late tasks"),
                "value": late_tasks(user).count(),
                "url": reverse("programme:tasks") + "?late=1",
            },
        ]

    def dashboard_charts(self, user: User) -> list[dict[str, Any]]:
        """The programme's targets by status (achieved, on track, behind; a district without
        quotas: its contributions), for the bureau, the departments and the districts."""
        # apps.py is imported before the app registry is ready: load models when called
        from .models import Programme
        from .progress import programme_progress

        if user.role not in STAFF and not user.is_superuser:
            return []
        programme = Programme.objects.first()
        if programme is None:
            return []
        progress = once_per_request(
            user,
            "programme_progress",
            lambda: programme_progress(programme, user=user, detail=False),
        )
        colours = {
            "achieved": "#2fb344",
            "on_track": "#4299e1",
            "behind": "#d63939",
            "missed": "#a61e1e",  # after the period: not achieved
            "contribution": "#9aa0ac",
        }
        counts: dict[str, int] = {}
        labels: dict[str, tuple[str, str]] = {}
        for p in progress:
            counts[p.status] = counts.get(p.status, 0) + 1
            labels[p.status] = p.status_label
        items = [
            {"name": bi(*labels[status]), "value": counts[status], "color": colours[status]}
            for status in colours
            if counts.get(status)
        ]
        return [
            {
                "key": "programme-status",
                "priority": 20,
                "kind": "donut",
                "title": bi("规划目标完成情况", "Programme targets"),
                "total_label": bi("项目标", "targets"),
                "url": reverse("programme:dashboard"),
                "items": items,
                "empty": not items,
            }
        ]
