"""The CLI: ``biaozhun designation parse`` and ``biaozhun catalogue import|search``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .conftest import ISO_SLICE


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_designation_parse_in_input_order(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("ＧＢ／Ｔ 19001—2016\n\nnonsense\n", encoding="utf-8")
    lines = run("designation", "parse", "iso 9001:2015", "GB 1234 2008", "--file", str(path))
    rows = [json.loads(line) for line in lines.splitlines()]
    assert [r["input"] for r in rows] == [
        "iso 9001:2015",
        "GB 1234 2008",
        "ＧＢ／Ｔ 19001—2016",
        "nonsense",
    ]
    assert rows[0]["canonical"] == "ISO 9001:2015" and rows[0]["ok"] is True
    assert rows[1]["ok"] is False and rows[1]["error"]["code"] == "ambiguous"
    assert rows[2]["canonical"] == "GB/T 19001-2016"
    assert set(rows[3]["error"]) == {"code", "message_zh", "message_en"}
    assert set(rows[0]) == {
        "input",
        "ok",
        "canonical",
        "publisher",
        "prefix",
        "number",
        "part",
        "year",
        "error",
    }


def test_designation_parse_needs_input() -> None:
    with pytest.raises(CommandError):
        run("designation", "parse")


@pytest.mark.django_db
def test_catalogue_import_and_search(tmp_path: Path) -> None:
    out = json.loads(run("catalogue", "import", "relaton-iso", str(ISO_SLICE), "--json"))
    assert out["counts"]["created"] == 11 and out["skipped"] is False
    assert out["errors"][0]["line"] == 1
    again = run("catalogue", "import", "relaton-iso", str(ISO_SLICE))
    assert "already imported" in again
    found = json.loads(run("catalogue", "search", "iso9001", "--json"))
    assert found["items"][0]["canonical"] == "ISO 9001:2015"
    assert set(found) == {"query", "count", "items", "facets"}
    text = run("catalogue", "search", "quality", "--status", "current")
    assert "ISO 9001:2015" in text
    dated = json.loads(
        run(
            "catalogue", "search", "quality", "--from", "2015-01-01", "--to", "2015-12-31", "--json"
        )
    )
    assert [i["canonical"] for i in dated["items"]] == ["ISO 9001:2015"]


@pytest.mark.django_db
def test_catalogue_command_errors(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        run("catalogue", "import", "template", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError):
        run("catalogue", "import", "template", str(ISO_SLICE), "--date", "yesterday")
    with pytest.raises(CommandError):
        run("catalogue", "search", "x", "--level", "galactic")
    with pytest.raises(CommandError):
        run("catalogue", "search", "x", "--from", "last week")
