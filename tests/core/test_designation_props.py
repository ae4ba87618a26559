"""Property tests for biaozhun.core.designation."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biaozhun.core.designation import DesignationError, parse
from biaozhun.core.designation_data import PROVINCE_CODES, SECTOR_PREFIXES

num = st.integers(min_value=1, max_value=99999).map(str)
year4 = st.integers(min_value=1950, max_value=2030)
part = st.lists(st.integers(min_value=1, max_value=99).map(str), min_size=0, max_size=2)


@st.composite
def iso_like(draw: st.DrawFn) -> str:
    org = draw(st.sampled_from(["ISO", "IEC", "ISO/IEC", "CISPR", "ISO/IEC/IEEE", "ISO/ASTM"]))
    typ = draw(st.sampled_from(["", "/TS", "/TR", " TS", " TR", " Guide", "/PAS", "/DIS", "/FDIS"]))
    s = f"{org}{typ} {draw(num)}" + "".join("-" + p for p in draw(part))
    y = draw(st.none() | year4)
    if y is not None:
        s += f":{y}"
        if draw(st.booleans()):
            iec = org.startswith(("IEC", "CISPR"))
            k = draw(st.sampled_from(["AMD", "COR"] if iec else ["Amd", "Cor"]))
            s += f"/{k}{'' if iec else ' '}{draw(st.integers(1, 5))}:{draw(year4)}"
    return s


@st.composite
def chinese(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["nat", "ind", "local", "group", "ent"]))
    n = draw(num) + "".join("." + p for p in draw(part))
    y = draw(year4)
    if kind == "nat":
        pfx = draw(st.sampled_from(["GB", "GB/T", "GB/Z", "JJF", "JJG", "GBZ/T"]))
    elif kind == "ind":
        pfx = draw(st.sampled_from(sorted(SECTOR_PREFIXES))) + draw(st.sampled_from(["", "/T"]))
    elif kind == "local":
        code = draw(st.sampled_from(sorted(PROVINCE_CODES)))
        code += draw(st.sampled_from(["", "10", "01"]))
        pfx = f"DB{code}/" + draw(st.sampled_from(["T", "", "Z"]))
    elif kind == "group":
        pfx = "T/" + draw(st.from_regex(r"[A-Z]{2,6}", fullmatch=True))
    else:
        pfx = "Q/" + draw(st.from_regex(r"[A-Z]{2,5}", fullmatch=True))
    return f"{pfx} {n}-{y}"


@st.composite
def foreign(draw: st.DrawFn) -> str:
    return draw(
        st.sampled_from(
            [
                "BS EN ISO 9001:2015",
                "DIN EN 60335-1:2012-10",
                "JIS C 8105-1:2010",
                "ASTM D638-14",
                "ASTM A36/A36M-19",
                "IEEE Std 1547-2018",
                "ANSI/UL 1598",
                "SAE J1939",
                "ITU-T G.652",
                "AS/NZS 3000:2018",
                "GOST R 51317.4.2-2010",
            ]
        )
    )


valid = iso_like() | chinese() | foreign()


@given(valid)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_round_trip(s: str) -> None:
    d = parse(s)
    assert parse(d.canonical).canonical == d.canonical
    assert d.canonical == s or unicodedata.normalize("NFKC", s) != s or "-" in s


@given(st.text(max_size=80))
@settings(max_examples=1500)
def test_never_crashes(s: str) -> None:
    try:
        d = parse(s)
    except DesignationError as e:
        assert e.code and e.message_zh and e.message_en
    else:
        assert parse(d.canonical).canonical == d.canonical


@given(st.text(alphabet="GBTISOIEC/ -—:.0123456789ＧＢ／ＴAmdCor+XG()", max_size=40))
@settings(max_examples=1500)
def test_never_crashes_on_near_misses(s: str) -> None:
    try:
        d = parse(s)
    except DesignationError:
        return
    assert parse(d.canonical).canonical == d.canonical


_FW = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@st.composite
def messy(draw: st.DrawFn) -> tuple[str, str]:
    s = draw(chinese())
    canonical = parse(s).canonical
    m = canonical
    if draw(st.booleans()):
        m = m.replace("-", draw(st.sampled_from(["—", "–", "－", "‐", "‑", "−", " - "])))
    if draw(st.booleans()):
        m = m.lower()
    if draw(st.booleans()):
        m = "".join(_FW.get(c, c) for c in m)
    if draw(st.booleans()):
        m = m + draw(st.sampled_from(["。", ";", "；", " ", "，"]))
    if draw(st.booleans()):
        m = "《" + m + "》"
    return m, canonical


@given(messy())
@settings(max_examples=400)
def test_messy_variants_same_canonical(pair: tuple[str, str]) -> None:
    m, canonical = pair
    assert parse(m).canonical == canonical
