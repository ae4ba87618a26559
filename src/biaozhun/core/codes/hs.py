"""HS (Harmonized System 2022, ``data/hs/``): sections (I-XXI), chapters (2 digits), headings
(4), subheadings (6). National tariff lines (8 or 10 digits) are accepted as codes and hang
under their 6-digit subheading. :func:`normalize_hs` reads ``"8504.40"``, ``"85.04"``,
``"8504 40 00"`` and returns digits.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .common import CodeError, CodeTree, nfkc

_HS_CLEAN = re.compile(r"[\s.\-_/]")


def normalize_hs(code: str) -> str:
    """Digits of an HS code: ``"8504.40"`` -> ``"850440"``, ``"85.04"`` -> ``"8504"``,
    ``"HS 8504 40 00"`` -> ``"85044000"``. Lengths 2, 4, 6, 8 or 10; raises :class:`CodeError`.
    """
    s = nfkc(code).upper()
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
    s = nfkc(value)
    if s.endswith(".0"):
        s = s[:-2]
    if not s.isdigit() or not 1 <= len(s) <= 6:
        raise CodeError(
            "hs_length", f"无法修复的 HS6 编码“{value}”", f"cannot repair HS6 {value!r}"
        )
    return s.zfill(6)


def split_codes(text: str) -> list[str]:
    """Split a cell listing several codes (``"8504.40; 8504.90, 85"``) into raw codes."""
    return [p.strip() for p in re.split(r"[;,，；、\n\t]+|\s{2,}", nfkc(text)) if p.strip()]


@dataclass(frozen=True, slots=True)
class HsNode:
    code: str
    description: str
    parent: str | None  # None for chapters
    level: int  # 2, 4 or 6
    section: str  # roman numeral


class HsTree(CodeTree[HsNode]):
    """HS 2022 nomenclature: lookups by code, titles, children, sections."""

    def __init__(self, nodes: Iterable[HsNode], sections: Mapping[str, str]) -> None:
        super().__init__(nodes)
        self.sections: dict[str, str] = dict(sections)

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
        return self._children_of(None if code is None else normalize_hs(code))

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
