"""The briefing as PDF (WeasyPrint, Noto CJK fonts), with its charts drawn as SVG here
(ECharts cannot run on the server)."""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

FONT = "Noto Sans CJK SC, sans-serif"
COLOURS = ("#206bc4", "#f59f00", "#2fb344", "#d63939", "#ae3ec9")


def line_chart_svg(
    labels: list[str], series: list[tuple[str, list[int]]], width: int = 640, height: int = 240
) -> str:
    left, right, top, bottom = 40, 12, 24, 40
    w, h = width - left - right, height - top - bottom
    peak = max([1, *(v for _, values in series for v in values)])
    step = w / max(1, len(labels) - 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="10">',
        f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + h}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{peak}</text>',
        f'<text x="{left - 4}" y="{top + h}" text-anchor="end">0</text>',
    ]
    for i, label in enumerate(labels):
        x = left + i * step
        parts.append(
            f'<text x="{x:.1f}" y="{top + h + 14}" text-anchor="middle">{escape(label[2:])}</text>'
        )
    for k, (name, values) in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        points = " ".join(
            f"{left + i * step:.1f},{top + h - v / peak * h:.1f}" for i, v in enumerate(values)
        )
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        for i, v in enumerate(values):
            parts.append(
                f'<circle cx="{left + i * step:.1f}" cy="{top + h - v / peak * h:.1f}" r="2.5" '
                f'fill="{colour}"/>'
            )
        parts.append(
            f'<rect x="{left + k * 150}" y="{height - 14}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + k * 150 + 14}" y="{height - 5}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart_svg(labels: list[str], values: list[int], width: int = 640, height: int = 240) -> str:
    left, right, top, bottom = 40, 12, 16, 44
    w, h = width - left - right, height - top - bottom
    peak = max([1, *values])
    slot = w / max(1, len(values))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="10">',
        f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" stroke="#999"/>',
    ]
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        bh = v / peak * h
        x = left + i * slot + slot * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{top + h - bh:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{bh:.1f}" fill="{COLOURS[0]}"/>'
            f'<text x="{x + slot * 0.35:.1f}" y="{top + h - bh - 3:.1f}" '
            f'text-anchor="middle">{v}</text>'
            f'<text x="{x + slot * 0.35:.1f}" y="{top + h + 14}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heatmap_svg(
    xlabels: list[str],
    ylabels: list[str],
    values: list[list[int]],
    width: int = 640,
) -> str:
    left, top, cell_h = 110, 20, 22
    n_x = max(1, len(xlabels))
    cell_w = (width - left - 10) / n_x
    height = top + cell_h * max(1, len(ylabels)) + 10
    peak = max([1, *(v for _, _, v in values)])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="10">'
    ]
    for x, label in enumerate(xlabels):
        parts.append(
            f'<text x="{left + x * cell_w + cell_w / 2:.1f}" y="{top - 6}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    for y, label in enumerate(ylabels):
        parts.append(
            f'<text x="{left - 6}" y="{top + y * cell_h + 15}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
    for x, y, v in values:
        alpha = 0.08 + 0.92 * v / peak if v else 0.03
        parts.append(
            f'<rect x="{left + x * cell_w:.1f}" y="{top + y * cell_h}" width="{cell_w - 1:.1f}" '
            f'height="{cell_h - 1}" fill="#206bc4" fill-opacity="{alpha:.2f}"/>'
        )
        if v:
            parts.append(
                f'<text x="{left + x * cell_w + cell_w / 2:.1f}" y="{top + y * cell_h + 15}" '
                f'text-anchor="middle">{v}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def briefing_charts(data: dict[str, Any]) -> dict[str, str]:
    trend = data["trend"]
    heat = data["heatmap"]
    return {
        "trend": line_chart_svg(
            trend["labels"],
            [
                ("本期 this year", trend["counts"]),
                ("上年同期 a year before", trend["previous_year"]),
            ],
        ),
        "members": bar_chart_svg(
            [m["code"] for m in data["members"]], [m["count"] for m in data["members"]]
        ),
        "heatmap": heatmap_svg(heat["markets"], heat["industry_labels"], heat["values"]),
    }


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def briefing_pdf(data: dict[str, Any]) -> bytes:
    # imported here: WeasyPrint loads Pango and Cairo, which only an export needs
    from weasyprint import HTML

    charts = {k: _data_uri(v) for k, v in briefing_charts(data).items()}
    html = render_to_string(
        "consult/briefing_pdf.html",
        {"b": data, "charts": charts, "printed_on": timezone.localdate()},
    )
    return bytes(HTML(string=html).write_pdf())
