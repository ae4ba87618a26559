"""Reference loading (``biaozhun setup``) is idempotent, and the full-text index survives."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from biaozhun.catalogue.models import ImportRun, Standard
from biaozhun.catalogue.search import search_standards

from .conftest import ISO_SLICE

pytestmark = pytest.mark.django_db


def test_load_reference_data_is_idempotent(tmp_path: Path, settings: Any) -> None:
    from django.apps import apps

    (tmp_path / "iso").mkdir()
    (tmp_path / "iec").mkdir()
    with gzip.open(tmp_path / "iso" / "relaton_iso_extract.jsonl.gz", "wb") as handle:
        handle.write(ISO_SLICE.read_bytes())
    (tmp_path / "foreign").mkdir()
    real_cie = (
        Path(__file__).resolve().parents[2] / "data" / "foreign" / "relaton_cie_extract.jsonl.gz"
    )
    with (
        gzip.open(real_cie, "rt") as src,
        gzip.open(tmp_path / "foreign" / "relaton_cie_extract.jsonl.gz", "wt") as dst,
    ):
        dst.writelines(line for line in src if '"CIE 015:2018"' in line or '"CIE 15:2004"' in line)
    settings.DATA_DIR = tmp_path
    out = io.StringIO()
    config = apps.get_app_config("catalogue")
    config.load_reference_data(out)  # type: ignore[attr-defined]
    text = out.getvalue()
    assert "missing" in text  # the IEC file is absent here: said, not fatal
    assert Standard.objects.filter(source="iso").count() == 11
    assert Standard.objects.filter(is_example=True).count() == 29
    assert Standard.objects.filter(source="cie").count() == 2  # ETSI, OIML absent: said
    runs = ImportRun.objects.count()
    again = io.StringIO()
    config.load_reference_data(again)  # type: ignore[attr-defined]
    assert "already imported" in again.getvalue()
    assert ImportRun.objects.count() == runs


def test_fts_triggers_are_recreated_after_a_table_rebuild(import_file: Any) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL uses a generated column")
    from biaozhun.catalogue.fts import ensure_search_index

    import_file("relaton-iso", ISO_SLICE)
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER catalogue_standard_fts_ai")
    ensure_search_index()
    Standard.objects.create(
        canonical="GB/T 99998-2026",
        key="GB/T 99998",
        level="national",
        title_zh="测试用标准(示例)",
        search_text="gbt99998 测 试 测试",
    )
    assert [h.canonical for h in search_standards("测试").items] == ["GB/T 99998-2026"]
    assert search_standards("iso9001").count > 0


def test_search_text_follows_updates_and_deletes(import_file: Any) -> None:
    import_file("relaton-iso", ISO_SLICE)
    std = Standard.objects.get(canonical="ISO 1003:1980")
    assert search_standards("ginger").count >= 1
    std.search_text = "iso1003 姜"
    std.save()
    assert "ISO 1003:1980" in [h.canonical for h in search_standards("姜").items]
    std.delete()
    assert "ISO 1003:1980" not in [h.canonical for h in search_standards("ginger").items]


def test_unreadable_relaton_file_is_a_clear_error(import_file: Any, tmp_path: Path) -> None:
    from biaozhun.common.errors import DomainError

    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08garbage")
    with pytest.raises(DomainError) as info:
        import_file("relaton-iso", path)
    assert info.value.code == "bad_file" and info.value.message_zh
