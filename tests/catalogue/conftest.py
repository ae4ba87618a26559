"""Fixtures of the catalogue tests: small slices of the real ISO/IEC extracts (a few real
lines each), the recorded national-platform pages and the example Chinese records."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parent / "data"
REPO = Path(__file__).resolve().parents[2]
ISO_SLICE = DATA / "iso_slice.jsonl"
IEC_SLICE = DATA / "iec_slice.jsonl"
CASSETTE = REPO / "data" / "cn" / "relaton-gb" / "vcr_cassettes" / "gb_t_1_1.yml"
EXAMPLES = REPO / "src" / "biaozhun" / "catalogue" / "fixtures" / "cn_platform_examples.json"


@pytest.fixture
def import_file(db: Any) -> Callable[..., Any]:
    from biaozhun.catalogue.importers import import_file as run

    def go(fmt: str, path: Path, **kwargs: Any) -> Any:
        return run(fmt, Path(path), **kwargs)

    return go


@pytest.fixture
def catalogue(import_file: Callable[..., Any]) -> None:
    """ISO and IEC slices plus the example Chinese records."""
    import_file("relaton-iso", ISO_SLICE)
    import_file("relaton-iec", IEC_SLICE)
    import_file("cn-platform", EXAMPLES)


def write_jsonl(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n")
    return path


def slice_items(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
