"""Names of HS and ICS codes in Chinese and English: what alerts, suggestions and the
classifier's reasons show.

Chinese names come from ``data/classify/hs_zh.csv`` (HS chapters and about 260 frequent
headings) and ``data/classify/ics_fields_zh.csv`` (the 40 ICS fields); see
``data/classify/README.md`` for their sources and checks. English names are those of the HS
2022 nomenclature and ICS edition 7 (``core.codes``). Where a code has no Chinese name of its
own, :func:`hs_zh` and :func:`ics_zh` fall back to the nearest broader code that has one and say
so (``8539(属第85章:电机、电气设备……)``), so a Chinese text never shows an English name.

Pure module (no Django); this is the loader other apps should use for these names.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from biaozhun.core import codes


def _data_dir(data_dir: Path | str | None) -> Path:
    return Path(data_dir) if data_dir is not None else codes.default_data_dir()


@lru_cache(maxsize=4)
def hs_names_zh(data_dir: Path | str | None = None) -> dict[str, str]:
    """Chinese names by HS code (chapters ``85``, headings ``8507``)."""
    path = _data_dir(data_dir) / "classify" / "hs_zh.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row["name_zh"] for row in csv.DictReader(fh)}


@lru_cache(maxsize=4)
def ics_fields_zh(data_dir: Path | str | None = None) -> dict[str, str]:
    """Chinese names of the ICS fields (``29`` -> 电气工程)."""
    path = _data_dir(data_dir) / "classify" / "ics_fields_zh.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row["name_zh"] for row in csv.DictReader(fh)}


@lru_cache(maxsize=4)
def _hs_tree(data_dir: Path | str | None = None) -> codes.HsTree:
    return codes.load_hs(_data_dir(data_dir))


@lru_cache(maxsize=4)
def _ics_tree(data_dir: Path | str | None = None) -> codes.IcsTree:
    return codes.load_ics(_data_dir(data_dir))


def hs_en(code: str) -> str:
    node = _hs_tree().nodes.get(code)
    return node.description if node else ""


def ics_en(code: str) -> str:
    node = _ics_tree().nodes.get(code)
    return node.title if node else ""


def hs_zh(code: str) -> str:
    """The Chinese name of an HS code, or of its chapter with the code (never English)."""
    names = hs_names_zh()
    if code in names:
        return names[code]
    for prefix in (code[:4], code[:2]):
        if prefix != code and prefix in names:
            return f"属第{code[:2]}章:{names[code[:2]]}" if len(prefix) == 2 else names[prefix]
    return ""


def ics_zh(code: str) -> str:
    """The Chinese name of an ICS code's field (``29.140`` -> 属电气工程), never English."""
    names = ics_fields_zh()
    field = code[:2]
    if field not in names:
        return ""
    return names[field] if code == field else f"属{names[field]}"
