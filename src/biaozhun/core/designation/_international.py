"""ISO, IEC, ISO/IEC, CISPR, IWA and their joint prefixes (ISO/IEC/IEEE, ISO/ASTM, ...).

Grammar (after normalisation), matched case-insensitively::

    [CD ] ORG{/COORG} {SEP TYPE} SP NUMBER {-PART} [/SUBPART] [.ITER] [DIR-SUPPLEMENT]
        [:YEAR] {+AMDn:YEAR} [ SUFFIX] {/[STAGE ]KIND[ ]n[:YEAR]} [ EDn]

SEP (``/`` or space between organisation and document type) is kept as written, because
both spellings are used by the publishers themselves (``ISO/TS`` and ``ISO TS``, ``IEC TR``
and ``IEC/TR``); ``key`` folds them.
"""

from __future__ import annotations

import re
from typing import Final

from ._model import Amendment, Designation, DesignationError, error

_COORG = r"(?:IEC|IEEE|ASTM|CIE|ASME|SAE|OECD|UNDP|HL7|ISO)"
_TOKENS: Final[dict[str, str]] = {
    t.upper(): t
    for t in (
        "FDIS", "DIS", "CD", "WD", "AWI", "PWI", "NP", "DTS", "DTR", "DPAS", "DGuide",
        "TS", "TR", "PAS", "Guide", "ISP", "R", "DATA", "TTA", "SRD", "DIR", "IWA", "CA",
        "WT", "ACEE", "HANDB",
    )
}  # fmt: skip
STAGES: Final[frozenset[str]] = frozenset(
    {"FDIS", "DIS", "CD", "WD", "AWI", "PWI", "NP", "DTS", "DTR", "DPAS", "DGuide"}
)
_FUSED: Final[dict[str, str]] = {"DTS": "TS", "DTR": "TR", "DPAS": "PAS", "DGuide": "Guide"}
_TOK = "(?:" + "|".join(sorted(_TOKENS, key=len, reverse=True)) + ")"

HEAD_RE: Final = re.compile(
    rf"(?P<pre>CD )?(?P<orgs>(?:ISO|IEC|CISPR|IWA)(?:\s?/\s?{_COORG}(?![A-Z]))*)"
    rf"(?P<toks>(?:\s?[/ ]\s?{_TOK}(?=[\s/]|\d))*)\s?(?=[0-9A-Z])",
    re.I,
)
#: The characters a HEAD_RE match can start with: ``C`` or ``I`` in either case, and the two
#: Turkish i's that ``re.IGNORECASE`` also takes for ``I`` (a test checks every code point).
HEAD_FIRST: Final[frozenset[str]] = frozenset("CIci\u0130\u0131")
_TOK_RE: Final = re.compile(rf"\s?([/ ])\s?({_TOK})", re.I)
NUMBER_RE: Final = re.compile(
    r"(?P<number>\d+(?:[A-Z](?![A-Z]))?|[A-Z]{2,}(?:-[A-Z]+)?(?=:))"
    r"(?P<parts>(?:-[0-9A-Z]+)*)(?P<sub>/\d+(?=[:/\s]|$))?(?P<iter>\.\d+)?",
    re.I,
)
_DIRSUP_RE: Final = re.compile(r" (ISO SUP|IEC SUP|JTC 1 SUP|ISO|IEC|JTC 1)(?=[:\s]|$)", re.I)
_YEAR_RE: Final = re.compile(r"\s?:\s?(\d{4})(?!\d)")
_CONS_RE: Final = re.compile(r"\s?\+\s?AMD\s?(\d+)\s?:\s?(\d{4})(?!\d)", re.I)
_SUFFIX_RE: Final = re.compile(r" (EXV-CMV|EXV-RLV|CSV|RLV|EXV|CMV|SER|DB|PRV)(?![A-Z])", re.I)
_AMD_RE: Final = re.compile(
    r"\s?/\s?(?:(CD|WD|AWI|NP|PWI) )?"
    r"(AMENDMENT|CORRIGENDUM|AMD|COR|ADD|SUPPL|EXT|ISH|FRAG|DAM|FDAM|DCOR|PDAM|DADD|DAD)"
    r"(?![A-Z])(\s?)(\d+(?:\.\d+)?)?(?:\s?:\s?(\d{4})(?!\d)|\s?-\s?((?:19|20)\d\d)(?![\d.]))?",
    re.I,
)
#: Spelled-out kinds as national bodies write them (``/AMENDMENT 1:2022``, ``/Corrigendum 1``).
_SPELLED: Final[dict[str, str]] = {"AMENDMENT": "AMD", "CORRIGENDUM": "COR"}
_ED_RE: Final = re.compile(r" ED(\d+)(?![0-9A-Z])", re.I)
_SPACE_YEAR_RE: Final = re.compile(r" ((?:19|20)\d\d)(?![\d:])")
_REPORT_RE: Final = re.compile(
    r"IEC (White Paper|Trend Report|Technology Report|Technology and Market Outlook Paper) "
    r"([^:]+(?::[^:]+)?):(\d{4})$"
)

