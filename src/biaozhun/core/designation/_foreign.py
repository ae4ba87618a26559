"""Foreign (and regional) designations: EN and the European national bodies (BS, DIN, NF,
...), JIS/KS, ASTM, IEEE, ANSI, UL, SAE, AS/NZS, CSA, GOST, API, NFPA, ITU-T/R/D and a few
more.

Where a publisher itself uses two spellings (``IEEE 802.3-2018`` and ``IEEE Std
802.3-2018``, ``ASTM D638-14`` and ``ASTM D638-2014``) the canonical text keeps the
spelling given; ``key`` folds them. Width, case, dashes and spaces are always normalised.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from ._model import Amendment, Designation, error

_EU_BODIES = "BS|DIN|NF|UNE|OENORM|ÖNORM|SN|SS|CSN|ČSN|PN|NEN|UNI|DS|SFS|NS|EN"
_EU_RE: Final = re.compile(
    rf"(?P<body>{_EU_BODIES})(?![A-Z])(?:\s?(?P<en>EN)(?![A-Z]))?"
    r"(?:\s?(?P<intl>ISO/IEC|ISO|IEC|VDE|SPEC)(?![A-Z/]))?"
    r"\s?(?P<num>(?:[A-Z]\s?)?\d+)(?P<parts>(?:[-.]\d+[A-Z]?)*)"
    r"(?:\s?:\s?(?P<year>\d{4})(?:-(?P<month>\d{2}))?(?!\d))?",
    re.I,
)
_EU_AMD_RE: Final = re.compile(r"\s?(?:\+\s?(A)(\d+)|/\s?(AC))(?:\s?:\s?(\d{4}))?(?!\d)", re.I)
_JIS_RE: Final = re.compile(
    r"(?P<body>JIS|KS)\s?(?P<div>[A-Z])\s?(?P<num>\d+)(?P<parts>(?:-\d+)*)"
    r"(?:\s?:\s?(?P<year>\d{4})(?!\d))?",
    re.I,
)
_ASTM_RE: Final = re.compile(
    r"ASTM\s?(?P<l1>[A-Z])\s?(?P<n1>\d+)(?P<m1>M)?"
    r"(?:\s?/\s?(?P<l2>[A-Z])\s?(?P<n2>\d+)(?P<m2>M)?)?"
    r"(?:\s?-\s?(?P<yr>\d{4}|\d{2})(?P<rev>[a-d]|e\d)?(?![0-9A-Z])(?:\s?\((?P<ra>\d{4})\))?)?",
    re.I,
)
_IEEE_RE: Final = re.compile(
    r"(?:(?P<ansi>ANSI)\s?/\s?)?IEEE\s?(?P<std>STD\.?\s?)?"
    r"(?P<num>[A-Z]?\d+(?:\.\d+)*)(?P<let>[A-Z]*)(?:\s?-\s?(?P<year>\d{4})(?!\d))?",
    re.I,
)
_GEN_PFX: Final[dict[str, str]] = {
    "ANSI": "ANSI", "UL": "UL", "SAE": "SAE", "AS": "AS", "NZS": "NZS", "AS/NZS": "AS/NZS",
    "CSA": "CSA", "CAN/CSA": "CAN/CSA", "GOST": "GOST", "GOST R": "GOST R", "API": "API",
    "NFPA": "NFPA", "ASME": "ASME", "AWS": "AWS", "ASHRAE": "ASHRAE", "IPC": "IPC",
    "JEDEC": "JEDEC", "TIA": "TIA", "ETSI": "ETSI", "NEMA": "NEMA", "ITU-T": "ITU-T",
    "ITU-R": "ITU-R", "ITU-D": "ITU-D", "SASO": "SASO", "GSO": "GSO", "BIS": "BIS",
}  # fmt: skip
_GEN_RE: Final = re.compile(
    r"(?P<pfx>ANSI\s?/\s?[A-Z]+|AS\s?/\s?NZS|CAN\s?/\s?CSA|GOST\s?R(?=\s)|ITU\s?-\s?[TRD]"
    r"|ANSI|UL|SAE|AS|NZS|CSA|GOST|API|NFPA|ASME|AWS|ASHRAE|IPC|JEDEC|TIA|ETSI|NEMA|SASO|GSO|BIS)"
    r"(?![A-Z])(?:\s(?P<sub>REC\.|SPEC|RP|STD|MPMS|BULL|PUBL|TR|EN|TS|ES|EG|GS)(?![A-Z]))?"
    r"\s?(?P<body>[A-Z0-9][A-Z0-9._]*(?:(?:/|-(?!(?:19|20)\d\d(?!\d)))[A-Z0-9._]+)*"
    r"(?: NO\. ?[0-9][0-9A-Z.]*(?:-[0-9A-Z.]+)*)?)"
    r"(?:\s?[-:]\s?(?P<year>(?:19|20)\d\d)(?!\d))?(?:\s?\((?P<itu>\d\d/\d{4})\))?",
    re.I,
)
_SUB: Final[dict[str, str]] = {
    "REC.": "Rec.", "SPEC": "Spec", "RP": "RP", "STD": "Std", "MPMS": "MPMS", "BULL": "Bull",
    "PUBL": "Publ", "TR": "TR", "EN": "EN", "TS": "TS", "ES": "ES", "EG": "EG", "GS": "GS",
}  # fmt: skip


def _yy(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        return 1900 + y if y >= 50 else 2000 + y
    if not 1850 <= y <= 2099:
        raise error("bad_year", text, text)
    return y


def _split(body: str) -> tuple[str, str | None]:
    number, _, part = body.partition("-")
    return number, part or None


def parse_foreign(t: str) -> tuple[Designation, str] | None:
    """Parse a foreign designation at the start of ``t``; ``None`` if it is not one."""
    u0 = t[:1].upper()
    if u0 in "JK" and (m := _JIS_RE.match(t)):
        body = m["body"].upper()
        prefix = body
        number = f"{m['div'].upper()} {m['num']}"
        base = f"{prefix} {number}{m['parts']}"
        canonical = base + (f":{m['year']}" if m["year"] else "")
        year = _yy(m["year"]) if m["year"] else None
        part = m["parts"][1:] or None
        return _mk(canonical, body, prefix, number, part, year, base), t[m.end() :]
    if u0 == "A" and (m := _ASTM_RE.match(t)):
        number = f"{m['l1'].upper()}{m['n1']}{(m['m1'] or '').upper()}"
        if m["l2"]:
            number += f"/{m['l2'].upper()}{m['n2']}{(m['m2'] or '').upper()}"
        base = f"ASTM {number}"
        canonical = base
        year = None
        if m["yr"]:
            year = _yy(m["yr"])
            canonical += f"-{m['yr']}{(m['rev'] or '').lower()}"
            if m["ra"]:
                canonical += f"({m['ra']})"
        return _mk(canonical, "ASTM", "ASTM", number, None, year, base), t[m.end() :]
    if u0 in "AI" and (m := _IEEE_RE.match(t)):
        prefix = ("ANSI/IEEE" if m["ansi"] else "IEEE") + (" Std" if m["std"] else "")
        number = m["num"].upper() + m["let"].lower()
        base = f"{prefix} {number}"
        canonical = base + (f"-{m['year']}" if m["year"] else "")
        year = _yy(m["year"]) if m["year"] else None
        key = f"IEEE {number}".upper()
        d = _mk(canonical, "IEEE", prefix, number, None, year, base)
        return _replace_key(d, key), t[m.end() :]
    if m := _EU_RE.match(t):
        body = m["body"].upper().replace("OENORM", "ÖNORM").replace("ČSN", "CSN")
        pre = [body]
        if m["en"] and body != "EN":
            pre.append("EN")
        if m["intl"]:
            pre.append("SPEC" if m["intl"].upper() == "SPEC" else m["intl"].upper())
        prefix = " ".join(pre)
        num = re.sub(r"\s", " ", m["num"].upper())
        parts = m["parts"].upper()
        base = f"{prefix} {num}{parts}"
        canonical = base
        year = None
        if m["year"]:
            year = _yy(m["year"])
            canonical += ":" + m["year"] + (f"-{m['month']}" if m["month"] else "")
        pos = m.end()
        amds: list[Amendment] = []
        while am := _EU_AMD_RE.match(t, pos):
            kind = "A" if am[1] else "AC"
            y = _yy(am[4]) if am[4] else None
            txt = (f"+A{am[2]}" if am[1] else "/AC") + (f":{am[4]}" if am[4] else "")
            amds.append(Amendment(kind, am[2], y, txt, None, bool(am[1])))
            canonical += txt
            pos = am.end()
        number, _, part = (num + parts).partition("-")
        d = _mk(canonical, body, prefix, number, part or None, year, base, tuple(amds))
        return d, t[pos:]
    if m := _GEN_RE.match(t):
        p = re.sub(r"\s", "", m["pfx"].upper())
        if p == "GOSTR":
            p = "GOST R"
        prefix = _GEN_PFX.get(p, p)
        if m["sub"]:
            prefix += " " + _SUB[m["sub"].upper()]
        body = re.sub(r"NO\. ?", "No. ", m["body"].upper())
        base = f"{prefix} {body}"
        canonical = base
        year = None
        if m["year"]:
            year = _yy(m["year"])
            sep = ":" if ":" in t[m.end("body") : m.start("year")] else "-"
            canonical += sep + m["year"]
        if m["itu"]:
            year = _yy(m["itu"][3:])
            canonical += f" ({m['itu']})"
        publisher = prefix.split(" ")[0]
        level = "foreign"
        if publisher.startswith("ITU"):
            publisher, level = "ITU", "international"
        number, part = _split(body)
        d = _mk(canonical, publisher, prefix, number, part, year, base, level=level)
        return d, t[m.end() :]
    return None


def _mk(
    canonical: str,
    publisher: str,
    prefix: str,
    number: str,
    part: str | None,
    year: int | None,
    base: str,
    amendments: tuple[Amendment, ...] = (),
    level: str = "foreign",
) -> Designation:
    return Designation(
        canonical=canonical,
        publisher=publisher,
        prefix=prefix,
        number=number,
        part=part,
        year=year,
        level=level,
        base=base,
        key=base.upper(),
        amendments=amendments,
    )


def _replace_key(d: Designation, key: str) -> Designation:

    return replace(d, key=key)
