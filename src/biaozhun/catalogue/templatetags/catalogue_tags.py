"""``{% source_line source %}``: which source a record rests on and as of which date."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html

from biaozhun.common.i18n import bi

from ..freshness import NAMES, STALE_DAYS, as_of_by_source

register = template.Library()


@register.simple_tag(takes_context=True)
def source_line(context: Any, source: str) -> str:
    """ "全国标准信息公共服务平台 · 截至 2026-11-30" (the source's latest import), marked when the
    source has not been imported for more than ``STALE_DAYS`` days. The dates are read once per
    page."""
    cache = context.render_context
    if "catalogue_as_of" not in cache:
        cache["catalogue_as_of"] = as_of_by_source()
    as_of = cache["catalogue_as_of"].get(source)
    if source not in NAMES:
        return ""
    name = bi(*NAMES[source])
    if as_of is None:
        if source == "manual":
            return format_html("{}", name)
        return format_html("{} · {}", name, bi("尚未导入", "never imported"))
    age = (timezone.localdate() - as_of).days
    stale = (
        format_html(
            ' <span class="text-warning">{}</span>',
            bi(f"({age} 天未更新)", f"({age} days without an update)"),
        )
        if age > STALE_DAYS
        else ""
    )
    return format_html("{} · {} {}{}", name, bi("截至", "as of"), as_of.isoformat(), stale)
