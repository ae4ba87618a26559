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


# ETSI deliverables: ``ETSI EN 301 489-1 V2.2.3 (2019-11)``, ``ETSI GS NFV-IFA 011 V4.1.1``,
# ``ETSI GTS GSM 03.40 V5.3.0 (1996-07)``, ``ETSI ETS 300 001/A1 ed.1 (1995-01)``. Without the
# ``ETSI`` word only the harmonised-standard form ``EN 3xx xxx`` is read as ETSI: the EN
# 300 000-303 999 range is allocated to ETSI (CEN/CENELEC numbers never take that shape).
_ETSI_TYPES = "I-ETS|TCRTR|GTS|ETS|ETR|TBR|NET|EN|ES|EG|TS|TR|SR|GS|GR|TBR"
_ETSI_RE: Final = re.compile(
    r"(?:(?P<draft>DRAFT)\s)?(?P<etsi>ETSI\s?)?"
    rf"(?P<type>{_ETSI_TYPES})(?![A-Z])\s?"
    r"(?P<num>\d{3}\s?\d{3}(?!\d)|(?:GSM\s)?\d{2}\.\d{2}(?:\.\d+)?|[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*\s\d{3}"
    r"|\d{3}(?!\d))"
    r"(?P<parts>(?:-(?:\d+|DCS|EXT)(?![A-Z]))*)(?P<amds>(?:/[AC]\d+)*)"
    r"(?:\s(?P<ver>V\s?\d+\.\d+\.\d+|ED\.\s?\d+))?"
    r"(?:\s?\((?P<date>(?:19|20)\d\d-(?:0[1-9]|1[0-2]))\))?",
    re.I,
)
_ETSI_MIXED: Final[dict[str, str]] = {"MWT": "mWT", "THZ": "THz"}
# CIE publications: ``CIE 015:2018``, ``CIE 018.2-1983`` (``.2``: second edition),
# ``CIE S 012/E:2004``, ``CIE DIS 025/E:2014``, ``CIE ISO 28077:2016``, ``CIE x046:2019``
# (proceedings), ``CIE x050-OP036`` (a paper), ``CIE TN 001:2014``, ``CIE D008-1995``.
_CIE_RE: Final = re.compile(
    r"CIE\s?(?:(?P<type>S|DS|DIS|ISO DIS|ISO TR|ISO TS|ISO|TN)\s)?(?P<num>[XD]?\d{2,5})(?P<ed>\.\d+)?"
    r"(?P<parts>(?:-(?:\d{1,2}(?=[:/]|-\d{4})|(?:OP|PO|PP|WP|IP|P)\d+|SP\d+))*)(?P<lang>/[EFG])?"
    r"(?:\s?(?P<sep>[-:])\s?(?P<year>(?:18|19|20)\d\d)(?![\d-]))?",
    re.I,
)
_CIE_PAPER_RE: Final = re.compile(
    r"CIE\s?(?P<num>(?:OP|PO|PP|WP|IP)\d+\s(?:Pages\s)?\d+-\d+)(?![\d-])", re.I
)
# OIML publications: R (recommendations), D (documents), B (basic publications), G (guides),
# V (vocabularies), E (expert reports), S (seminar reports), P. A trailing language code in
# parentheses (``(E)``, ``(F)``, ``(S)``, ``(D)``...) names a language edition of the same
# publication: it is kept in ``suffix`` and is not part of the canonical text.
_OIML_RE: Final = re.compile(
    r"OIML\s?(?P<type>[RDBVGESP])\s?(?P<num>\d{1,3})(?!\d)"
    r"(?P<parts>(?:-(?:\d+|ISO\s?\d+|SUP|SPECIAL|ERRATUM|GUM\s\d+|[A-Z](?![A-Z])))*)"
    r"(?:\s?:\s?(?P<year>(?:19|20)\d\d)(?!\d))?(?:\s?\+\s?(?P<amd>AMENDMENT)\s?:\s?(?P<amdy>\d{4}))?"
    r"(?P<extra>\s(?:ANNEXES|ANNEX [A-Z](?:-[A-Z])?|ERRATA)(?![A-Z]))?"
    r"(?:\s?\((?P<lang>[A-Z]{1,2})\))?",
    re.I,
)


# Helpers of the family functions below, compiled once (a pattern string given to ``re.sub``
# and friends goes through the ``re`` module's cache lookup on every call).
_WHITESPACE_RE: Final = re.compile(r"\s")
_ETSI_EN_RE: Final = re.compile(r"3\d\d \d{3}")
_SIX_DIGITS_RE: Final = re.compile(r"\d{6}")
_ETSI_AMD_RE: Final = re.compile(r"/([AC])(\d+)")
_ETSI_BAD_VERSION_RE: Final = re.compile(r"\s?(?:V\s?\d|ED\.)", re.I)
_ETSI_BAD_DATE_RE: Final = re.compile(r"\s?\(\d{4}-\d{1,2}\)")
_CIE_DIGITS_RE: Final = re.compile(r"([xXD]?)0*(\d+)")
_CIE_PAGES_RE: Final = re.compile(r"\s?PAGES\s")
_OIML_WORDS_RE: Final = re.compile(r"-(SUP|SPECIAL|ERRATUM)\b")
_GEN_NO_RE: Final = re.compile(r"NO\. ?")


def _is_etsi(m: re.Match[str]) -> bool:
    return bool(m["etsi"]) or (
        m["type"].upper() == "EN" and _ETSI_EN_RE.fullmatch(m["num"]) is not None
    )


