"""WTO notification document symbols: ``G/TBT/N/<MEMBER>/<n>`` and ``G/SPS/N/<MEMBER>/<n>``.

Grammar (canonical form)::

    symbol    = "G/" committee "/N/" member "/" number [ "/Rev." k ] [ "/Add." k ] [ "/Suppl." k ]
                [ "/Corr." k ]
    committee = "TBT" | "SPS"
    member    = the code the WTO uses in symbols: ISO 3166 alpha-3 (CHN, USA, ...), "EU",
                "TPKM" (Chinese Taipei), "HKG", "MAC"; historical "EEC" (European Communities)
    number, k = positive integer without leading zeros

Each modifier appears at most once and in that order, which covers what the WTO issues:
``/Add.1``, ``/Rev.1``, ``/Corr.1``, ``/Suppl.1``, ``/Rev.1/Add.2`` (addendum to a revision),
``/Add.1/Corr.1`` (corrigendum to an addendum), ``/Rev.1/Corr.1``, ``/Rev.1/Add.1/Corr.1``.
``/Add.1/Rev.1`` (out of order) is rejected with code ``order``.

``parse`` accepts messy input: surrounding and inner spaces, lower case, full-width characters
(NFKC), "Add 1", "add.1", "Addendum 1", "Add.1" glued to the number, a space instead of the
slash before a modifier. Anything else raises :class:`SymbolError` with a stable ``code`` and
messages in Chinese and English.

Semantics:

* ``.base``   the base notification (``G/TBT/N/EU/1057`` for every document about it);
* ``.parent`` the document this one modifies: the symbol without its last modifier
  (``.../Add.1/Corr.1`` -> ``.../Add.1``; ``.../Rev.1`` -> the base; ``None`` for a regular one);
* ``.kind``   the kind of the last modifier (``regular`` if none).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "HISTORICAL_MEMBER_CODES",
    "MEMBER_CODES",
    "Kind",
    "SymbolError",
    "WtoSymbol",
    "find_symbols",
    "is_valid",
    "parse",
]

#: Codes used in symbols by the 166 current WTO Members (kept equal to data/wto/members.csv;
#: a test checks it).
_CODES = """
    AFG AGO ALB ARE ARG ARM ATG AUS AUT BDI BEL BEN BFA BGD BGR BHR BLZ BOL BRA BRB BRN BWA
    CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI DMA DNK DOM ECU
    EGY ESP EST EU FIN FJI FRA GAB GBR GEO GHA GIN GMB GNB GRC GRD GTM GUY HKG HND HRV HTI
    HUN IDN IND IRL ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KNA KOR KWT LAO LBR LCA LIE LKA
    LSO LTU LUX LVA MAC MAR MDA MDG MDV MEX MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM
    NER NGA NIC NLD NOR NPL NZL OMN PAK PAN PER PHL PNG POL PRT PRY QAT ROU RUS RWA SAU SEN
    SGP SLB SLE SLV SUR SVK SVN SWE SWZ SYC TCD TGO THA TJK TLS TON TPKM TTO TUN TUR TZA UGA
    UKR URY USA VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE
    """
MEMBER_CODES: frozenset[str] = frozenset(_CODES.split())

#: Codes found in older symbols, mapped to the current Member code.
HISTORICAL_MEMBER_CODES: dict[str, str] = {"EEC": "EU", "ROM": "ROU"}


class Kind(StrEnum):
    REGULAR = "regular"
    REVISION = "revision"
    ADDENDUM = "addendum"
    SUPPLEMENT = "supplement"
    CORRIGENDUM = "corrigendum"


class SymbolError(ValueError):
    """An invalid WTO document symbol. ``code`` is stable; the messages are for people."""

    def __init__(self, code: str, message_zh: str, message_en: str, text: str = "") -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.text = text


# modifier order in the canonical form: (attribute, canonical label, kind)
_MODIFIERS: tuple[tuple[str, str, Kind], ...] = (
    ("revision", "Rev", Kind.REVISION),
    ("addendum", "Add", Kind.ADDENDUM),
    ("supplement", "Suppl", Kind.SUPPLEMENT),
    ("corrigendum", "Corr", Kind.CORRIGENDUM),
)
_ORDER = {name: i for i, (name, _, _) in enumerate(_MODIFIERS)}
_KEYWORDS = {
    "REVISION": "revision",
    "REV": "revision",
    "ADDENDUM": "addendum",
    "ADD": "addendum",
    "SUPPLEMENT": "supplement",
    "SUPPL": "supplement",
    "SUP": "supplement",
    "CORRIGENDUM": "corrigendum",
    "CORR": "corrigendum",
}
_LABEL_ZH = {"revision": "修订", "addendum": "增补", "supplement": "补遗", "corrigendum": "勘误"}


@dataclass(frozen=True, slots=True)
class WtoSymbol:
    committee: str  # "TBT" or "SPS"
    member: str  # WTO symbol code, e.g. "EU", "TPKM", "USA"
    number: int
    revision: int | None = None
    addendum: int | None = None
    supplement: int | None = None
    corrigendum: int | None = None

    def __post_init__(self) -> None:
        if self.committee not in ("TBT", "SPS"):
            raise SymbolError("committee", "委员会须为 TBT 或 SPS", "committee must be TBT or SPS")
        if not re.fullmatch(r"[A-Z]{2,4}", self.member):
            raise SymbolError("member", "成员代码无效", "invalid member code")
        if self.number < 1:
            raise SymbolError("number", "通报编号须为正整数", "number must be a positive integer")
        for name, _, _ in _MODIFIERS:
            value = getattr(self, name)
            if value is not None and value < 1:
                raise SymbolError(
                    "modifier_number",
                    f"{_LABEL_ZH[name]}编号须为正整数",
                    f"{name} number must be a positive integer",
                )

    def _modifiers(self) -> list[tuple[str, str, int]]:
        out: list[tuple[str, str, int]] = []
        for name, label, _ in _MODIFIERS:
            value = getattr(self, name)
            if value is not None:
                out.append((name, label, value))
        return out

    @property
    def canonical(self) -> str:
        parts = [f"G/{self.committee}/N/{self.member}/{self.number}"]
        parts.extend(f"{label}.{value}" for _, label, value in self._modifiers())
        return "/".join(parts)

    def __str__(self) -> str:
        return self.canonical

    @property
    def base(self) -> WtoSymbol:
        """The base (regular) notification every document about it hangs from."""
        return WtoSymbol(self.committee, self.member, self.number)

    @property
    def is_base(self) -> bool:
        return not self._modifiers()

    @property
    def parent(self) -> WtoSymbol | None:
        """The document this one modifies (the symbol without its last modifier)."""
        mods = self._modifiers()
        if not mods:
            return None
        values: dict[str, int | None] = {name: value for name, _, value in mods[:-1]}
        return WtoSymbol(
            self.committee,
            self.member,
            self.number,
            revision=values.get("revision"),
            addendum=values.get("addendum"),
            supplement=values.get("supplement"),
            corrigendum=values.get("corrigendum"),
        )

    @property
    def kind(self) -> Kind:
        mods = self._modifiers()
        if not mods:
            return Kind.REGULAR
        last = mods[-1][0]
        return next(kind for name, _, kind in _MODIFIERS if name == last)

    @property
    def sort_key(self) -> tuple[str, str, int, int, int, int, int]:
        """Orders a base before its revisions, addenda, supplements and corrigenda."""
        return (
            self.committee,
            self.member,
            self.number,
            self.revision or 0,
            self.addendum or 0,
            self.supplement or 0,
            self.corrigendum or 0,
        )

    @property
    def current_member(self) -> str:
        """The member code, with historical codes (EEC) mapped to today's (EU)."""
        return HISTORICAL_MEMBER_CODES.get(self.member, self.member)


