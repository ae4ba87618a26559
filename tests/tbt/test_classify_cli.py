"""``biaozhun classify``: one JSON object a line; and the classification bench's figures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args: str) -> list[dict[str, object]]:
    out = io.StringIO()
    call_command("classify", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_texts_and_file(tmp_path: Path) -> None:
    path = tmp_path / "texts.txt"
    path.write_text("儿童玩具\n\nElectric cables\n", encoding="utf-8")
    lines = run("LED lamps", "--file", str(path))
    assert [line["text"] for line in lines] == ["LED lamps", "儿童玩具", "Electric cables"]
    first = lines[0]
    assert set(first) == {"text", "ics", "hs_headings", "industries", "export_groups"}
    assert first["ics"][0]["code"] == "29.140"  # type: ignore[index]
    assert 0 < first["ics"][0]["confidence"] <= 1  # type: ignore[index]
    assert "new-light-sources" in [i["code"] for i in first["industries"]]  # type: ignore[attr-defined]
    assert "9503" in [h["code"] for h in lines[1]["hs_headings"]]  # type: ignore[attr-defined]


def test_codes_only() -> None:
    (line,) = run("--hs", "6109.10")
    assert [g["code"] for g in line["export_groups"]] == ["textiles"]  # type: ignore[attr-defined]


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        run()
    with pytest.raises(CommandError):
        run("--file", str(tmp_path / "missing.txt"))


def test_bench_figures() -> None:
    from biaozhun.bench.classification import run as bench

    figures = bench(sample=200)
    assert figures["test_titles_2020_on"] == 200
    for key in ("field", "group", "new_titles_field", "new_titles_group"):
        top1, top3 = figures[f"{key}_top1"], figures[f"{key}_top3"]
        assert 0 <= top1 <= top3 <= 1
    # the standards' titles must help over the ICS titles alone, and beat the majority class
    assert figures["group_top1"] > figures["ics_titles_only_group_top1"]
    assert figures["field_top1"] > figures["majority_field_top1"]


@pytest.mark.django_db
def test_reclassify_command(members: None) -> None:
    from datetime import date

    from biaozhun.tbt.models import Notification
    from biaozhun.tbt.services import NotificationData, record_notification

    n = record_notification(
        None,
        NotificationData(
            symbol="G/TBT/N/EU/1500", distributed_on=date(2026, 3, 2), title="LED lamps"
        ),
    ).notification
    Notification.objects.filter(pk=n.pk).update(export_groups=[], industries=[])
    out = io.StringIO()
    call_command("tbt", "reclassify", "--since", "2026-01-01", stdout=out)
    assert "reclassified 1" in out.getvalue() and "changed 1" in out.getvalue()
    n.refresh_from_db()
    assert "new-light-sources" in n.industry_slugs
    with pytest.raises(CommandError):
        call_command("tbt", "reclassify", "--since", "soon")
