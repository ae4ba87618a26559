"""Template helpers available in every template (registered as a builtin)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils.safestring import mark_safe

from biaozhun.common.i18n import bi as _bi
from biaozhun.common.i18n import pick

register = template.Library()


@register.simple_tag
def bi(zh: str, en: str) -> str:
    """``{% bi "中文" "English" %}``: the text in the active language."""
    return _bi(zh, en)


@register.filter
def loc(obj: Any, field: str) -> str:
    """``{{ enterprise|loc:"name" }}``: name_zh or name_en by the active language."""
    return pick(obj, field)


@register.simple_tag(takes_context=True)
def may_open(context: Any, url_name: str, *args: Any) -> bool:
    """``{% may_open "enterprises:import" as can_import %}``: whether the signed-in user may
    open the page (its view's ``roles_required``), so that a button is shown only to those it
    does not answer with 403 (issue 16 §3)."""
    from django.urls import resolve, reverse

    from biaozhun.accounts.decorators import may_open as check

    try:
        match = resolve(reverse(url_name, args=args))
    except Exception:  # NoReverseMatch, Resolver404: no such page
        return False
    return check(context.get("user"), match.func)


@register.filter
def hours(value: Any) -> str:
    """``{{ x|hours }}``: "3.5 小时" / "3.5 h"; "—" without a value (never "— h")."""
    if value is None or value == "":
        return "—"
    return _bi(f"{value} 小时", f"{value} h")


@register.filter
def column_label(key: str) -> str:
    """``{{ error.field|column_label }}``: an import column as its header ("通报号"), not its
    key ("symbol")."""
    from biaozhun.common.importing import column_label as label

    return label(str(key or ""))


@register.simple_tag(takes_context=True)
def query(context: Any, **changes: Any) -> str:
    """The current query string with ``changes`` applied (for pagination and filter links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(list(params.lists()), doseq=True)


@register.simple_tag
def icon(name: str) -> str:
    """A Tabler icon glyph placeholder span (icons font not bundled; keeps layout stable)."""
    return mark_safe(f'<span class="nav-link-icon d-inline-block" data-icon="{name}"></span>')
