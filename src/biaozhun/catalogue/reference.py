"""Reference data of the catalogue, loaded by ``biaozhun setup`` (``make run``):

* the real ISO and IEC catalogues (relaton extracts in ``data/iso`` and ``data/iec``);
* the real ETSI, CIE and OIML catalogues (relaton extracts in ``data/foreign``);
* a small set of EXAMPLE Chinese records (national, industry, DB32/T, DB3210/T, T/, Q/, with
  edition chains) in the national platform's record shape, flagged ``is_example`` and shown
  as 示例 — no official catalogue of Chinese standards could be obtained.

Idempotent: a file already imported (same sha256) is skipped, so a second run is fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from .importers import import_file

EXAMPLES = Path(__file__).resolve().parent / "fixtures" / "cn_platform_examples.json"


def reference_files() -> list[tuple[str, Path]]:
    data = Path(settings.DATA_DIR)
    return [
        ("relaton-iso", data / "iso" / "relaton_iso_extract.jsonl.gz"),
        ("relaton-iec", data / "iec" / "relaton_iec_extract.jsonl.gz"),
        ("relaton-etsi", data / "foreign" / "relaton_etsi_extract.jsonl.gz"),
        ("relaton-cie", data / "foreign" / "relaton_cie_extract.jsonl.gz"),
        ("relaton-oiml", data / "foreign" / "relaton_oiml_extract.jsonl.gz"),
        ("cn-platform", EXAMPLES),
    ]


def load_reference_catalogue(stdout: Any) -> None:
    for fmt, path in reference_files():
        if not path.is_file():
            stdout.write(f"catalogue: 缺少 missing {path}")
            continue
        result = import_file(fmt, path, examples=path == EXAMPLES)
        if result.skipped:
            stdout.write(f"catalogue: {path.name} 已导入 already imported")
        else:
            counts = result.counts
            stdout.write(
                f"catalogue: {path.name} 新增 created {counts.get('created', 0)}, "
                f"更新 updated {counts.get('updated', 0)}, 错误 errors {counts.get('errors', 0)}"
            )
