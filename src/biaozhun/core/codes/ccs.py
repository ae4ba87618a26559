"""CCS (中国标准文献分类, ``data/mappings/ccs-ics.csv``): 24 first-level letters (A-Z without I
and O), codes letter + 2 digits (``J13``), with the ICS codes the source associates.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .common import CodeError, nfkc
from .ics import ics_overlap, is_valid_ics, normalize_ics

#: CCS first-level categories (一级类目): letter -> (Chinese, English).
CCS_CATEGORIES: dict[str, tuple[str, str]] = {
    "A": ("综合", "General"),
    "B": ("农业、林业", "Agriculture, forestry"),
    "C": ("医药、卫生、劳动保护", "Medicine, health, labour protection"),
    "D": ("矿业", "Mining"),
    "E": ("石油", "Petroleum"),
    "F": ("能源、核技术", "Energy, nuclear technology"),
    "G": ("化工", "Chemical industry"),
    "H": ("冶金", "Metallurgy"),
    "J": ("机械", "Machinery"),
    "K": ("电工", "Electrical engineering"),
    "L": ("电子元器件与信息技术", "Electronic components and information technology"),
    "M": ("通信、广播", "Telecommunications, broadcasting"),
    "N": ("仪器、仪表", "Instruments and meters"),
    "P": ("工程建设", "Construction engineering"),
    "Q": ("建材", "Building materials"),
    "R": ("公路、水路运输", "Road and waterway transport"),
    "S": ("铁路", "Railways"),
    "T": ("车辆", "Vehicles"),
    "U": ("船舶", "Ships"),
    "V": ("航空、航天", "Aviation, aerospace"),
    "W": ("纺织", "Textiles"),
    "X": ("食品", "Food"),
    "Y": ("轻工、文化与生活用品", "Light industry, cultural and daily-life goods"),
    "Z": ("环境保护", "Environmental protection"),
}

_CCS_RE = re.compile(r"^([A-HJ-NP-Z])(\d{2})?(?:/(\d{2}))?$")


def normalize_ccs(code: str) -> str:
    """``"j13"`` -> ``"J13"``; ``"A00/09"`` (a range heading) and ``"J"`` are kept."""
    s = re.sub(r"\s+", "", nfkc(code).upper())
    m = _CCS_RE.match(s)
    if m is None or (m.group(3) and not m.group(2)):
        raise CodeError(
            "ccs_format",
            f"中国标准文献分类号“{code}”格式无效（应如 J13）",
            f"CCS code {code!r} is malformed (expected e.g. J13)",
        )
    return s


@dataclass
class CcsMap:
    """CCS codes and their ICS associations (from ``ccs-ics.csv``)."""

    to_ics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ranges: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "A00/09" -> codes

    def codes(self) -> list[str]:
        return sorted(c for c in self.to_ics if len(c) == 3)

    def category(self, code: str) -> tuple[str, str] | None:
        return CCS_CATEGORIES.get(normalize_ccs(code)[0])

    def range_of(self, code: str) -> str | None:
        s = normalize_ccs(code)
        for rng, members in self.ranges.items():
            if s in members:
                return rng
        return None

    def ics_for(self, code: str) -> tuple[str, ...]:
        """ICS codes for a CCS code; falls back to its range heading, then its letter."""
        s = normalize_ccs(code)
        if self.to_ics.get(s):
            return self.to_ics[s]
        rng = self.range_of(s)
        if rng and self.to_ics.get(rng):
            return self.to_ics[rng]
        return self.to_ics.get(s[0], ())

    def ccs_for_ics(self, ics: str) -> list[str]:
        """CCS codes (3-character) whose ICS list overlaps the given ICS code."""
        s = normalize_ics(ics)
        return sorted(
            c
            for c, codes in self.to_ics.items()
            if len(c) == 3 and any(ics_overlap(s, i) for i in codes)
        )


def parse_ccs_ics(rows: Iterable[Sequence[str]]) -> CcsMap:
    """Rows: CCS code, (empty), then 0..n ICS codes. Invalid ICS cells are skipped."""
    out = CcsMap()
    current_range: str | None = None
    range_members: dict[str, list[str]] = {}
    for row in rows:
        if not row or not row[0].strip():
            continue
        try:
            ccs = normalize_ccs(row[0])
        except CodeError:
            continue
        ics: list[str] = []
        for cell in row[1:]:
            if cell.strip() and is_valid_ics(cell):
                n = normalize_ics(cell)
                if n not in ics:
                    ics.append(n)
        out.to_ics[ccs] = tuple(ics)
        if "/" in ccs:
            current_range = ccs
            range_members[ccs] = []
        elif len(ccs) == 1:
            current_range = None
        elif current_range is not None and current_range[0] == ccs[0]:
            lo, hi = int(current_range[1:3]), int(current_range[4:6])
            if lo <= int(ccs[1:3]) <= hi:
                range_members[current_range].append(ccs)
    out.ranges = {k: tuple(v) for k, v in range_members.items()}
    return out


def load_ccs(data_dir: Path | str) -> CcsMap:
    path = Path(data_dir) / "mappings" / "ccs-ics.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return parse_ccs_ics(csv.reader(fh))
