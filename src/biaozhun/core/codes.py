"""Product and standards classifications: HS, ICS, CCS, and the programme's sectors.

* **HS** (Harmonized System 2022, ``data/hs/``): sections (I-XXI), chapters (2 digits), headings
  (4), subheadings (6). National tariff lines (8 or 10 digits) are accepted as codes and hang
  under their 6-digit subheading. :func:`normalize_hs` reads ``"8504.40"``, ``"85.04"``,
  ``"8504 40 00"`` and returns digits.
* **ICS** (International Classification for Standards, edition 7, ``data/ics/``): fields
  (``29``), groups (``29.140``), sub-groups (``29.140.40``). :func:`normalize_ics` reads
  ``"29.140.40"``, ``"29 140 40"``, ``"2914040"``.
* **CCS** (中国标准文献分类, ``data/mappings/ccs-ics.csv``): 24 first-level letters (A-Z without
  I and O), codes letter + 2 digits (``J13``), with the ICS codes the source associates.
* **ICS -> HS6** (``data/mappings/ics.to.hs.csv``, Global Trade Alert): the HS codes lost
  their leading zeros and were written as floats (``"30110.0"``); :func:`pad_hs6` repairs them.
* **Sectors** (:data:`INDUSTRIES`, :data:`EXPORT_GROUPS`): the programme's eight industries plus
  agriculture and services, and the three export groups of the TBT early-warning system, each
  with a stable slug and the HS / ICS / CCS prefixes that indicate it, with the reasons.

Nothing is read at import time: ``load_*`` functions take the repository's ``data/``
directory (:func:`default_data_dir` finds it in a source checkout) and ``parse_*`` functions
take rows already read.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "CCS_CATEGORIES",
    "EXPORT_GROUPS",
    "INDUSTRIES",
    "SECTORS",
    "CcsMap",
    "CodeError",
    "HsNode",
    "HsTree",
    "IcsNode",
    "IcsTree",
    "Sector",
    "SectorHit",
    "classify",
    "clean_hs",
    "clean_ics",
    "default_data_dir",
    "hs_ancestors",
    "hs_overlap",
    "ics_ancestors",
    "ics_overlap",
    "is_valid_hs",
    "is_valid_ics",
    "load_ccs",
    "load_hs",
    "load_ics",
    "load_ics_to_hs",
    "normalize_ccs",
    "normalize_hs",
    "normalize_ics",
    "pad_hs6",
    "parse_ccs_ics",
    "parse_hs",
    "parse_ics",
    "parse_ics_to_hs",
    "sectors_for_ccs",
    "sectors_for_hs",
    "sectors_for_ics",
    "split_codes",
]


class CodeError(ValueError):
    """An invalid classification code; ``code`` is stable, messages are for people."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


def default_data_dir() -> Path:
    """The repository's ``data/`` directory (for a source checkout: ``src/biaozhun/core`` ->
    repository root)."""
    return Path(__file__).resolve().parents[3] / "data"


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


# --------------------------------------------------------------------------------------- HS

_HS_CLEAN = re.compile(r"[\s.\-_/]")


def normalize_hs(code: str) -> str:
    """Digits of an HS code: ``"8504.40"`` -> ``"850440"``, ``"85.04"`` -> ``"8504"``,
    ``"HS 8504 40 00"`` -> ``"85044000"``. Lengths 2, 4, 6, 8 or 10; raises :class:`CodeError`.
    """
    s = _nfkc(code).upper()
    if s.startswith("HS"):
        s = s[2:]
    s = _HS_CLEAN.sub("", s)
    if not s:
        raise CodeError("hs_empty", "HS 编码为空", "empty HS code")
    if not s.isdigit() or not s.isascii():
        raise CodeError(
            "hs_chars", f"HS 编码“{code}”含非数字字符", f"HS code {code!r} is not numeric"
        )
    if len(s) not in (2, 4, 6, 8, 10):
        raise CodeError(
            "hs_length",
            f"HS 编码“{code}”位数应为 2、4、6、8 或 10",
            f"HS code {code!r} must have 2, 4, 6, 8 or 10 digits",
        )
    if s[:2] == "00":
        raise CodeError("hs_chapter", f"HS 章“{s[:2]}”不存在", f"no HS chapter {s[:2]}")
    return s


