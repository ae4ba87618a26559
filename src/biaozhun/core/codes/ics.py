"""ICS (International Classification for Standards, edition 7, ``data/ics/``): fields (``29``),
groups (``29.140``), sub-groups (``29.140.40``). :func:`normalize_ics` reads ``"29.140.40"``,
``"29 140 40"``, ``"2914040"``.

ICS -> HS6 (``data/mappings/ics.to.hs.csv``, Global Trade Alert): the HS codes lost their
leading zeros and were written as floats (``"30110.0"``); :func:`~.hs.pad_hs6` repairs them.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .common import CodeError, CodeTree, nfkc
from .hs import pad_hs6

_ICS_RE = re.compile(r"^(\d{2})(?:[.\s]?(\d{3})(?:[.\s]?(\d{2}))?)?$")


def normalize_ics(code: str) -> str:
    """Dotted ICS code: ``"29.140.40"``, ``"29 140 40"``, ``"2914040"`` -> ``"29.140.40"``;
    ``"29140"`` -> ``"29.140"``; ``"29"`` -> ``"29"``. Raises :class:`CodeError`."""
    s = nfkc(code).upper()
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


class IcsTree(CodeTree[IcsNode]):
    """ICS edition 7: lookups by code, titles, children, paths."""

    def get(self, code: str) -> IcsNode | None:
        return self.nodes.get(normalize_ics(code))

    def title(self, code: str) -> str | None:
        node = self.get(code)
        return node.title if node is not None else None

    def path(self, code: str) -> list[IcsNode]:
        s = normalize_ics(code)
        return [self.nodes[c] for c in [*ics_ancestors(s), s] if c in self.nodes]

    def children(self, code: str | None = None) -> list[IcsNode]:
        return self._children_of(None if code is None else normalize_ics(code))

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