_ISO_KINDS: Final[dict[str, str]] = {
    "AMD": "Amd", "COR": "Cor", "ADD": "Add", "SUPPL": "Suppl", "EXT": "Ext",
}  # fmt: skip
_IEC_KINDS: Final[frozenset[str]] = frozenset({"AMD", "COR", "ISH", "FRAG"})
_DRAFT_KINDS: Final[frozenset[str]] = frozenset({"DAM", "FDAM", "DCOR", "PDAM", "DADD", "DAD"})


def _year(text: str) -> int:
    y = int(text)
    if not 1850 <= y <= 2099:
        raise error("bad_year", f"{text} 不在合理范围内", f"{text} is out of range")
    return y


def _amendment(m: re.Match[str], iec_default: bool) -> Amendment:
    stage, kind_raw, _space, num, yr, dash_yr = m.groups()
    yr = yr or dash_yr
    ku = kind_raw.upper()
    if ku in _SPELLED:
        ku = _SPELLED[ku]
        kind_raw = ku if iec_default else ku.title()
    if ku in _DRAFT_KINDS:
        kind, sep = ku, " "
    elif stage:
        kind, sep = _ISO_KINDS.get(ku, ku), " "
    elif kind_raw.isupper() and ku in _IEC_KINDS:
        kind, sep = ku, ""
    elif kind_raw[0].isupper() and kind_raw[1:].islower() and ku in _ISO_KINDS:
        kind, sep = _ISO_KINDS[ku], " "
    elif ku in _IEC_KINDS and (iec_default or ku not in _ISO_KINDS):
        kind, sep = ku, ""
    else:
        kind, sep = _ISO_KINDS.get(ku, ku), " "
    if ku == "SUPPL" and not num:
        sep = ""
    text = "/"
    if stage:
        text += stage.upper() + " "
    text += kind
    if num:
        text += sep + num
    year = None
    if yr:
        year = _year(yr)
        text += ":" + yr
    return Amendment(kind, num, year, text, stage.upper() if stage else None)


