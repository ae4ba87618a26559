"""Template helpers available in every template (registered as a builtin)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from biaozhun.common.i18n import bi as _bi
from biaozhun.common.i18n import english_in, pick
from biaozhun.common.reversing import fast_reverse

register = template.Library()


class BiNode(template.Node):
    def __init__(self, zh: Any, en: Any, asvar: str | None) -> None:
        self.zh, self.en, self.asvar = zh, en, asvar

    def render(self, context: Any) -> str:
        text = (self.en if english_in(context) else self.zh).resolve(context)
        if self.asvar:
            context[self.asvar] = text
            return ""
        return str(conditional_escape(text)) if context.autoescape else str(text)


@register.tag
def bi(parser: Any, token: Any) -> BiNode:
    """``{% bi "中文" "English" %}`` (or ``... as name``): the text in the active language.
    Only the argument shown is resolved."""
    bits = token.split_contents()
    asvar = None
    if len(bits) == 5 and bits[3] == "as":
        asvar = bits[4]
        bits = bits[:3]
    if len(bits) != 3:
        raise template.TemplateSyntaxError(
            '{% bi %} takes the Chinese and the English text: {% bi "中文" "English" [as name] %}'
        )
    return BiNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), asvar)


@register.filter
def loc(obj: Any, field: str) -> str:
    """``{{ enterprise|loc:"name" }}``: name_zh or name_en by the active language."""
    return pick(obj, field)


class FastURLNode(URLNode):
    """Django's ``{% url %}`` with positional arguments answered by :func:`fast_reverse` (the
    same text, without walking the URL patterns again for each row of a list)."""

    def render(self, context: Any) -> str:
        if self.kwargs:
            return str(super().render(context))
        from django.urls import NoReverseMatch

        args = [arg.resolve(context) for arg in self.args]
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            if request is None:
                url = fast_reverse(view_name, args, current_app=current_app)
            else:
                urlconf = getattr(request, "urlconf", None)
                url = fast_reverse(view_name, args, current_app=current_app, urlconf=urlconf)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return str(conditional_escape(url)) if context.autoescape else url


@register.tag
def url(parser: Any, token: Any) -> FastURLNode:
    """``{% url %}`` as Django parses it, rendered by :class:`FastURLNode` (this library is a
    builtin loaded after Django's, so its ``url`` is the one every template uses)."""
    node = django_url(parser, token)
    return FastURLNode(node.view_name, node.args, node.kwargs, node.asvar)


@register.simple_tag
def options(
    items: Any, selected: Any = "", value: str = "code", label: str = "name", coded: bool = False
) -> SafeString:
    """``{% options members GET.member coded=True %}``: the ``<option>`` elements of a filter's
    select, the one whose value is ``selected`` marked. ``items`` are ``(value, label)`` pairs
    (a model's choices) or records whose ``value`` attribute (default ``code``) is the value
    and whose ``<label>_zh`` / ``<label>_en`` name it in the active language (``coded``: the
    value before the name, "US 美国"). Written in Python: a template loop costs about 30 µs an
    option, and the WTO members' list has 160 of them."""
    chosen = "" if selected is None else str(selected)
    parts = []
    for item in items or ():
        if isinstance(item, tuple | list):
            key, text = str(item[0]), str(item[1])
        else:
            key = str(getattr(item, value, "") or "")
            text = pick(item, label)
            if coded:
                text = f"{key} {text}"
        mark = " selected" if key == chosen and chosen != "" else ""
        parts.append(f'<option value="{escape(key)}"{mark}>{escape(text)}</option>')
    return mark_safe("".join(parts))  # every value and label escaped above


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
