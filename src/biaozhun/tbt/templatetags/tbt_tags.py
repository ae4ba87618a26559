"""``{% load tbt_tags %}``: names of the programme's sectors in the active language, and the
Chinese title, summary and dates of WTO notifications as every page shows them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from biaozhun.common.i18n import bi, english_in, is_english
from biaozhun.core import tbt_summary
from biaozhun.core.codes import SECTORS
from biaozhun.tbt.models import Notification
from biaozhun.tbt.summary import ChineseText, chinese_text, chinese_title

register = template.Library()


@register.filter
def sector_name(slug: str) -> str:
    """``{{ "textiles"|sector_name }}`` -> 纺织服装 / Textiles and clothing."""
    sector = SECTORS.get(str(slug))
    return bi(sector.name_zh, sector.name_en) if sector else str(slug)


@register.simple_tag
def zh_text(n: Notification) -> ChineseText:
    """``{% zh_text n as t %}``: the Chinese title and summary to show (the desk's, else the
    generated one: ``t.title_generated`` / ``t.summary_generated`` say which)."""
    return chinese_text(n)


#: the mark beside a title the platform generated (Chinese pages only)
_GENERATED = (
    ' <span class="badge bg-azure-lt" data-testid="generated-label" '
    'title="系统根据通报要素生成,译审台发布人工翻译后替换">机器生成</span>'
)


@register.simple_tag(takes_context=True)
def notification_title(context: Any, n: Notification) -> SafeString:
    """The notification's title in the active language: in Chinese the desk's or the
    generated title (marked 机器生成), in English the Member's title. Written in Python
    rather than as an included template: lists show one a row."""
    if english_in(context):
        return format_html("{}", n.title)
    title, generated = chinese_title(n)
    if generated:
        return format_html("{}" + _GENERATED, title)
    return format_html("{}", title)


@register.simple_tag(takes_context=True)
def date_reading(context: Any, value: date | None, text: str = "") -> SafeString:
    """A proposed date as every page shows it: the Member's vague wording with the
    platform's reading beside it, else the date (``2026年4月10日`` in Chinese)."""
    r = tbt_summary.date_reading(value, text)
    if english_in(context):
        if r.raw:
            return format_html(
                '<span data-testid="date-raw">“{}”</span> '
                '<span class="text-secondary">(read as: {})</span>',
                r.raw,
                r.reading_en,
            )
        return format_html("{}", r.reading_en)
    if r.raw and r.raw_in_zh:
        return format_html(
            '<span data-testid="date-raw">原文:“{}”</span> '
            '<span class="text-secondary">(平台解读:{})</span>',
            r.raw,
            r.reading_zh,
        )
    return format_html("{}", r.reading_zh)


@register.simple_tag
def deadline_left(due: date | None) -> str:
    """``剩余 N 个工作日`` / ``今日截止`` / ``已过期`` (empty without a date)."""
    if due is None:
        return ""
    status = tbt_summary.deadline_status(due, timezone.localdate())
    return bi(status.zh, status.en)


@register.filter
def date_cn(value: date | None) -> str:
    """``2026年4月10日`` in Chinese, ISO in English; "—" without a date."""
    if value is None:
        return "—"
    return value.isoformat() if is_english() else tbt_summary.date_zh(value)


@register.simple_tag(takes_context=True)
def english_mode(context: Any) -> bool:
    """``{% english_mode as en %}``: whether the page is shown in English."""
    return english_in(context)
