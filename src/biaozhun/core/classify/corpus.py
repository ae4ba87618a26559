"""The labelled texts the classifier learns from, read from ``data/``.

* ISO and IEC standards (``iso/relaton_iso_extract.jsonl.gz``, ``iec/relaton_iec_extract.jsonl.gz``):
  English and French titles with their ICS codes; each carries its *family* (the designation
  without part, edition, year, amendment: ``ISO 10303-21:2016`` -> ``ISO 10303``) so that a
  benchmark can hold out whole families. Duplicate texts (new editions repeating a title) are
  kept once per family.
* ICS edition 7 titles (English, French) and the Chinese names of the ICS fields.
* HS 2022 headings (English) and the Chinese names of chapters and headings;
  their label is the HS heading (chapters: the chapter).
* HS labels of standards come from the Global Trade Alert ICS -> HS6 mapping
  (``mappings/ics.to.hs.csv``): weak labels, used only to rank HS headings.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from biaozhun.core import codes

from . import names
from .text import normalise


@dataclass(frozen=True)
class Example:
    text: str
    lang: str  # "en", "fr", "zh"
    ics: tuple[str, ...] = ()  # ICS groups ("29.140")
    hs: tuple[str, ...] = ()  # HS headings ("8539") or chapters ("85")
    family: str = ""
    kind: str = "title"  # "title" (a standard's), "ics" (an ICS title), "hs" (an HS text)
    published: str = ""


_YEAR = re.compile(r":\s*\d{4}.*$")
_FAMILY = re.compile(r"^(.*?\d+)")


def family(docid: str) -> str:
    """``ISO/IEC 27001:2013/Amd 1:2017`` -> ``ISO/IEC 27001``; ``IEC 60335-2-40`` -> ``IEC 60335``."""
    main = _YEAR.sub("", docid.split("/Amd")[0].split("/Cor")[0].split("+")[0]).strip()
    m = _FAMILY.match(main)
    return (m.group(1) if m else main).upper()


def _group(code: str) -> str | None:
    try:
        s = codes.normalize_ics(code)
    except codes.CodeError:
        return None
    return s[:6] if len(s) >= 6 else None


def standards(data_dir: Path | None = None) -> list[Example]:
    root = data_dir or codes.default_data_dir()
    ics_tree = codes.load_ics(root)
    seen: set[tuple[str, str]] = set()
    out: list[Example] = []
    for path in (
        root / "iso" / "relaton_iso_extract.jsonl.gz",
        root / "iec" / "relaton_iec_extract.jsonl.gz",
    ):
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                groups = tuple(
                    sorted(
                        {g for c in rec.get("ics") or () if (g := _group(str(c))) in ics_tree.nodes}
                    )
                )
                docid = str(rec.get("docid") or "")
                if not groups or not docid:
                    continue
                fam = family(docid)
                published = str((rec.get("dates") or {}).get("published") or "")[:10]
                for lang in ("en", "fr"):
                    title = rec.get(f"title_{lang}")
                    if not title:
                        continue
                    key = (fam, normalise(str(title)))
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append(Example(str(title), lang, groups, (), fam, "title", published))
    out.sort(key=lambda e: (e.family, e.lang, e.text))
    return out


def ics_texts(data_dir: Path | None = None) -> list[Example]:
    """ICS group and sub-group titles (English; French from ``iso/ICS.csv``) and the Chinese
    field names, labelled with their group (fields: every group of the field is not implied;
    a field name is labelled with the field only, ``ics=("29",)``)."""
    root = data_dir or codes.default_data_dir()
    tree = codes.load_ics(root)
    out: list[Example] = []
    for node in tree.nodes.values():
        if node.level >= 2:
            out.append(Example(node.title_full, "en", (node.code[:6],), (), "", "ics"))
    fr_path = root / "iso" / "ICS.csv"
    if fr_path.exists():
        with fr_path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                code = row["identifier"]
                if len(code) >= 6 and code[:6] in tree.nodes and row.get("titleFr"):
                    out.append(Example(row["titleFr"], "fr", (code[:6],), (), "", "ics"))
    for field, name in names.ics_fields_zh(root).items():
        out.append(Example(name, "zh", (field,), (), "", "ics"))
    return out


def hs_texts(data_dir: Path | None = None) -> list[Example]:
    root = data_dir or codes.default_data_dir()
    tree = codes.load_hs(root)
    out: list[Example] = []
    for node in tree.nodes.values():
        if len(node.code) == 4:
            out.append(Example(node.description, "en", (), (node.code,), "", "hs"))
    for code, name in names.hs_names_zh(root).items():
        if code in tree.nodes and not name.startswith("（"):
            out.append(Example(name, "zh", (), (code,), "", "hs"))
    return out


def ics_to_hs_headings(data_dir: Path | None = None) -> dict[str, tuple[str, ...]]:
    """ICS group -> HS headings from the GTA mapping (a group gets the headings of the codes
    mapped to it and to its sub-groups)."""
    root = data_dir or codes.default_data_dir()
    mapping = codes.load_ics_to_hs(root)
    out: dict[str, set[str]] = {}
    for ics, hs6 in mapping.items():
        g = ics[:6]
        if len(g) < 6:
            continue
        out.setdefault(g, set()).update(h[:4] for h in hs6 if len(h) >= 4)
    return {g: tuple(sorted(h)) for g, h in out.items()}


def iter_all(data_dir: Path | None = None) -> Iterator[Example]:
    yield from standards(data_dir)
    yield from ics_texts(data_dir)
    yield from hs_texts(data_dir)


def split_of(fam: str) -> str:
    """A standard family's part of the leak-free split: ``"test"`` (10 %), ``"calibration"``
    (10 %) or ``"train"``; by a stable hash of the family, so every edition, part and language
    of a standard falls on the same side."""

    bucket = zlib.crc32(fam.encode()) % 10
    return "test" if bucket == 0 else "calibration" if bucket == 1 else "train"


def calibration_sample(standards_: list[Example], n: int = 200, seed: int = 7) -> list[Example]:
    """The held-out English titles the softmax temperatures are fitted on (seeded)."""

    pool = [e for e in standards_ if e.lang == "en" and split_of(e.family) == "calibration"]
    return random.Random(seed).sample(pool, min(n, len(pool)))
