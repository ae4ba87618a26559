"""WTO Members (166) and groupings, loaded from ``data/wto/members.csv``.

The CSV (see ``data/wto/README.md``) holds one row per Member with the code the WTO uses in
notification symbols (ISO alpha-3, plus ``EU`` and ``TPKM``), ISO codes, English WTO and Chinese
names, membership date and groupings (EU, ASEAN, GCC, EAEU, MERCOSUR, USMCA, EFTA, EAC, SACU,
ANDEAN, RCEP, CPTPP).

Nothing is read at import: call :func:`load_members` with the data directory (or
:func:`parse_members` with rows already read).

``MemberRegistry.expand(code)`` turns a market written by a user or a notifying member into the
set of WTO codes it covers: a Member gives itself, a group gives its Members, and ``EU`` gives the
Union and its 27 states (``EEC`` is the historical code of the Union). Matching a notification to
an exporter is then "do the two expansions intersect".
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

__all__ = [
    "GROUPS",
    "Group",
    "Member",
    "MemberRegistry",
    "load_members",
    "parse_members",
]


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    name_en: str
    name_zh: str


GROUPS: dict[str, Group] = {
    g.code: g
    for g in (
        Group("EU", "European Union (27 member states)", "欧盟（27国）"),
        Group("ASEAN", "Association of Southeast Asian Nations", "东盟"),
        Group("GCC", "Gulf Cooperation Council", "海湾合作委员会"),
        Group("EAEU", "Eurasian Economic Union", "欧亚经济联盟"),
        Group("MERCOSUR", "Southern Common Market", "南方共同市场"),
        Group("USMCA", "United States-Mexico-Canada Agreement", "美墨加协定"),
        Group("EFTA", "European Free Trade Association", "欧洲自由贸易联盟"),
        Group("EAC", "East African Community", "东非共同体"),
        Group("SACU", "Southern African Customs Union", "南部非洲关税同盟"),
        Group("ANDEAN", "Andean Community (CAN)", "安第斯共同体"),
        Group("RCEP", "Regional Comprehensive Economic Partnership", "区域全面经济伙伴关系协定"),
        Group(
            "CPTPP",
            "Comprehensive and Progressive Agreement for Trans-Pacific Partnership",
            "全面与进步跨太平洋伙伴关系协定",
        ),
    )
}

#: historical symbol codes -> current Member code
HISTORICAL_CODES: dict[str, str] = {"EEC": "EU", "ROM": "ROU"}


@dataclass(frozen=True, slots=True)
class Member:
    code: str  # WTO code as used in symbols: "CHN", "EU", "TPKM", "HKG", "MAC"
    iso_alpha2: str
    iso_alpha3: str
    name_en: str
    name_en_official: str
    name_zh: str
    name_zh_official: str
    member_since: date
    groups: tuple[str, ...]

    @property
    def original_member(self) -> bool:
        return self.member_since == date(1995, 1, 1)


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class MemberRegistry:
    """The Members, indexed by WTO code, ISO codes and names; group expansion."""

    def __init__(self, members: Iterable[Member]) -> None:
        self._by_code: dict[str, Member] = {}
        self._lookup: dict[str, str] = {}
        self._groups: dict[str, list[str]] = {}
        for m in members:
            if m.code in self._by_code:
                raise ValueError(f"duplicate WTO member code {m.code!r}")
            self._by_code[m.code] = m
            for g in m.groups:
                self._groups.setdefault(g, []).append(m.code)
        # lookup keys: weaker keys first so that WTO codes win on collisions
        for m in self._by_code.values():
            for text in (m.name_zh_official, m.name_en_official, m.name_zh, m.name_en):
                if text:
                    self._lookup[_key(text)] = m.code
        for m in self._by_code.values():
            for text in (m.iso_alpha2, m.iso_alpha3):
                if text:
                    self._lookup[_key(text)] = m.code
        for old, new in HISTORICAL_CODES.items():
            if new in self._by_code:
                self._lookup[_key(old)] = new
        for code in self._by_code:
            self._lookup[_key(code)] = code

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Member]:
        return iter(self._by_code.values())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __getitem__(self, code: str) -> Member:
        return self._by_code[code]

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self._by_code)

    @property
    def group_codes(self) -> frozenset[str]:
        return frozenset(self._groups)

    def get(self, text: str) -> Member | None:
        """Find a Member by WTO code, ISO alpha-2/3, historical code (EEC), English or Chinese
        name (case, width and spacing do not matter)."""
        code = self._lookup.get(_key(text))
        return self._by_code[code] if code is not None else None

    def group_members(self, group: str) -> tuple[str, ...]:
        """WTO codes of the Members of a group (the EU's 27 states for ``"EU"``)."""
        return tuple(self._groups.get(group.strip().upper(), ()))

    def expand(self, code: str) -> frozenset[str]:
        """The WTO codes a market or notifying-member code covers.

        ``"EU"`` (or ``"EEC"``) -> the Union and its 27 states; a group (``"ASEAN"``) -> its
        Members (and the group code itself if it is also a Member code); a Member -> itself.
        Names and ISO codes are accepted too. Unknown codes raise ``KeyError``.
        """
        raw = code.strip().upper()
        raw = HISTORICAL_CODES.get(raw, raw)
        out: set[str] = set()
        if raw in self._groups:
            out.update(self._groups[raw])
            if raw in self._by_code:
                out.add(raw)
            return frozenset(out)
        member = self.get(code)
        if member is None:
            raise KeyError(code)
        return frozenset({member.code})

    def expand_all(self, codes: Iterable[str]) -> frozenset[str]:
        out: set[str] = set()
        for c in codes:
            out |= self.expand(c)
        return frozenset(out)

    def group_map(self) -> dict[str, frozenset[str]]:
        """``{group or member code: expansion}`` for every code whose expansion is not just
        itself: the mapping :class:`biaozhun.core.matching.MatchIndex` takes."""
        out = {g: self.expand(g) for g in self._groups}
        for old, new in HISTORICAL_CODES.items():
            if new in out:
                out[old] = out[new]
        return out


def parse_members(rows: Iterable[Mapping[str, str]]) -> MemberRegistry:
    """Build the registry from CSV rows (dicts with the columns of ``members.csv``)."""
    members: list[Member] = []
    for row in rows:
        groups = tuple(g.strip() for g in (row.get("groups") or "").split(";") if g.strip())
        members.append(
            Member(
                code=row["wto_code"].strip(),
                iso_alpha2=(row.get("iso_alpha2") or "").strip(),
                iso_alpha3=(row.get("iso_alpha3") or "").strip(),
                name_en=row["name_en"].strip(),
                name_en_official=(row.get("name_en_official") or "").strip(),
                name_zh=row["name_zh"].strip(),
                name_zh_official=(row.get("name_zh_official") or "").strip(),
                member_since=date.fromisoformat(row["member_since"].strip()),
                groups=groups,
            )
        )
    return MemberRegistry(members)


def load_members(data_dir: Path | str) -> MemberRegistry:
    """Load ``<data_dir>/wto/members.csv`` (``data_dir`` is the repository's ``data/``)."""
    path = Path(data_dir) / "wto" / "members.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return parse_members(csv.DictReader(fh))
