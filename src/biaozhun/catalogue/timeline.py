"""The picture of an edition chain: an inline SVG timeline (no script, so no CSP concern).

One point an edition, evenly spaced in date order, coloured by status, each a link to the
edition's page; the edition being viewed is drawn larger.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Standard

COLOURS: dict[str, str] = {
    Standard.Status.CURRENT: "#2fb344",
    Standard.Status.UPCOMING: "#206bc4",
    Standard.Status.REPLACED: "#f59f00",
    Standard.Status.WITHDRAWN: "#d63939",
}
STEP = 170
HEIGHT = 110


def timeline_svg(
    editions: Sequence[Standard],
    *,
    current_pk: int | None = None,
    link: str = "catalogue:detail",
) -> SafeString:
    if not editions:
        return mark_safe("")
    width = max(STEP * len(editions), 340)
    y = 42
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {HEIGHT}" '
        f'width="100%" style="max-width:{width}px" data-testid="edition-timeline" '
        f'aria-label="版本沿革 edition history">',
        f'<line x1="{STEP // 2}" y1="{y}" x2="{width - STEP // 2}" y2="{y}" '
        'stroke="#adb5bd" stroke-width="2"/>',
    ]
    for index, edition in enumerate(editions):
        x = STEP // 2 + index * STEP
        colour = COLOURS.get(edition.status, "#6c757d")
        radius = 10 if edition.pk == current_pk else 7
        date = edition.published_on.isoformat() if edition.published_on else str(edition.year or "")
        label = escape(edition.canonical)
        status = escape(edition.get_status_display())
        parts.append(
            f'<a href="{escape(reverse(link, args=[edition.pk]))}">'
            f"<title>{label} · {status}</title>"
            f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{colour}" stroke="#fff" '
            'stroke-width="2"/>'
            f'<text x="{x}" y="{y - 18}" text-anchor="middle" font-size="12" '
            f'font-weight="{"bold" if edition.pk == current_pk else "normal"}">{label}</text>'
            f'<text x="{x}" y="{y + 28}" text-anchor="middle" font-size="11" fill="#6c757d">'
            f"{escape(date)}</text>"
            f'<text x="{x}" y="{y + 44}" text-anchor="middle" font-size="11" fill="{colour}">'
            f"{status}</text></a>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
