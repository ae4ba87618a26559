"""``{{ amount|yuan }}``: whole yuan with thousands separators (2,000,000), in any language."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def yuan(value: Any) -> str:
    if value is None or value == "":
        return "—"
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError, ArithmeticError):  # NaN, infinity: never a broken page
        return str(value)[:40]