def parse_international(t: str) -> tuple[Designation, str] | None:
    """Parse an ISO/IEC-family designation at the start of ``t``.

    Returns the designation and the unparsed remainder, or ``None`` if ``t`` does not start
    with an ISO/IEC-family prefix.
    """
    if t[:1] not in HEAD_FIRST:  # the other families (most lines of a mixed list) stop here
        return None
    if t.startswith("IEC ") and (rm := _REPORT_RE.match(t)):
        kind, title, yr = rm.groups()
        base = f"IEC {kind} {title}"
        return (
            Designation(
                canonical=t, publisher="IEC", prefix=f"IEC {kind}", number=title, part=None,
                year=_year(yr), level="international", base=base, key=base.upper(),
                doc_type=kind,
            ),
            "",
        )  # fmt: skip
    hm = HEAD_RE.match(t)
    if hm is None:
        return None
    orgs = "".join(hm["orgs"].split()).upper()  # every whitespace character removed
    pre = "CD " if hm["pre"] else ""
    toks: list[tuple[str, str]] = [(s, _TOKENS[k.upper()]) for s, k in _TOK_RE.findall(hm["toks"])]
    prefix = pre + orgs + "".join([s + k for s, k in toks])
    stage: str | None = "CD" if pre else None
    doc_type: str | None = None
    for _, k in toks:
        if k in STAGES:
            stage = k
            if k in _FUSED:
                doc_type = _FUSED[k]
        else:
            doc_type = k
    if orgs == "IWA":
        doc_type = "IWA"
    if doc_type is None and stage is not None:
        doc_type = stage
    pos = hm.end()
    glued = pos == hm.start("toks") + len(hm["toks"]) and toks and toks[-1][1] == "HANDB"
    nm = NUMBER_RE.match(t, pos)
    if nm is None:
        raise error(
            "missing_number",
            f"“{t[:pos].strip()}”之后应为标准号",
            f"expected a number after '{t[:pos].strip()}'",
        )
    number = nm["number"].upper()
    parts = nm["parts"].upper()
    sub = nm["sub"] or ""
    it = nm["iter"] or ""
    pos = nm.end()
    base = prefix + ("" if glued else " ") + number + parts + sub + it
    part = ((parts[1:] + sub) if parts else sub[1:]) or None
    canonical = base
    if doc_type == "DIR":
        dm = _DIRSUP_RE.match(t, pos)
        if dm:
            canonical += " " + dm[1].upper()
            pos = dm.end()
    year = None
    ym = _YEAR_RE.match(t, pos)
    iec_default = orgs.startswith(("IEC", "CISPR"))
    if ym:
        year = _year(ym[1])
        canonical += ":" + ym[1]
        pos = ym.end()
    else:
        sm = _SPACE_YEAR_RE.match(t, pos)
        if sm:
            raise error(
                "ambiguous",
                "年代号前缺少冒号",
                "the year is not introduced by a colon",
                (canonical + ":" + sm[1],),
            )
        last = parts.rsplit("-", 1)[-1]
        year_like = len(last) == 4 and last.isdigit() and 1950 <= int(last) <= 2099 and not it
        if year_like and "IEEE" in orgs.split("/") and not sub:
            # IEEE writes its years with a hyphen (``IEEE 12207-2017``); the joint
            # ISO/IEC/IEEE documents never have a four-digit part, so the reading is certain.
            parts = parts[:-5]
            base = prefix + " " + number + parts + sub + it
            part = parts[1:] or None
            year = _year(last)
            canonical = base + ":" + last
        elif year_like:
            alt = prefix + " " + number + parts[:-5] + sub + ":" + last
            raise error(
                "ambiguous",
                f"“-{last}”可能是部分号也可能是年代号",
                f"'-{last}' may be a part number or a year",
                (alt, canonical),
            )
    amendments: list[Amendment] = []
    suffix = None
    # Each piece of the tail needs at least one more character: most inputs end at the year.
    if pos < len(t):
        while cm := _CONS_RE.match(t, pos):
            y = _year(cm[2])
            txt = f"+AMD{cm[1]}:{cm[2]}"
            amendments.append(Amendment("AMD", cm[1], y, txt, None, True))
            canonical += txt
            pos = cm.end()
        sfm = _SUFFIX_RE.match(t, pos)
        if sfm:
            suffix = sfm[1].upper()
            canonical += " " + suffix
            pos = sfm.end()
        while am := _AMD_RE.match(t, pos):
            a = _amendment(am, iec_default)
            amendments.append(a)
            canonical += a.text
            pos = am.end()
        em = _ED_RE.match(t, pos)
        if em:
            canonical += " ED" + em[1]
            pos = em.end()
            suffix = (suffix + " " if suffix else "") + "ED" + em[1]
    publisher = "ISO" if orgs == "IWA" else orgs
    key_type = doc_type if doc_type not in STAGES else None
    key = publisher + (" " + key_type if key_type else "") + " " + number + parts + sub
    return (
        Designation(
            canonical=canonical,
            publisher=publisher,
            prefix=prefix,
            number=number,
            part=part,
            year=year,
            level="international",
            base=base,
            key=key.upper(),
            amendments=tuple(amendments),
            doc_type=doc_type,
            stage=stage,
            suffix=suffix,
        ),
        t[pos:],
    )


__all__ = ["DesignationError", "parse_international"]