def is_valid_hs(code: str) -> bool:
    """Syntactic check (see :meth:`HsTree.exists` for the nomenclature check)."""
    try:
        normalize_hs(code)
    except CodeError:
        return False
    return True


def hs_ancestors(code: str) -> list[str]:
    """Strict ancestors, broadest first: ``"85044010"`` -> ``["85", "8504", "850440"]``."""
    s = normalize_hs(code)
    return [s[:n] for n in range(2, len(s), 2)]


def hs_overlap(a: str, b: str) -> bool:
    """True if one normalised code is a prefix of the other (same product family)."""
    return a.startswith(b) or b.startswith(a)


def pad_hs6(value: str) -> str:
    """Repair an HS6 code that lost its leading zero and was written as a float:
    ``"30110.0"`` -> ``"030110"``, ``"848310.0"`` -> ``"848310"``."""
    s = _nfkc(value)
    if s.endswith(".0"):
        s = s[:-2]
    if not s.isdigit() or not 1 <= len(s) <= 6:
        raise CodeError(
            "hs_length", f"无法修复的 HS6 编码“{value}”", f"cannot repair HS6 {value!r}"
        )
    return s.zfill(6)


def split_codes(text: str) -> list[str]:
    """Split a cell listing several codes (``"8504.40; 8504.90, 85"``) into raw codes."""
    return [p.strip() for p in re.split(r"[;,，；、\n\t]+|\s{2,}", _nfkc(text)) if p.strip()]


@dataclass(frozen=True, slots=True)
class HsNode:
    code: str
    description: str
    parent: str | None  # None for chapters
    level: int  # 2, 4 or 6
    section: str  # roman numeral


class HsTree:
    """HS 2022 nomenclature: lookups by code, titles, children, sections."""

    def __init__(self, nodes: Iterable[HsNode], sections: Mapping[str, str]) -> None:
        self.nodes: dict[str, HsNode] = {n.code: n for n in nodes}
        self.sections: dict[str, str] = dict(sections)
        self._children: dict[str | None, list[str]] = {}
        for n in self.nodes.values():
            self._children.setdefault(n.parent, []).append(n.code)
        for kids in self._children.values():
            kids.sort()

    def __len__(self) -> int:
        return len(self.nodes)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.nodes

    def get(self, code: str) -> HsNode | None:
        return self.nodes.get(normalize_hs(code))

    def exists(self, code: str) -> bool:
        """The code (or, for 8/10-digit national lines, its 6-digit subheading) exists."""
        try:
            s = normalize_hs(code)
        except CodeError:
            return False
        return s[:6] in self.nodes

    def nearest(self, code: str) -> HsNode | None:
        """The node itself, else its nearest existing ancestor (for national lines)."""
        s = normalize_hs(code)
        for n in range(min(len(s), 6), 1, -2):
            node = self.nodes.get(s[:n])
            if node is not None:
                return node
        return None

    def title(self, code: str) -> str | None:
        node = self.nearest(code)
        return node.description if node is not None else None

    def path(self, code: str) -> list[HsNode]:
        """Chapter, heading, subheading nodes down to the code (those that exist)."""
        s = normalize_hs(code)
        return [self.nodes[s[:n]] for n in range(2, min(len(s), 6) + 1, 2) if s[:n] in self.nodes]

    def children(self, code: str | None = None) -> list[HsNode]:
        """Chapters for ``None``; else the direct children of a chapter or heading."""
        key = None if code is None else normalize_hs(code)
        return [self.nodes[c] for c in self._children.get(key, [])]

    def chapters(self) -> list[HsNode]:
        return self.children(None)

    def section_of(self, code: str) -> str | None:
        node = self.nearest(code)
        return node.section if node is not None else None

    def subheadings_under(self, code: str) -> Iterator[HsNode]:
        s = normalize_hs(code)
        for c, node in self.nodes.items():
            if node.level == 6 and c.startswith(s):
                yield node


