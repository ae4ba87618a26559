"""Chinese designations: national (GB, GB/T, GB/Z, GBZ, JJF, ...), industry (JB/T, ...),
local (DB32/T, DB3210/T), group (T/CAS) and enterprise (Q/...) standards, with 修改单 and
adoption notes.

Canonical form: ``PREFIX NUMBER[.PART]-YYYY`` with an ASCII hyphen and a four-digit year
(old two-digit years ``-88`` become ``-1988``), amendment sheets as ``/XG1-2021``. Adoption
notes are read into ``adoptions`` and are not part of the canonical text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ..designation_data import (
    ENGINEERING_PREFIXES,
    OTHER_NATIONAL_PREFIXES,
    PROVINCE_CODES,
    SECTOR_PREFIXES,
)
from ._model import Adoption, Amendment, Designation, DesignationError, error

_NATIONAL: Final[dict[str, str]] = (
    {k.upper(): k for k in OTHER_NATIONAL_PREFIXES}
    | {"GB": "GB"}
    | {k: k for k, v in ENGINEERING_PREFIXES.items() if v[2] == "national"}
)
_INDUSTRY: Final[frozenset[str]] = frozenset(SECTOR_PREFIXES) | {
    k for k, v in ENGINEERING_PREFIXES.items() if v[2] == "industry" and k != "JTG"
}

_NUM = r"(?P<number>\d+)(?P<part>(?:\.\d+)*)"
_CODE_RE: Final = re.compile(
    r"(?P<code>[A-Z]{2,4})\s?(?P<slash>/)?\s?(?P<m>[TZ](?![A-Z]))?\s?" + _NUM, re.I
)
_LOCAL_RE: Final = re.compile(
    r"DB\s?(?P<code>\d{6}|\d{4}|\d{2})(?!\d)\s?(?:(?P<slash>/)\s?(?P<m>[TZ](?![A-Z]))?)?\s?" + _NUM,
    re.I,
)
_GROUP_RE: Final = re.compile(
    r"T\s?/\s?(?:(?P<body>[A-Z][A-Z0-9]*) ?(?=\d)|(?P<body2>[A-Z]+))" + _NUM, re.I
)
_ENT_RE: Final = re.compile(
    r"Q\s?/\s?(?:(?P<region>\d{2,6})\s?)?(?:(?P<ent>[A-Z][A-Z0-9]*)(?P<sp> )|(?P<ent2>[A-Z]+))"
    r"(?P<number>\d+)(?P<part>(?:\.\d+)*)(?P<food>S(?=\s?[-:]\s?\d))?",
    re.I,
)
# 公路工程 JTG: letter + two digits (``JTG D60-2015``, ``JTG/T F20-2015``) or four digits
# (``JTG 3362-2018``); a few have a sub-number (``JTG F80/1-2017``, ``JTG/T J21-01-2015``).
_JTG_RE: Final = re.compile(
    r"JTG\s?(?:(?P<slash>/)\s?(?P<m>T)(?![A-Z]))?\s?"
    r"(?P<number>[A-Z]\d{2}|\d{4})(?![\dA-Z])(?P<part>/\d+|-\d{2}(?=\s?-\s?\d{4}))?",
    re.I,
)
# CECS association standards keep their colon year (``CECS 102:2002``).
_CECS_RE: Final = re.compile(r"CECS\s?(?P<number>\d+)(?P<part>(?:\.\d+)*)", re.I)
# Drafts: ``GB/T 19001-202X``, ``…-20XX``, and the stage words of the Chinese procedure.
_DRAFT_YEAR_RE: Final = re.compile(r"\s?-\s?((?:19|20)(?:\dX|XX)|XXXX)(?![\dA-Z])", re.I)
_DRAFT_STAGE_RE: Final = re.compile(r"\s?\(?(征求意见稿|送审稿|报批稿)\)?")
_YEAR_RE: Final = re.compile(r"\s?[-:]\s?(\d{4}|\d{2})(?![\d.])")
_SPACE_YEAR_RE: Final = re.compile(r" ((?:19|20)\d\d)(?![\d.])")
_XG_RE: Final = re.compile(
    r"\s?(?:/\s?)?XG\s?(\d+)(?:\s?-\s?(\d{4}))?(?!\d)"
    r"|\s?(?:[(]?含?第\s?(\d+)\s?号修改单[)]?|修改单\s?第?\s?(\d+)号?)",
    re.I,
)
_DEGREES = "IDT|MOD|NEQ|EQV|REF|NOT EQ"
_BARE_DEG_RE: Final = re.compile(rf"[\s,]\s?({_DEGREES})(?![A-Z])\s?", re.I)
_PAREN_RE: Final = re.compile(r"\s?\(([^()]*)\)")
_DEG_FIRST_RE: Final = re.compile(rf"({_DEGREES})\b[\s,]*(.*)$", re.I)
_DEG_LAST_RE: Final = re.compile(rf"(.*?)[\s,]+({_DEGREES})$", re.I)
_SLASH_ADOPT_RE: Final = re.compile(
    r"\s?/\s?(?=(?:ISO|IEC|CISPR|ITU|EN|IEEE|ASTM|JIS|ETSI|CIE|OIML)\b)", re.I
)


def _year(text: str) -> int:
    if len(text) == 2:
        y = int(text)
        return 1900 + y if y >= 50 else 2000 + y
    y = int(text)
    if not 1950 <= y <= 2099:
        raise error("bad_year", f"{text} 不在合理范围内", f"{text} is out of range")
    return y


def parse_chinese(
    t: str, parse_any: Callable[[str], tuple[Designation, str]]
) -> tuple[Designation, str] | None:
    """Parse a Chinese designation at the start of ``t``; ``None`` if it is not one."""
    province = city = None
    u0 = t[:1].upper()
    if u0 == "D" and (m := _LOCAL_RE.match(t)):
        code = m["code"]
        if code[:2] not in PROVINCE_CODES or len(code) == 6:
            raise error(
                "bad_local_code",
                f"DB{code} 不是有效的省级/市级代码",
                f"DB{code} is not a valid code",
            )
        province = code[:2]
        city = code if len(code) == 4 else None
        mand = (m["m"] or "").upper()
        prefix = f"DB{code}/{mand}"
        publisher, level = f"DB{code}", "local"
    elif u0 == "T" and (m := _GROUP_RE.match(t)):
        body = (m["body"] or m["body2"]).upper()
        prefix = publisher = f"T/{body}"
        mand, level = "", "group"
    elif u0 == "Q" and (m := _ENT_RE.match(t)):
        ent = (m["ent"] or m["ent2"]).upper()
        region = m["region"]
        prefix = "Q/" + (region + " " if region else "") + ent
        publisher, mand, level = prefix, "", "enterprise"
    elif u0 == "J" and (m := _JTG_RE.match(t)):
        mand = (m["m"] or "").upper()
        prefix = "JTG" + ("/T" if mand else "")
        publisher, level = "JTG", "industry"
    elif u0 == "C" and (m := _CECS_RE.match(t)):
        prefix = publisher = "CECS"
        mand, level = "", "group"
    elif m := _CODE_RE.match(t):
        code = m["code"].upper()
        mand = (m["m"] or "").upper()
        slash = m["slash"]
        if code == "GBZ" and not slash and not mand:
            rest_c = t[m.start("number") :]
            raise error(
                "ambiguous",
                "GBZ 是国家职业卫生标准代号，也常被误写为 GB/Z",
                "GBZ is the occupational-health prefix and a common misspelling of GB/Z",
                (f"GBZ {rest_c}", f"GB/Z {rest_c}"),
            )
        if code not in _NATIONAL and code not in _INDUSTRY:
            if (
                code[-1] in "TZ"
                and not slash
                and not mand
                and (code[:-1] in _NATIONAL or code[:-1] in _INDUSTRY)
            ):
                code, mand = code[:-1], code[-1]
            else:
                return None
        if slash and not mand:
            return None
        canon_code = _NATIONAL.get(code, code)
        prefix = canon_code + ("/" + mand if mand else "")
        publisher = canon_code
        level = "national" if code in _NATIONAL else "industry"
    else:
        return None
    number = m["number"].upper()
    raw_part = m["part"] or ""
    part = raw_part[1:] or None
    base = f"{prefix} {number}" if not (level == "enterprise" and not m["sp"]) else prefix + number
    if part:
        base += raw_part if prefix.startswith("JTG") else "." + part
    suffix = None
    if m.groupdict().get("food"):
        suffix = "S"  # 食品安全企业标准 (enterprise food-safety standard) marker
        base += "S"
    pos = m.end()
    year = None
    canonical = base
    stage = None
    if dy := _DRAFT_YEAR_RE.match(t, pos):
        canonical += "-" + dy[1].upper()
        stage = "draft"
        pos = dy.end()
    elif ym := _YEAR_RE.match(t, pos):
        year = _year(ym[1])
        ysep = ":" if publisher == "CECS" and ":" in ym[0] else "-"
        canonical += f"{ysep}{year}"
        pos = ym.end()
    if ds := _DRAFT_STAGE_RE.match(t, pos):
        stage = ds[1]
        canonical += " " + ds[1]
        pos = ds.end()
    if year is None and stage is None and (sm := _SPACE_YEAR_RE.match(t, pos)):
        raise error(
            "ambiguous",
            "年代号前缺少连接号",
            "the year is not introduced by a hyphen",
            (f"{canonical}-{sm[1]}",),
        )
    amendments: list[Amendment] = []
    while xm := _XG_RE.match(t, pos):
        n = xm[1] or xm[3] or xm[4]
        y = int(xm[2]) if xm[2] else None
        if y is not None and not 1950 <= y <= 2099:
            raise error("bad_year", xm[2], xm[2])
        txt = f"/XG{n}" + (f"-{y}" if y else "")
        amendments.append(Amendment("XG", n, y, txt))
        canonical += txt
        pos = xm.end()
    adoptions: list[Adoption] = []
    while True:
        if sa := _SLASH_ADOPT_RE.match(t, pos):
            inner = t[sa.end() :]
            d, rest = parse_any(inner)
            adoptions.append(Adoption(d.canonical, "IDT"))
            pos = len(t) - len(rest)
            continue
        if bm := _BARE_DEG_RE.match(t, pos):
            deg = bm[1].upper()
            pos = bm.end()
            target = ""
            try:
                d, rest = parse_any(t[pos:])
            except DesignationError:
                pass
            else:
                target = d.canonical
                pos = len(t) - len(rest)
            adoptions.append(Adoption(target, deg))
            continue
        pm = _PAREN_RE.match(t, pos)
        if pm is None:
            break
        inner = pm[1].strip()
        deg = None
        if dm := _DEG_FIRST_RE.match(inner):
            deg, target = dm[1].upper(), dm[2].strip()
        elif dm := _DEG_LAST_RE.match(inner):
            target, deg = dm[1].strip(), dm[2].upper()
        else:
            target = inner
        if not target and deg:
            adoptions.append(Adoption("", deg))
            pos = pm.end()
            continue
        try:
            d, rest = parse_any(target)
        except DesignationError:
            if deg is None:
                break
            adoptions.append(Adoption(target, deg))
        else:
            if rest.strip() and deg is None:
                break
            adoptions.append(Adoption(d.canonical, deg))
        pos = pm.end()
    d0 = Designation(
        canonical=canonical,
        publisher=publisher,
        prefix=prefix,
        number=number,
        part=part,
        year=year,
        level=level,
        base=base,
        key=base.upper(),
        amendments=tuple(amendments),
        mandate={"T": "recommended", "Z": "guidance"}.get(mand, "mandatory")
        if level in ("national", "industry", "local")
        else None,
        adoptions=tuple(adoptions),
        stage=stage,
        suffix=suffix,
        province_code=province,
        city_code=city,
    )
    return d0, t[pos:]
