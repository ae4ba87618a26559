"""``{% load tbt_tags %}``: names of the programme's sectors in the active language."""

from __future__ import annotations

from django import template

from biaozhun.common.i18n import bi
from biaozhun.core.codes import SECTORS

register = template.Library()


@register.filter
def sector_name(slug: str) -> str:
    """``{{ "textiles"|sector_name }}`` -> 纺织服装 / Textiles and clothing."""
    sector = SECTORS.get(str(slug))
    return bi(sector.name_zh, sector.name_en) if sector else str(slug)
