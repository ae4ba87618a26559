"""The 查新 report's donut: a legend with each outcome's count, labels and the total."""

from __future__ import annotations

import json
import re

from django.urls import reverse

from biaozhun.validity.services import run_check

from .conftest import FIXTURE_LINES


def _chart(html: str) -> dict:
    found = re.search(r'<script id="outcome-data" type="application/json">(.*?)</script>', html)
    assert found
    return json.loads(found.group(1))


def test_donut_has_total_legend_entries_with_counts_and_labels(client, catalogue, bureau_user):
    check = run_check(
        bureau_user, list(enumerate(FIXTURE_LINES, 1)), source_name="l", source_kind="text"
    )
    client.force_login(bureau_user)
    html = client.get(reverse("validity:report", args=[check.pk])).content.decode()
    chart = _chart(html)
    assert chart["total"] == 12 and chart["total_label"] == "行"
    names = [item["name"] for item in chart["items"]]
    assert "被代替 2" in names
    assert sum(item["value"] for item in chart["items"]) == 12
    # the script draws the legend, the slice labels and the total in the middle
    assert "legend:" in html and "label: {show: true" in html and "String(data.total)" in html
