from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.urls import reverse

from biaozhun.common.i18n import bi

if TYPE_CHECKING:
    from biaozhun.accounts.models import User


class CatalogueConfig(AppConfig):
    name = "biaozhun.catalogue"
    label = "catalogue"
    verbose_name = "标准信息 Catalogue"
    # Entries for the navigation (see biaozhun.web.context): dicts with url, zh, en, icon, roles.
    nav_items: list[dict[str, object]] = [
        {
            "url": "catalogue:search",
            "zh": "标准检索",
            "en": "Standards",
            "icon": "books",
            "roles": [
                "bureau_admin",
                "bureau_staff",
                "department_member",
                "district_officer",
                "enterprise_user",
                "expert",
            ],
        }
    ]

    # The app's own modules import its models: imported in the methods, which run after the
    # app registry is ready (apps.py itself is imported before).
    def ready(self) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .fts import ensure_search_index

        post_migrate.connect(ensure_search_index, sender=self)

        # "ISO (relaton)" names an importer: pages name the source as people know it
        from biaozhun.common.choices import relabel

        from .freshness import NAMES
        from .models import Standard

        relabel(Standard.Source, NAMES)

    def dashboard_cards(self, user: User) -> list[dict[str, Any]]:
        # apps.py is imported before the app registry is ready: load models when called
        from .freshness import current_count
        from .selectors import catalogue_date

        as_of = catalogue_date()
        return [
            {
                "key": "standards",
                "title": bi("现行标准", "Standards in force"),
                "value": current_count(),
                "url": reverse("catalogue:search") + "?status=current",
                "note": bi(
                    f"目录日期 {as_of:%Y-%m-%d}" if as_of else "目录尚未导入",
                    f"catalogue as of {as_of:%Y-%m-%d}" if as_of else "no catalogue imported yet",
                ),
            }
        ]

    def load_demo_data(self, stdout: Any) -> None:
        """Link the example drafting organisations to the demo enterprises of the same name."""
        # apps.py is imported before the app registry is ready: load models when called
        from biaozhun.enterprises.models import Enterprise

        from .services import link_drafters_to_enterprise

        linked = sum(link_drafters_to_enterprise(e) for e in Enterprise.objects.all())
        stdout.write(f"catalogue: 起草单位关联企业 drafters linked to enterprises: {linked}")

    def load_reference_data(self, stdout: Any) -> None:
        # apps.py is imported before the app registry is ready: load models when called
        from .reference import load_reference_catalogue

        load_reference_catalogue(stdout)

    def schedule_periodic_tasks(self, stdout: Any) -> None:
        """Queue the (incremental) build of the search vectors: the worker embeds the titles
        that have no up-to-date vector; staff see the progress on the search page."""
        from biaozhun.core import embedding  # numpy: loaded here, not in every process start

        # apps.py is imported before the app registry is ready: load models when called
        from . import tasks

        tasks.schedule_transitions()
        stdout.write("catalogue: 每日状态变化已排期 daily dated changes scheduled")
        if not embedding.available():
            stdout.write("catalogue: 无嵌入模型,检索仅用全文 no embedding model: full-text search")
            return
        tasks.build_vectors.enqueue()
        stdout.write("catalogue: 检索向量构建已排队 search vector build queued")
