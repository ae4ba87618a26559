from typing import Any

from django.apps import AppConfig


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

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .fts import ensure_search_index

        post_migrate.connect(ensure_search_index, sender=self)

    def load_reference_data(self, stdout: Any) -> None:
        from .reference import load_reference_catalogue

        load_reference_catalogue(stdout)