def parse_hs(
    rows: Iterable[Mapping[str, str]], section_rows: Iterable[Mapping[str, str]] = ()
) -> HsTree:
    """Build the tree from ``harmonized-system.csv`` rows (section, hscode, description, parent,
    level) and ``sections.csv`` rows (section, name). Rows outside the nomenclature (section
    ``TOTAL``: chapter 99 "not specified" and the grand total) are skipped."""
    nodes: list[HsNode] = []
    for r in rows:
        code = (r.get("hscode") or "").strip()
        section = (r.get("section") or "").strip()
        if section == "TOTAL" or not code.isdigit() or len(code) not in (2, 4, 6):
            continue
        parent = (r.get("parent") or "").strip()
        nodes.append(
            HsNode(
                code=code,
                description=(r.get("description") or "").strip(),
                parent=None if len(code) == 2 else parent,
                level=len(code),
                section=section,
            )
        )
    sections = {}
    for r in section_rows:
        key = (r.get("section") or r.get("\ufeffsection") or "").strip()
        if key:
            sections[key] = (r.get("name") or "").strip()
    return HsTree(nodes, sections)


def load_hs(data_dir: Path | str) -> HsTree:
    base = Path(data_dir) / "hs"
    with (base / "harmonized-system.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    sections: list[dict[str, str]] = []
    spath = base / "sections.csv"
    if spath.exists():
        with spath.open(encoding="utf-8-sig", newline="") as fh:
            sections = list(csv.DictReader(fh))
    return parse_hs(rows, sections)


# -------------------------------------------------------------------------------------- ICS

_ICS_RE = re.compile(r"^(\d{2})(?:[.\s]?(\d{3})(?:[.\s]?(\d{2}))?)?$")


def normalize_ics(code: str) -> str:
    """Dotted ICS code: ``"29.140.40"``, ``"29 140 40"``, ``"2914040"`` -> ``"29.140.40"``;
    ``"29140"`` -> ``"29.140"``; ``"29"`` -> ``"29"``. Raises :class:`CodeError`."""
    s = _nfkc(code).upper()
    if s.startswith("ICS"):
        s = s[3:].lstrip(" :")
    s = re.sub(r"\s*\.\s*", ".", s).strip()
    m = _ICS_RE.match(s)
    if m is None:
        raise CodeError(
            "ics_format",
            f"ICS 分类号“{code}”格式无效（应如 29.140.40）",
            f"ICS code {code!r} is malformed (expected e.g. 29.140.40)",
        )
    return ".".join(p for p in m.groups() if p)


def is_valid_ics(code: str) -> bool:
    try:
        normalize_ics(code)
    except CodeError:
        return False
    return True


def ics_ancestors(code: str) -> list[str]:
    """``"29.140.40"`` -> ``["29", "29.140"]``."""
    parts = normalize_ics(code).split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def ics_overlap(a: str, b: str) -> bool:
    """True if one normalised ICS code is an ancestor of (or equal to) the other."""
    return a.startswith(b) or b.startswith(a)


@dataclass(frozen=True, slots=True)
class IcsNode:
    code: str
    title: str
    title_full: str
    level: int  # 1 field, 2 group, 3 sub-group
    parent: str | None
    notes: tuple[str, ...] = ()


class IcsTree:
    def __init__(self, nodes: Iterable[IcsNode]) -> None:
        self.nodes: dict[str, IcsNode] = {n.code: n for n in nodes}
        self._children: dict[str | None, list[str]] = {}
        for n in self.nodes.values():
            self._children.setdefault(n.parent, []).append(n.code)
        for kids in self._children.values():
            kids.sort()

    def __len__(self) -> int:
        return len(self.nodes)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.nodes

    def get(self, code: str) -> IcsNode | None:
        return self.nodes.get(normalize_ics(code))

    def title(self, code: str) -> str | None:
        node = self.get(code)
        return node.title if node is not None else None

    def path(self, code: str) -> list[IcsNode]:
        s = normalize_ics(code)
        return [self.nodes[c] for c in [*ics_ancestors(s), s] if c in self.nodes]

    def children(self, code: str | None = None) -> list[IcsNode]:
        key = None if code is None else normalize_ics(code)
        return [self.nodes[c] for c in self._children.get(key, [])]

    def fields(self) -> list[IcsNode]:
        return self.children(None)


def parse_ics(items: Iterable[Mapping[str, Any]]) -> IcsTree:
    """Build the tree from the ``ics-ed7-combined.json`` list (code, description,
    descriptionFull, notes)."""
    nodes: list[IcsNode] = []
    for it in items:
        code = normalize_ics(str(it["code"]))
        parts = code.split(".")
        notes = tuple(
            str(n.get("text", "")) for n in it.get("notes") or () if isinstance(n, Mapping)
        )
        nodes.append(
            IcsNode(
                code=code,
                title=str(it.get("description") or ""),
                title_full=str(it.get("descriptionFull") or it.get("description") or ""),
                level=len(parts),
                parent=".".join(parts[:-1]) if len(parts) > 1 else None,
                notes=notes,
            )
        )
    return IcsTree(nodes)


def load_ics(data_dir: Path | str) -> IcsTree:
    path = Path(data_dir) / "ics" / "ics-ed7-combined.json"
    with path.open(encoding="utf-8") as fh:
        items = json.load(fh)
    return parse_ics(items)


# -------------------------------------------------------------------------------------- CCS

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
    s = re.sub(r"\s+", "", _nfkc(code).upper())
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


# ------------------------------------------------------------------------------- ICS -> HS


def parse_ics_to_hs(rows: Iterable[Mapping[str, str]]) -> dict[str, tuple[str, ...]]:
    """``ics.to.hs.csv`` rows (ics, hs6) -> ``{ics: (hs6, ...)}`` with HS re-padded to 6."""
    out: dict[str, list[str]] = {}
    for r in rows:
        try:
            ics = normalize_ics(r["ics"])
            hs = pad_hs6(r["hs6"])
        except (CodeError, KeyError):
            continue
        lst = out.setdefault(ics, [])
        if hs not in lst:
            lst.append(hs)
    return {k: tuple(v) for k, v in out.items()}


def load_ics_to_hs(data_dir: Path | str) -> dict[str, tuple[str, ...]]:
    path = Path(data_dir) / "mappings" / "ics.to.hs.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return parse_ics_to_hs(csv.DictReader(fh))


def hs_for_ics(mapping: Mapping[str, Sequence[str]], ics: str) -> list[str]:
    """HS6 codes mapped to an ICS code or to any of its descendants or ancestors."""
    s = normalize_ics(ics)
    out: set[str] = set()
    for k, v in mapping.items():
        if ics_overlap(s, k):
            out.update(v)
    return sorted(out)


# ---------------------------------------------------------------------------------- Sectors

SectorKind = Literal["industry", "export_group"]


@dataclass(frozen=True, slots=True)
class Sector:
    slug: str
    kind: SectorKind
    name_zh: str
    name_en: str
    hs_prefixes: tuple[str, ...]
    ics_prefixes: tuple[str, ...]
    ccs_prefixes: tuple[str, ...]
    rationale: str


def _w(text: str) -> tuple[str, ...]:
    """Whitespace-separated codes; ``"3917-3926"`` expands to every code of that length
    between the two."""
    out: list[str] = []
    for item in text.split():
        lo, _, hi = item.partition("-")
        if hi:
            out.extend(f"{n:0{len(lo)}d}" for n in range(int(lo), int(hi) + 1))
        else:
            out.append(lo)
    return tuple(out)


#: The eight industries of the programme, plus agriculture and services.
INDUSTRIES: tuple[Sector, ...] = (
    Sector(
        "petrochemicals",
        "industry",
        "石油化工",
        "Petrochemicals",
        _w("2701-2715 28 29 31 32 3403 38 3901-3915 4001-4005"),
        _w("71 75 83.040 87"),
        _w("E G"),
        (
            "石油和化学工业: mineral oils and products 2701-2715 (not electricity 2716), inorganic and "
            "organic chemicals 28-29, fertilisers 31, dyes and paints 32, lubricants 3403, "
            "miscellaneous chemical products 38, plastics in primary forms 3901-3915 and rubber in "
            "primary forms 4001-4005 (articles of plastics and rubber are light industry). ICS 71 "
            "chemical technology, 75 petroleum, 83.040 raw materials for rubber and plastics, 87 "
            "paint; CCS E 石油, G 化工."
        ),
    ),
    Sector(
        "automobiles-ships",
        "industry",
        "汽车船舶",
        "Automobiles and ships",
        _w("8701-8708 8711 8716 89 8407-8409 4011 8511 8512 854430 940120"),
        _w("43 47"),
        _w("T U"),
        (
            "Motor vehicles, bodies, chassis and parts 8701-8708, motorcycles 8711, trailers 8716, "
            "ships and boats 89; engines 8407-8409, tyres 4011, vehicle electrics 8511-8512, wiring "
            "sets 854430 and vehicle seats 940120 are automotive parts. ICS 43 road vehicles, 47 "
            "shipbuilding; CCS T 车辆, U 船舶."
        ),
    ),
    Sector(
        "machinery",
        "industry",
        "机械装备",
        "Machinery and equipment",
        _w("84 86 88 8501-8503 8514 8515 9024-9032"),
        _w("21 23 25 45 49 53 65.060 73.100 91.220"),
        _w("J N S V"),
        (
            "Machinery and mechanical appliances 84, railway 86 and aircraft 88 equipment, motors "
            "and generators 8501-8503, industrial furnaces and welding 8514-8515, testing, "
            "measuring and control instruments 9024-9032. ICS 21 mechanical systems, 23 fluid "
            "systems, 25 manufacturing engineering, 45 railway, 49 aircraft, 53 materials handling, "
            "65.060 agricultural machines, 73.100 mining equipment, 91.220 construction equipment; "
            "CCS J 机械, N 仪器仪表, S 铁路, V 航空航天."
        ),
    ),
    Sector(
        "new-energy",
        "industry",
        "新能源",
        "New energy",
        _w(
            "854142 854143 850171 850172 850180 850231 850440 850760 8401 2844 2612 280461 280410 "
            "841912 3826 870340 870350 870360 870370 870380"
        ),
        _w("27.070 27.075 27.120 27.140 27.160 27.180 27.190 43.120"),
        _w("F"),
        (
            "Photovoltaic cells and modules 854142-854143 and PV generators 850171-850180 (HS "
            "2022), wind generating sets 850231, inverters 850440, lithium-ion batteries 850760, "
            "nuclear reactors and fuel 8401/2844/2612, solar-grade silicon 280461, hydrogen 280410, "
            "solar water heaters 841912, biodiesel 3826, hybrid and electric cars 870340-870380. "
            "ICS 27.070 fuel cells, 27.075 hydrogen, 27.120 nuclear, 27.140 hydraulic, 27.160 "
            "solar, 27.180 wind, 27.190 alternative sources, 43.120 electric road vehicles; CCS F "
            "能源、核技术."
        ),
    ),
    Sector(
        "new-light-sources",
        "industry",
        "新光源",
        "New light sources",
        _w("8539 854141 9405 901320"),
        _w("29.140 31.260 91.160"),
        (),
        (
            "Lamps including LED light sources and modules 8539 (853951-853952), LEDs 854141, "
            "luminaires 9405, lasers 901320. ICS 29.140 lamps, 31.260 optoelectronics and lasers, "
            "91.160 lighting. No CCS letter: CCS codes reach this sector through their ICS codes."
        ),
    ),
    Sector(
        "smart-grid",
        "industry",
        "智能电网",
        "Smart grid",
        _w("8504 8535-8538 8544 8546 8547 902830 9030"),
        _w("29.060 29.080 29.130 29.180 29.200 29.240 17.220.20 33.200 91.140.50"),
        (),
        (
            "Transformers and converters 8504, switchgear and control panels 8535-8538, cables "
            "8544, insulators 8546-8547, electricity meters 902830 and electrical measuring "
            "instruments 9030. ICS 29.060 cables, 29.080 insulation, 29.130 switchgear, 29.180 "
            "transformers, 29.200 converters, 29.240 transmission and distribution networks, "
            "17.220.20 electrical measurement, 33.200 telecontrol, 91.140.50 electricity supply in "
            "buildings. CCS K 电工 is too broad; CCS codes reach this sector through their ICS codes."
        ),
    ),
    Sector(
        "software-it",
        "industry",
        "软件和信息服务",
        "Software and information services",
        _w("8471 847330 8523 851762"),
        _w("35 01.140.20"),
        (),
        (
            "Mostly a service: the goods that carry it are computers 8471 and their parts 847330, "
            "recorded media including software 8523, data transmission equipment 851762. ICS 35 "
            "information technology, 01.140.20 information sciences."
        ),
    ),
    Sector(
        "logistics",
        "industry",
        "现代物流",
        "Modern logistics",
        _w("8427 8428 8609 4415 3923 4819 7310 7612 8716"),
        _w("03.100.10 03.220 53 55"),
        (),
        (
            "Fork-lift trucks 8427 and handling machinery 8428, containers 8609, pallets 4415, "
            "packaging of plastics 3923, paper 4819, steel 7310 and aluminium 7612, trailers 8716. "
            "ICS 03.100.10 purchasing and logistics, 03.220 transport services, 53 materials "
            "handling, 55 packaging and distribution of goods."
        ),
    ),
    Sector(
        "agriculture",
        "industry",
        "农业",
        "Agriculture",
        _w(
            "01-24 290543 290544 3301 3501-3505 380910 3823 382460 4101-4103 4301 5001-5003 "
            "5101-5103 5201-5203 5301 5302"
        ),
        _w("65 67 11.220"),
        _w("B X"),
        (
            "WTO Agreement on Agriculture, Annex 1 product coverage (HS 01-24 and the listed raw "
            "materials: mannitol, sorbitol, essential oils, albuminoids, starches, finishing "
            "agents, fatty acids, raw hides, furskins, raw silk, wool, cotton, flax, hemp), with "
            "chapter 03 (fish) kept because Chinese statistics count fisheries in 大农业. ICS 65 "
            "agriculture, 67 food technology, 11.220 veterinary medicine; CCS B 农业林业, X 食品."
        ),
    ),
    Sector(
        "services",
        "industry",
        "服务业",
        "Services",
        (),
        _w("03"),
        (),
        (
            "No goods: recognised from ICS 03 (services, company organisation, management and "
            "quality, administration, transport, sociology)."
        ),
    ),
)

#: The three export groups of the TBT early-warning system (纺织服装、机电、轻工).
EXPORT_GROUPS: tuple[Sector, ...] = (
    Sector(
        "textiles",
        "export_group",
        "纺织服装",
        "Textiles and clothing",
        _w("50-63"),
        _w("59.020 59.040 59.060 59.080 61.020 61.040 97.160"),
        _w("W"),
        (
            "HS Section XI (chapters 50-63): fibres, yarns, fabrics, made-up articles and apparel. "
            "ICS 59 textile technology except leather (59.140) and textile machinery (59.120), "
            "61.020-61.040 clothing and accessories, 97.160 home textiles; CCS W 纺织."
        ),
    ),
    Sector(
        "electromechanical",
        "export_group",
        "机电",
        "Electromechanical products",
        _w("82-91"),
        _w("17 21 23 25 27 29 31 33 35 37 39 43 45 47 49 53"),
        _w("J K L M N S T U V"),
        (
            "机电产品 as in Chinese trade statistics: machinery 84, electrical and electronic equipment "
            "85, transport equipment 86-89, instruments 90, clocks and watches 91, and the metal "
            "products of tools 82 and miscellaneous base-metal articles 83 (articles of iron or "
            "steel, chapter 73, are left out so that steel notifications are not flagged as "
            "electromechanical). ICS fields for mechanical, electrical, electronic, IT and "
            "transport engineering; CCS J K L M N S T U V."
        ),
    ),
    Sector(
        "light-industry",
        "export_group",
        "轻工",
        "Light industry",
        _w(
            "3303-3307 3401 3405 3406 3917-3926 4014-4016 42 43 4410-4412 4414 4418-4421 45 46 "
            "48 49 64-67 69 70 7113 7114 7116 7117 8211-8215 8301 8509 8510 8516 841821 841829 "
            "841830 841840 845011 845012 845019 91 92 94-96"
        ),
        _w("97 61.060 59.140 79 81 83.140 85 71.100.70 39.060"),
        _w("Y"),
        (
            "轻工 as the China National Light Industry Council covers it: cosmetics and toiletries "
            "3303-3307, soap, polishes, candles 3401/3405/3406, articles of plastics 3917-3926 and "
            "rubber 4014-4016, leather goods 42, furskins 43, wood articles 4410-4421, cork and "
            "basketware 45-46, paper 48, printed matter 49, footwear and headgear 64-67, ceramics "
            "69, glass 70, jewellery 7113-7117, cutlery 8211-8215, locks 8301, household appliances "
            "(8509, 8510, 8516, household refrigerators 841821-841840, washing machines "
            "845011-845019; also counted as electromechanical), clocks 91, musical instruments 92, "
            "furniture and lamps 94, toys and sports goods 95, miscellaneous articles 96. ICS 97 "
            "domestic equipment and sports, 61.060 footwear, 59.140 leather, 79 wood, 81 glass and "
            "ceramics, 83.140 rubber and plastics products, 85 paper, 71.100.70 cosmetics, 39.060 "
            "jewellery; CCS Y 轻工、文化与生活用品."
        ),
    ),
)

SECTORS: dict[str, Sector] = {s.slug: s for s in (*INDUSTRIES, *EXPORT_GROUPS)}


@dataclass(frozen=True, slots=True)
class SectorHit:
    slug: str
    via: Literal["hs", "ics", "ccs"]
    code: str  # the code classified
    prefix: str  # the sector prefix it met
    broader: bool  # the code is broader than the prefix (e.g. chapter 85 vs 8539)


def _prefix_hits(
    code: str, via: Literal["hs", "ics", "ccs"], attr: str, sectors: Iterable[Sector]
) -> list[SectorHit]:
    hits: list[SectorHit] = []
    for s in sectors:
        best: SectorHit | None = None
        for p in getattr(s, attr):
            if code.startswith(p):
                best = SectorHit(s.slug, via, code, p, False)
                break
            if p.startswith(code) and best is None:
                best = SectorHit(s.slug, via, code, p, True)
        if best is not None:
            hits.append(best)
    return hits


def _all_sectors() -> tuple[Sector, ...]:
    return (*INDUSTRIES, *EXPORT_GROUPS)


def sectors_for_hs(code: str, *, include_broader: bool = False) -> list[str]:
    """Slugs of the sectors an HS code belongs to (a chapter-85 code is not in new-light-sources
    unless ``include_broader``)."""
    s = normalize_hs(code)
    return [
        h.slug
        for h in _prefix_hits(s, "hs", "hs_prefixes", _all_sectors())
        if include_broader or not h.broader
    ]


def sectors_for_ics(code: str, *, include_broader: bool = False) -> list[str]:
    s = normalize_ics(code)
    return [
        h.slug
        for h in _prefix_hits(s, "ics", "ics_prefixes", _all_sectors())
        if include_broader or not h.broader
    ]


def sectors_for_ccs(code: str, ccs_map: CcsMap | None = None) -> list[str]:
    """By the CCS letter, and, given a :class:`CcsMap`, by the CCS code's ICS codes."""
    s = normalize_ccs(code)
    slugs = [
        h.slug for h in _prefix_hits(s, "ccs", "ccs_prefixes", _all_sectors()) if not h.broader
    ]
    if ccs_map is not None:
        for ics in ccs_map.ics_for(s):
            for slug in sectors_for_ics(ics):
                if slug not in slugs:
                    slugs.append(slug)
    return slugs


def classify(
    hs_codes: Iterable[str] = (),
    ics_codes: Iterable[str] = (),
    ccs_codes: Iterable[str] = (),
    *,
    ccs_map: CcsMap | None = None,
    include_broader: bool = True,
) -> dict[str, list[SectorHit]]:
    """Sectors for a set of codes (invalid codes are ignored), with the evidence.

    A code inside a sector prefix is a direct hit; with ``include_broader`` a code broader
    than a prefix (a notification on chapter 85 and the new-light-sources heading 8539) is a
    hit with ``broader=True``, for callers to weigh lower.
    """
    out: dict[str, list[SectorHit]] = {}
    sectors = _all_sectors()

    def add(hits: Iterable[SectorHit]) -> None:
        for h in hits:
            if include_broader or not h.broader:
                out.setdefault(h.slug, []).append(h)

    for c in hs_codes:
        if is_valid_hs(c):
            add(_prefix_hits(normalize_hs(c), "hs", "hs_prefixes", sectors))
    for c in ics_codes:
        if is_valid_ics(c):
            add(_prefix_hits(normalize_ics(c), "ics", "ics_prefixes", sectors))
    for c in ccs_codes:
        try:
            s = normalize_ccs(c)
        except CodeError:
            continue
        add(_prefix_hits(s, "ccs", "ccs_prefixes", sectors))
        if ccs_map is not None:
            for ics in ccs_map.ics_for(s):
                add(_prefix_hits(ics, "ics", "ics_prefixes", sectors))
    return out


# ------------------------------------------------------------------ one cleaner for HS/ICS


def clean_hs(text: str, tree: HsTree | None = None) -> str:
    """The one HS cleaner: :func:`normalize_hs`, then (with ``tree``) the code must exist in
    the nomenclature (8/10-digit national lines under an existing 6-digit subheading).
    Raises :class:`CodeError`: ``hs_unknown`` when it is well formed but not in ``tree``, one
    of ``hs_empty`` / ``hs_chars`` / ``hs_length`` / ``hs_chapter`` when it is malformed."""
    code = normalize_hs(str(text or ""))
    if tree is not None and not tree.exists(code):
        raise CodeError(
            "hs_unknown",
            f"HS 编码 {code} 不在 HS 2022 目录中。",
            f"HS code {code} is not in the HS 2022 nomenclature.",
        )
    return code


def clean_ics(text: str, tree: IcsTree | None = None) -> str:
    """The one ICS cleaner: :func:`normalize_ics`, then (with ``tree``) the code must exist
    in the 7th edition. Raises :class:`CodeError`: ``ics_unknown`` or ``ics_format``."""
    code = normalize_ics(str(text or ""))
    if tree is not None and code not in tree:
        raise CodeError(
            "ics_unknown",
            f"ICS 分类号 {code} 不存在。",
            f"ICS code {code} does not exist.",
        )
    return code