_HEAD = re.compile(r"G\s*/\s*([A-Z]+)\s*/\s*([A-Z]+)\s*/\s*")
_MEMBER = re.compile(r"([A-Z]+)\s*(?:/\s*|$)")
_NUMBER = re.compile(r"(\d+)")
_MOD = re.compile(
    r"\s*(?:/\s*)?(REVISION|REV|ADDENDUM|ADD|SUPPLEMENT|SUPPL|SUP|CORRIGENDUM|CORR)"
    r"\s*(?:\.|NO\.?)?\s*(\d+)\s*"
)


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).upper()
    s = s.replace("\u3002", ".")  # ideographic full stop
    s = re.sub(r"\s+", " ", s).strip()
    return s.rstrip(".,;:/ ").strip()


def parse(text: str, *, members: Collection[str] | None = None) -> WtoSymbol:
    """Parse a WTO TBT/SPS notification symbol, tolerating messy input.

    ``members`` is the set of accepted member codes (default :data:`MEMBER_CODES` plus the
    historical codes in :data:`HISTORICAL_MEMBER_CODES`). Raises :class:`SymbolError`.
    """
    if not isinstance(text, str) or not text.strip():
        raise SymbolError("empty", "文号为空", "empty symbol", str(text))
    s = _clean(text)
    head = _HEAD.match(s)
    if head is None:
        raise SymbolError(
            "prefix",
            "不是 WTO 通报文号（应以 G/TBT/N/ 或 G/SPS/N/ 开头）",
            "not a WTO notification symbol (expected G/TBT/N/ or G/SPS/N/)",
            text,
        )
    committee, series = head.group(1), head.group(2)
    if committee not in ("TBT", "SPS"):
        raise SymbolError(
            "committee",
            f"委员会“{committee}”无效，应为 TBT 或 SPS",
            f"committee {committee!r} is not TBT or SPS",
            text,
        )
    if series != "N":
        raise SymbolError(
            "prefix",
            f"“G/{committee}/{series}”不是通报系列（应为 G/{committee}/N/）",
            f"G/{committee}/{series} is not the notification series (G/{committee}/N/)",
            text,
        )
    pos = head.end()
    m = _MEMBER.match(s, pos)
    if m is None:
        raise SymbolError("member", "缺少通报成员代码", "missing notifying member code", text)
    member = m.group(1)
    accepted = members if members is not None else MEMBER_CODES | HISTORICAL_MEMBER_CODES.keys()
    if member not in accepted:
        raise SymbolError(
            "member",
            f"未知的 WTO 成员代码“{member}”",
            f"unknown WTO member code {member!r}",
            text,
        )
    pos = m.end()
    n = _NUMBER.match(s, pos)
    if n is None:
        raise SymbolError("number", "缺少通报编号", "missing notification number", text)
    number = int(n.group(1))
    if number < 1:
        raise SymbolError("number", "通报编号须为正整数", "number must be positive", text)
    pos = n.end()
    values: dict[str, int] = {}
    last_order = -1
    while pos < len(s):
        mm = _MOD.match(s, pos)
        if mm is None or mm.end() == pos:
            rest = s[pos:].strip()
            raise SymbolError(
                "modifier",
                f"无法识别的后缀“{rest}”（应为 Rev./Add./Suppl./Corr. 加编号）",
                f"unrecognised suffix {rest!r} (expected Rev./Add./Suppl./Corr. and a number)",
                text,
            )
        name = _KEYWORDS[mm.group(1)]
        value = int(mm.group(2))
        if value < 1:
            raise SymbolError(
                "modifier_number",
                f"{_LABEL_ZH[name]}编号须为正整数",
                f"{name} number must be a positive integer",
                text,
            )
        if name in values:
            raise SymbolError(
                "duplicate",
                f"“{_LABEL_ZH[name]}”出现了两次",
                f"{name} appears twice",
                text,
            )
        if _ORDER[name] < last_order:
            raise SymbolError(
                "order",
                "后缀顺序无效（应为 Rev.、Add.、Suppl.、Corr.）",
                "modifiers out of order (expected Rev., Add., Suppl., Corr.)",
                text,
            )
        last_order = _ORDER[name]
        values[name] = value
        pos = mm.end()
    return WtoSymbol(
        committee,
        member,
        number,
        revision=values.get("revision"),
        addendum=values.get("addendum"),
        supplement=values.get("supplement"),
        corrigendum=values.get("corrigendum"),
    )


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except SymbolError:
        return False
    return True


_FIND = re.compile(
    r"G\s*/\s*(?:TBT|SPS)\s*/\s*N\s*/\s*[A-Z]{2,4}\s*/\s*\d+"
    r"(?:\s*/?\s*(?:REVISION|REV|ADDENDUM|ADD|SUPPLEMENT|SUPPL|SUP|CORRIGENDUM|CORR)"
    r"\s*(?:\.|NO\.?)?\s*\d+)*",
)


def find_symbols(text: str) -> Iterator[WtoSymbol]:
    """Yield every valid symbol in free text, e.g. a joint notification cell
    ``"G/TBT/N/BDI/123, G/TBT/N/KEN/456"``; invalid candidates are skipped."""
    s = unicodedata.normalize("NFKC", text).upper()
    for m in _FIND.finditer(s):
        try:
            yield parse(m.group(0))
        except SymbolError:
            continue
