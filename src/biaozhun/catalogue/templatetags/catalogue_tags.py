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


#: the words the sources use for a record's status (IEC/ETSI/CIE/OIML), in Chinese
SOURCE_STATUS = {
    "PUBLISHED": ("已发布", "published"),
    "PPUB": ("已发布", "published"),
    "REVISED": ("已修订", "revised"),
    "WITHDRAWN": ("已废止", "withdrawn"),
    "DELPUB": ("已删除", "deleted"),
    "CANCELLED": ("已取消", "cancelled"),
    "REPLACED": ("被代替", "replaced"),
    "DRAFT": ("草案", "draft"),
    "CURRENT": ("现行", "current"),
    "ACTIVE": ("现行", "active"),
    "HISTORICAL": ("历史版本", "historical"),
    "STANDARD": ("标准", "standard"),
    "SPECIFICATION": ("规范", "specification"),
    "REPORT": ("报告", "report"),
    "GUIDE": ("指南", "guide"),
    "RECOMMENDATION": ("建议", "recommendation"),
}


@register.filter
def source_status(value: str) -> str:
    """The status as the source wrote it, in Chinese where the word is known: "REVISED" is
    "已修订"; a stage code ("95.99") stays; an unknown English word shows in English mode only."""
    text = (value or "").strip()
    known = SOURCE_STATUS.get(text.upper().replace(" ", "_"))
    if known:
        return bi(*known)
    if any(ch.isascii() and ch.isalpha() for ch in text) and not any(
        "\u3400" <= ch <= "\u9fff" for ch in text
    ):
        return bi("", text)
    return text
