"""Bilingual text without a compile step.

Every user-facing string is written in Chinese and English side by side where it is used
(``bi("企业", "Enterprises")`` in Python, ``{% bi "企业" "Enterprises" %}`` in templates); the
active language picks one. See docs/decisions/0002-bilingual-strings.md.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import get_language


def is_english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def bi(zh: str, en: str) -> str:
    """The Chinese or English text, by the active language."""
    return en if is_english() else zh


bi_lazy = lazy(bi, str)

#: where a render keeps whether the page is in English (asked once per template)
_ENGLISH = "biaozhun.english"


def english_in(context: Any) -> bool:
    """Whether ``context`` renders in English, asked once per template rendered: Django's
    ``get_language`` costs about 9 µs a call, and a page has a hundred ``{% bi %}``."""
    render_context = context.render_context
    english = render_context.get(_ENGLISH)
    if english is None:
        english = render_context[_ENGLISH] = is_english()
    return bool(english)


def pick(obj: object, field: str) -> str:
    """``obj.<field>_en`` in English when it is filled, else ``obj.<field>_zh``."""
    zh = getattr(obj, f"{field}_zh", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    return (en or zh) if is_english() else (zh or en)