def _etsi(m: re.Match[str]) -> Designation:
    kind = m["type"].upper()
    num = m["num"].upper()
    group = num.split(" ")[0]
    if group in _ETSI_MIXED:  # industry specification groups spelt in mixed case
        num = _ETSI_MIXED[group] + num[len(group) :]
    if _SIX_DIGITS_RE.fullmatch(num):
        num = f"{num[:3]} {num[3:]}"
    base = f"ETSI {kind} {num}{m['parts'].upper()}"
    amds: tuple[Amendment, ...] = ()
    canonical = base
    for kind_a, n in _ETSI_AMD_RE.findall(m["amds"].upper()):
        amds += (Amendment(kind_a, n, None, f"/{kind_a}{n}"),)
        canonical += f"/{kind_a}{n}"
    version = None
    if m["ver"]:
        v = "".join(m["ver"].split())  # every whitespace character removed, as r"\s" would
        version = "V" + v[1:] if v[0] in "vV" else "ed." + v[3:]
        canonical += " " + version
    year = None
    if m["date"]:
        year = int(m["date"][:4])
        canonical += f" ({m['date']})"
    stage = None
    if m["draft"]:
        stage = "draft"
        canonical = "Draft " + canonical
    number, part = num, m["parts"][1:].upper()
    return Designation(
        canonical=canonical, publisher="ETSI", prefix=f"ETSI {kind}", number=number,
        part=part or None, year=year, level="foreign", base=base, key=base.upper(),
        amendments=amds, doc_type=kind, stage=stage, suffix=version,
    )  # fmt: skip


def _cie(m: re.Match[str]) -> Designation:
    kind = (m["type"] or "").upper()
    num = m["num"].lower() if m["num"][0] in "xX" else m["num"].upper()
    prefix = "CIE" + (f" {kind}" if kind else "")
    parts = m["parts"].upper()
    lang = m["lang"].upper() if m["lang"] else ""
    base = f"{prefix} {num}{m['ed'] or ''}{parts}{lang}"
    canonical = base
    year = None
    if m["year"]:
        year = _yy(m["year"])
        canonical += m["sep"] + m["year"]
    digits = _CIE_DIGITS_RE.match(num)
    assert digits is not None
    key = f"{prefix} {digits[1]}{digits[2]}{parts}{lang}".upper()
    return Designation(
        canonical=canonical, publisher="CIE", prefix=prefix, number=num,
        part=parts[1:] or None, year=year, level="international", base=base, key=key,
        doc_type=kind or None, notes=(f"edition {m['ed'][1:]}",) if m["ed"] else (),
    )  # fmt: skip


def _cie_paper(m: re.Match[str]) -> Designation:
    num = _CIE_PAGES_RE.sub(" Pages ", m["num"].upper())
    base = f"CIE {num}"
    return Designation(
        canonical=base, publisher="CIE", prefix="CIE", number=num, part=None, year=None,
        level="international", base=base, key=base.upper(), doc_type="paper",
    )  # fmt: skip


def _oiml(m: re.Match[str]) -> Designation:
    kind = m["type"].upper()
    parts = _WHITESPACE_RE.sub(" ", m["parts"])
    parts = _OIML_WORDS_RE.sub(lambda x: "-" + x[1].lower(), parts.upper())
    base = f"OIML {kind} {m['num']}{parts}"
    canonical = base
    year = None
    if m["year"]:
        year = _yy(m["year"])
        canonical += ":" + m["year"]
    amds: tuple[Amendment, ...] = ()
    if m["amd"]:
        txt = f"+Amendment:{m['amdy']}"
        amds = (Amendment("Amendment", None, _yy(m["amdy"]), txt, None, True),)
        canonical += txt
    if m["extra"]:
        extra = m["extra"].strip().title()
        canonical += " " + extra
        base += " " + extra
    part = parts.split("-", 1)[1] if parts else None
    return Designation(
        canonical=canonical, publisher="OIML", prefix=f"OIML {kind}", number=m["num"],
        part=part, year=year, level="international", base=base, key=base.upper(),
        amendments=amds, doc_type=kind, suffix=f"({m['lang'].upper()})" if m["lang"] else None,
    )  # fmt: skip


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
    if u0 in "ED" and (m := _ETSI_RE.match(t)) and _is_etsi(m):
        rest = t[m.end() :]
        if _ETSI_BAD_VERSION_RE.match(rest):
            raise error(
                "trailing_garbage",
                f"ETSI 版本号应为 V主.技术.编辑 三段：“{rest.strip()[:20]}”",
                f"an ETSI version has three numbers (V2.2.3): '{rest.strip()[:20]}'",
            )
        if _ETSI_BAD_DATE_RE.match(rest):
            raise error(
                "bad_year",
                f"ETSI 发布日期应为 (年-月)：“{rest.strip()[:20]}”",
                f"an ETSI date is (year-month): '{rest.strip()[:20]}'",
            )
        return _etsi(m), rest
    if u0 == "C" and (m := _CIE_PAPER_RE.match(t) or _CIE_RE.match(t)):
        return _cie(m) if "ed" in m.groupdict() else _cie_paper(m), t[m.end() :]
    if u0 == "O" and (m := _OIML_RE.match(t)):
        return _oiml(m), t[m.end() :]
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
        num = _WHITESPACE_RE.sub(" ", m["num"].upper())
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
        p = "".join(m["pfx"].upper().split())  # every whitespace character removed
        if p == "GOSTR":
            p = "GOST R"
        prefix = _GEN_PFX.get(p, p)
        if m["sub"]:
            prefix += " " + _SUB[m["sub"].upper()]
        body = _GEN_NO_RE.sub("No. ", m["body"].upper())
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
