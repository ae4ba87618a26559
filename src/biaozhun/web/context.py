"""The navigation: each app lists its pages in ``AppConfig.nav_items``; only what exists and
what the user's role may open is shown."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from .i18n import bi


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    role = "bureau_admin" if user.is_superuser else user.role
    items = []
    current = request.path
    for config in apps.get_app_configs():
        for entry in getattr(config, "nav_items", []):
            roles = entry.get("roles")
            if roles and role not in roles:
                continue
            try:
                url = reverse(str(entry["url"]))
            except NoReverseMatch:
                continue
            items.append(
                {
                    "url": url,
                    "label": bi(str(entry["zh"]), str(entry["en"])),
                    "icon": entry.get("icon", ""),
                    "active": False,
                }
            )
    # Highlight only the entry whose URL is the longest prefix of the current path.
    matching = [item for item in items if item["url"] != "/" and current.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
