"""The navigation: each app lists its pages in ``AppConfig.nav_items``; only what exists and
what the user's role may open is shown. The shell groups the pages into menus by app (an
entry may name another ``group``): a menu with one page is a plain link, a menu with several
is a dropdown, so the bar stays on one row for every role."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse

from biaozhun.common.i18n import bi

#: the menus in the order of the bar: key, Chinese and English label, the apps in it
NAV_GROUPS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("standards", "标准信息", "Standards", ("catalogue", "validity")),
    ("tbt", "TBT 预警", "TBT alerts", ("tbt", "alerts")),
    ("consult", "咨询评议", "Consultation", ("consult",)),
    ("enterprises", "企业", "Enterprises", ("enterprises",)),
    ("incentives", "激励", "Incentives", ("incentives",)),
    ("programme", "规划实施", "Programme", ("programme",)),
    ("notify", "通知", "Notifications", ("notify",)),
    ("system", "系统", "System", ("accounts",)),
]
GROUP_OF_APP = {label: key for key, _zh, _en, labels in NAV_GROUPS for label in labels}


class QueryValues(dict[str, str]):
    """The page's query string as templates read it (``{{ GET.q }}``): the last value of each
    parameter, ``""`` for one that is absent. ``{{ request.GET.q }}`` gives the same text, but
    for every absent parameter Django's lookup fails three ways (item, attribute, index) and
    lists every attribute of the ``QueryDict`` on the way: about 20 µs a lookup, and a filter
    form compares the selected value once per option (a WTO member list: 160 times a page)."""

    def __missing__(self, key: str) -> str:
        return ""


def query_values(request: HttpRequest) -> dict[str, Any]:
    return {"GET": QueryValues((key, request.GET[key]) for key in request.GET)}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_groups": []}
    role = "bureau_admin" if user.is_superuser else user.role
    # copies: the entry to highlight is marked on this request's items only
    items = [dict(item) for item in _entries(role)]
    for item in items:
        item["label"] = bi(item["zh"], item["en"])
    # Highlight only the entry whose URL is the longest prefix of the current path.
    current = request.path
    matching = [item for item in items if item["url"] != "/" and current.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items, "nav_groups": _groups(items)}


_ENTRIES: dict[tuple[str, str], list[dict[str, Any]]] = {}


def _entries(role: str) -> list[dict[str, Any]]:
    """A role's navigation entries with their URLs, worked out once per process and role: they
    depend only on the installed apps, the URL configuration and the prefix the site is served
    under (about 20 ``reverse`` calls a page otherwise)."""
    key = (role, get_script_prefix())
    if key not in _ENTRIES:
        entries = []
        for config in apps.get_app_configs():
            for entry in getattr(config, "nav_items", []):
                roles = entry.get("roles")
                if roles and role not in roles:
                    continue
                try:
                    url = reverse(str(entry["url"]))
                except NoReverseMatch:
                    continue
                entries.append(
                    {
                        "url": url,
                        "zh": str(entry["zh"]),
                        "en": str(entry["en"]),
                        "icon": entry.get("icon", ""),
                        "group": str(
                            entry.get("group") or GROUP_OF_APP.get(config.label, config.label)
                        ),
                        "app_name": str(config.verbose_name),
                        "active": False,
                    }
                )
        _ENTRIES[key] = entries
    return _ENTRIES[key]


def _groups(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    labels = {key: bi(zh, en) for key, zh, en, _apps in NAV_GROUPS}
    order = [key for key, *_rest in NAV_GROUPS]
    groups: dict[str, dict[str, Any]] = {}
    for item in items:
        key = item["group"]
        group = groups.setdefault(
            key, {"key": key, "label": labels.get(key, item["app_name"]), "items": []}
        )
        group["items"].append(item)
    result = sorted(
        groups.values(),
        key=lambda g: order.index(g["key"]) if g["key"] in order else len(order),
    )
    for group in result:
        group["active"] = any(item["active"] for item in group["items"])
    return result
