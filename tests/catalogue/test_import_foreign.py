"""ETSI, CIE and OIML relaton extracts (real lines from data/foreign) and foreign standards in
the template (issue 17 §3)."""

from __future__ import annotations

import datetime
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from biaozhun.catalogue.models import Standard

from .conftest import write_jsonl

pytestmark = pytest.mark.django_db

FOREIGN = Path(__file__).resolve().parents[2] / "data" / "foreign"
Status = Standard.Status


def real_lines(family: str, keep: Any) -> list[dict[str, Any]]:
    path = FOREIGN / f"relaton_{family}_extract.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        items = [json.loads(line) for line in fh]
    return [i for i in items if keep(i["docid"])]


def get(canonical: str) -> Standard:
    return Standard.objects.get(canonical=canonical)


def test_etsi_versions_chain(import_file: Any, tmp_path: Path) -> None:
    items = real_lines("etsi", lambda d: d.startswith(("ETSI EN 301 489-1 ", "ETSI EN 300 328 ")))
    assert len(items) == 4
    items.append({"docid": "ETSI EN 301 489-1 V9.9.9 (2019-13)", "titles": {}})  # bad date
    result = import_file(
        "relaton-etsi",
        write_jsonl(tmp_path / "etsi.jsonl", items),
        catalogue_date=datetime.date(2026, 12, 1),
    )
    assert [e.code for e in result.report.errors] == ["bad_year"]
    latest = get("ETSI EN 301 489-1 V2.2.3 (2019-11)")
    assert latest.status == Status.CURRENT and latest.source == Standard.Source.ETSI
    assert (latest.publisher, latest.level, latest.doc_type) == ("ETSI", "foreign", "EN")
    assert latest.title_en.startswith("ElectroMagnetic Compatibility")
    older = get("ETSI EN 301 489-1 V1.9.2 (2011-09)")
    assert older.status == Status.REPLACED and older.replaced_by == latest
    assert older.withdrawn_on == datetime.date(2019, 11, 1)
    assert get("ETSI EN 300 328 V1.9.1 (2015-02)").replaced_by == get(
        "ETSI EN 300 328 V2.2.2 (2019-07)"
    )
    current = Standard.objects.filter(key="ETSI EN 301 489-1", status=Status.CURRENT)
    assert list(current.values_list("canonical", flat=True)) == [latest.canonical]


def test_cie_updates_both_ways_and_same_publication(import_file: Any, tmp_path: Path) -> None:
    wanted = {"CIE 015:2018", "CIE 15:2004", "CIE 018:2019", "CIE 018.2-1983", "CIE x050-PO036"}
    items = real_lines("cie", lambda d: d in wanted)
    assert len(items) == 5
    import_file("relaton-cie", write_jsonl(tmp_path / "cie.jsonl", items))
    old = get("CIE 15:2004")
    assert old.status == Status.REPLACED and old.replaced_by == get("CIE 015:2018")
    # CIE 018.2-1983 "updates" CIE 018:2019 in the source: the older one is replaced
    assert get("CIE 018.2-1983").replaced_by == get("CIE 018:2019")
    assert get("CIE 018:2019").status == Status.CURRENT
    assert get("CIE 015:2018").level == "international"
    assert get("CIE x050-PO036").status == Status.CURRENT


def test_oiml_language_editions_bulletins_and_successors(import_file: Any, tmp_path: Path) -> None:
    items = real_lines(
        "oiml",
        lambda d: (
            d.startswith(("OIML R 76-1:", "OIML B 10-1:", "OIML R 100:"))
            or d == "OIML Bulletin 2001-01-01"
        ),
    )
    assert any("(F)" in i["docid"] for i in items)
    result = import_file("relaton-oiml", write_jsonl(tmp_path / "oiml.jsonl", items))
    assert result.report.errors == []
    assert not Standard.objects.filter(canonical__startswith="OIML Bulletin").exists()
    assert not Standard.objects.filter(canonical__endswith="(E)").exists()
    r76 = get("OIML R 76-1:2006")
    assert r76.status == Status.CURRENT and r76.title_en
    r100 = get("OIML R 100:1991")
    assert r100.title_fr.startswith("Spectromètres") and r100.replaced_by == get("OIML R 100:2013")
    r76_old = get("OIML R 76-1:1992")
    assert r76_old.status == Status.REPLACED and r76_old.replaced_by is not None
    assert r76_old.replaced_by.key == "OIML R 76-1"
    assert r100.status == Status.REPLACED
    amendment = get("OIML B 10-1:2004+Amendment:2006")
    assert amendment.publisher == "OIML" and amendment.title_fr.startswith("Cadre")


def test_same_foreign_file_is_skipped(import_file: Any, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "cie.jsonl", real_lines("cie", lambda d: d == "CIE 015:2018"))
    assert not import_file("relaton-cie", path).skipped
    assert import_file("relaton-cie", path).skipped


TEMPLATE_FOREIGN = """标准号,中文名称,英文名称,状态
BS EN 60335-1:2012+A2:2019,家用电器安全(示例),Household appliances safety,现行
ASTM D638-14,塑料拉伸性能(示例),Tensile properties of plastics,现行
DIN EN ISO 9001:2015-11,质量管理体系(示例),,现行
UL 94,塑料燃烧性能(示例),,现行
ISO 9001:2015,国际标准来自 ISO 目录,,现行
ETSI EN 300 328 V2.2.2 (2019-07),已有 ETSI 目录,,现行
OIML R 76-1:2006,国际标准来自 OIML 目录,,现行
"""


def test_template_accepts_foreign_standards(import_file: Any, tmp_path: Path) -> None:
    path = tmp_path / "foreign.csv"
    path.write_text(TEMPLATE_FOREIGN, encoding="utf-8")
    result = import_file("template", path)
    errors = {e.line: e.code for e in result.report.errors}
    assert errors == {6: "from_catalogue", 7: "from_catalogue", 8: "from_catalogue"}
    astm = get("ASTM D638-14")
    assert (astm.level, astm.publisher, astm.year, astm.source) == (
        "foreign",
        "ASTM",
        2014,
        Standard.Source.TEMPLATE,
    )
    assert get("BS EN 60335-1:2012+A2:2019").publisher == "BS"
    assert get("UL 94").year is None
    assert result.report.created == 4
