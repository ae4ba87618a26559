"""Examples per family for biaozhun.core.designation.parse."""

from __future__ import annotations

import pytest

from biaozhun.core.designation import Designation, DesignationError, as_cli_dict, parse

# input, canonical, publisher, prefix, number, part, year
CASES: list[tuple[str, str, str, str, str, str | None, int | None]] = [
    # ISO / IEC family
    ("ISO 9001:2015", "ISO 9001:2015", "ISO", "ISO", "9001", None, 2015),
    ("ISO 9001:2015/Amd 1:2024", "ISO 9001:2015/Amd 1:2024", "ISO", "ISO", "9001", None, 2015),
    ("ISO 2859-1:1999/Cor 1:2001", "ISO 2859-1:1999/Cor 1:2001", "ISO", "ISO", "2859", "1", 1999),
    ("IEC 60317-0-6:2001+AMD1:2006 CSV", "IEC 60317-0-6:2001+AMD1:2006 CSV", "IEC", "IEC", "60317", "0-6", 2001),
    ("CISPR 32:2015 RLV", "CISPR 32:2015 RLV", "CISPR", "CISPR", "32", None, 2015),
    ("ISO/IEC DIR 1 ISO SUP:2003", "ISO/IEC DIR 1 ISO SUP:2003", "ISO/IEC", "ISO/IEC DIR", "1", None, 2003),
    ("ISO/IEC 27001:2022", "ISO/IEC 27001:2022", "ISO/IEC", "ISO/IEC", "27001", None, 2022),
    ("ISO/IEC/IEEE 29119-1:2022", "ISO/IEC/IEEE 29119-1:2022", "ISO/IEC/IEEE", "ISO/IEC/IEEE", "29119", "1", 2022),
    ("ISO/TS 16949:2009", "ISO/TS 16949:2009", "ISO", "ISO/TS", "16949", None, 2009),
    ("ISO/DIS 9001", "ISO/DIS 9001", "ISO", "ISO/DIS", "9001", None, None),
    ("ISO/IEC Guide 98-3:2008", "ISO/IEC Guide 98-3:2008", "ISO/IEC", "ISO/IEC Guide", "98", "3", 2008),
    ("IWA 45:2024", "IWA 45:2024", "ISO", "IWA", "45", None, 2024),
    ("ISO/ASTM 52900:2021", "ISO/ASTM 52900:2021", "ISO/ASTM", "ISO/ASTM", "52900", None, 2021),
    ("iso9001:2015", "ISO 9001:2015", "ISO", "ISO", "9001", None, 2015),
    ("ISO 105-A01:2010", "ISO 105-A01:2010", "ISO", "ISO", "105", "A01", 2010),
    # Chinese national / industry
    ("GB/T 1.1-2020", "GB/T 1.1-2020", "GB", "GB/T", "1", "1", 2020),
    ("GB/T 20990.1-2020", "GB/T 20990.1-2020", "GB", "GB/T", "20990", "1", 2020),
    ("GB 1234-88", "GB 1234-1988", "GB", "GB", "1234", None, 1988),
    ("GB/Z 17624.1-1998", "GB/Z 17624.1-1998", "GB", "GB/Z", "17624", "1", 1998),
    ("GBT 19001-2016", "GB/T 19001-2016", "GB", "GB/T", "19001", None, 2016),
    ("GB／T 19001-2016", "GB/T 19001-2016", "GB", "GB/T", "19001", None, 2016),
    ("ＧＢ／Ｔ１２３４—２００８", "GB/T 1234-2008", "GB", "GB/T", "1234", None, 2008),
    ("GB/T1234—2008", "GB/T 1234-2008", "GB", "GB/T", "1234", None, 2008),
    ("gb/t 1.1-2020", "GB/T 1.1-2020", "GB", "GB/T", "1", "1", 2020),
    ("GB 2762-2017。", "GB 2762-2017", "GB", "GB", "2762", None, 2017),
    ("JB/T 10000-2018", "JB/T 10000-2018", "JB", "JB/T", "10000", None, 2018),
    ("HG/T 2563-94", "HG/T 2563-1994", "HG", "HG/T", "2563", None, 1994),
    ("QC/T 29106-2014", "QC/T 29106-2014", "QC", "QC/T", "29106", None, 2014),
    ("SJ/T 11363-2006", "SJ/T 11363-2006", "SJ", "SJ/T", "11363", None, 2006),
    ("YY/T 0287-2017", "YY/T 0287-2017", "YY", "YY/T", "0287", None, 2017),
    ("JJF 1059.1-2012", "JJF 1059.1-2012", "JJF", "JJF", "1059", "1", 2012),
    # local / group / enterprise
    ("DB32/T 1234-2020", "DB32/T 1234-2020", "DB32", "DB32/T", "1234", None, 2020),
    ("DB3210/T 12-2019", "DB3210/T 12-2019", "DB3210", "DB3210/T", "12", None, 2019),
    ("DB 32/T 1234—2020", "DB32/T 1234-2020", "DB32", "DB32/T", "1234", None, 2020),
    ("T/CAS 115-2005", "T/CAS 115-2005", "T/CAS", "T/CAS", "115", None, 2005),
    ("T/ZZB 0001—2018", "T/ZZB 0001-2018", "T/ZZB", "T/ZZB", "0001", None, 2018),
    ("Q/JSL 001-2020", "Q/JSL 001-2020", "Q/JSL", "Q/JSL", "001", None, 2020),
    ("Q/320000 JSL001-2020", "Q/320000 JSL001-2020", "Q/320000 JSL", "Q/320000 JSL", "001", None, 2020),
    # foreign
    ("BS EN ISO 9001:2015", "BS EN ISO 9001:2015", "BS", "BS EN ISO", "9001", None, 2015),
    ("EN 60335-1:2012+A11:2014", "EN 60335-1:2012+A11:2014", "EN", "EN", "60335", "1", 2012),
    ("DIN EN ISO 9001:2015-11", "DIN EN ISO 9001:2015-11", "DIN", "DIN EN ISO", "9001", None, 2015),
    ("DIN VDE 0100-410", "DIN VDE 0100-410", "DIN", "DIN VDE", "0100", "410", None),
    ("NF EN 1090-2", "NF EN 1090-2", "NF", "NF EN", "1090", "2", None),
    ("JIS C 8105-1:2010", "JIS C 8105-1:2010", "JIS", "JIS", "C 8105", "1", 2010),
    ("JISC8105-1", "JIS C 8105-1", "JIS", "JIS", "C 8105", "1", None),
    ("ASTM D638-14", "ASTM D638-14", "ASTM", "ASTM", "D638", None, 2014),
    ("ASTM A36/A36M-19", "ASTM A36/A36M-19", "ASTM", "ASTM", "A36/A36M", None, 2019),
    ("ASTM E8/E8M-22", "ASTM E8/E8M-22", "ASTM", "ASTM", "E8/E8M", None, 2022),
    ("ANSI/UL 1598", "ANSI/UL 1598", "ANSI/UL", "ANSI/UL", "1598", None, None),
    ("ANSI/IEEE C37.90", "ANSI/IEEE C37.90", "IEEE", "ANSI/IEEE", "C37.90", None, None),
    ("UL 94", "UL 94", "UL", "UL", "94", None, None),
    ("IEEE 802.3-2018", "IEEE 802.3-2018", "IEEE", "IEEE", "802.3", None, 2018),
    ("IEEE Std 1547-2018", "IEEE Std 1547-2018", "IEEE", "IEEE Std", "1547", None, 2018),
    ("SAE J1939", "SAE J1939", "SAE", "SAE", "J1939", None, None),
    ("AS/NZS 3000:2018", "AS/NZS 3000:2018", "AS/NZS", "AS/NZS", "3000", None, 2018),
    ("GOST R 51317.4.2-2010", "GOST R 51317.4.2-2010", "GOST", "GOST R", "51317.4.2", None, 2010),
    ("API Spec 5L", "API Spec 5L", "API", "API Spec", "5L", None, None),
    ("NFPA 70", "NFPA 70", "NFPA", "NFPA", "70", None, None),
    ("ITU-T G.652", "ITU-T G.652", "ITU", "ITU-T", "G.652", None, None),
    ("KS C 8305:2019", "KS C 8305:2019", "KS", "KS", "C 8305", None, 2019),
    ("CSA C22.2 No. 60950-1", "CSA C22.2 No. 60950-1", "CSA", "CSA", "C22.2 No. 60950", "1", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "canonical", "publisher", "prefix", "number", "part", "year"), CASES
)
def test_examples(
    text: str,
    canonical: str,
    publisher: str,
    prefix: str,
    number: str,
    part: str | None,
    year: int | None,
) -> None:
    d = parse(text)
    assert (d.canonical, d.publisher, d.prefix, d.number, d.part, d.year) == (
        canonical,
        publisher,
        prefix,
        number,
        part,
        year,
    )
    assert parse(d.canonical).canonical == d.canonical


def test_levels() -> None:
    assert parse("ISO 9001").level == "international"
    assert parse("ITU-T G.652").level == "international"
    assert parse("BS 7671:2018").level == "foreign"
    assert parse("GB/T 1.1-2020").level == "national"
    assert parse("JB/T 10000-2018").level == "industry"
    assert parse("DB/T 15-2009").level == "industry"  # DB without digits: 地震 industry standard
    assert parse("DB32/T 1234-2020").level == "local"
    assert parse("T/CAS 115-2005").level == "group"
    assert parse("Q/JSL 001-2020").level == "enterprise"


def test_local_codes() -> None:
    d = parse("DB3210/T 12-2019")
    assert (d.province_code, d.city_code) == ("32", "3210")
    d = parse("DB32/T 1234-2020")
    assert (d.province_code, d.city_code, d.mandate) == ("32", None, "recommended")
    d = parse("DB32/ 1234-2020")
    assert (d.canonical, d.mandate) == ("DB32/ 1234-2020", "mandatory")
    assert parse("DB32 1234-2020").canonical == "DB32/ 1234-2020"
    with pytest.raises(DesignationError) as ei:
        parse("DB99/T 1-2020")
    assert ei.value.code == "bad_local_code"


def test_amendments_iso_iec_styles() -> None:
    d = parse("ISO 9001:2015/Amd 1:2024")
    (a,) = d.amendments
    assert (a.kind, a.number, a.year, a.text) == ("Amd", "1", 2024, "/Amd 1:2024")
    assert d.base == "ISO 9001"
    d = parse("IEC 60317-0-6:2001+AMD1:2006+AMD2:2010 CSV/COR1:2011")
    assert [x.text for x in d.amendments] == ["+AMD1:2006", "+AMD2:2010", "/COR1:2011"]
    assert d.amendments[0].consolidated
    assert d.suffix == "CSV"
    assert parse("iso 9001:2015/amd 1:2024").canonical == "ISO 9001:2015/Amd 1:2024"
    assert parse("iec 60335-1:2010/amd 1:2013").canonical == "IEC 60335-1:2010/AMD1:2013"
    assert parse("ISO 1234:2000/CD Amd 1").amendments[0].stage == "CD"


def test_chinese_amendment_sheets() -> None:
    d = parse("GB 2762-2017/XG1-2021")
    assert [(a.kind, a.number, a.year) for a in d.amendments] == [("XG", "1", 2021)]
    assert parse("GB 2762-2017 第1号修改单").canonical == "GB 2762-2017/XG1"
    assert parse("GB 2762—2017/XG1—2021").canonical == "GB 2762-2017/XG1-2021"


def test_adoptions() -> None:
    d = parse("GB/T 20990.1-2020 (MOD IEC 60700-1)")
    assert d.canonical == "GB/T 20990.1-2020"
    assert [(a.designation, a.degree) for a in d.adoptions] == [("IEC 60700-1", "MOD")]
    d = parse("GB/T 20990.1-2020/IEC 60700-1:2015")
    assert [(a.designation, a.degree) for a in d.adoptions] == [("IEC 60700-1:2015", "IDT")]
    d = parse("GB/T 19001-2016 (IDT ISO 9001:2015)")
    assert d.adoptions[0].degree == "IDT"
    d = parse("GB/T 1234-1995 (eqv ISO 1234:1990)")
    assert (d.adoptions[0].designation, d.adoptions[0].degree) == ("ISO 1234:1990", "EQV")
    d = parse("GB/T 1234-1995 (ISO 1234:1990, neq)")
    assert d.adoptions[0].degree == "NEQ"
    d = parse("GB/T 1234-1995 idt")
    assert d.adoptions[0].degree == "IDT"


def test_titles_are_split_off() -> None:
    d = parse("GB/T 19001-2016 质量管理体系 要求")
    assert (d.canonical, d.title) == ("GB/T 19001-2016", "质量管理体系 要求")
    assert parse("GB/T 19001-2016《质量管理体系》").title == "质量管理体系"
    assert parse("《GB/T 19001-2016》").canonical == "GB/T 19001-2016"
    d = parse("ISO 9001:2015 Quality management systems — Requirements")
    assert d.canonical == "ISO 9001:2015"
    assert d.title is not None and d.title.startswith("Quality")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("。", "empty"),
        ("hello world", "unknown_prefix"),
        ("1234-2008", "unknown_prefix"),
        ("XYZ/T 1234-2008", "unknown_prefix"),
        ("GB/T", "unknown_prefix"),
        ("GB 1234 2008", "ambiguous"),
        ("ISO 9001 2015", "ambiguous"),
        ("ISO 9001-2015", "ambiguous"),
        ("GBZ 2.1-2019", "ambiguous"),
        ("ISO 9001:1234", "bad_year"),
        ("GB/T 1234-1800", "bad_year"),
        ("GB/T 1234-2008xyz", "trailing_garbage"),
        ("x" * 5000, "too_long"),
    ],
)
def test_errors(text: str, code: str) -> None:
    with pytest.raises(DesignationError) as ei:
        parse(text)
    e = ei.value
    assert e.code == code
    assert e.message_zh and e.message_en


def test_ambiguous_has_candidates() -> None:
    with pytest.raises(DesignationError) as ei:
        parse("GB 1234 2008")
    assert ei.value.candidates == ("GB 1234-2008",)
    with pytest.raises(DesignationError) as ei:
        parse("GBZ 2.1-2019")
    assert set(ei.value.candidates) == {"GBZ 2.1-2019", "GB/Z 2.1-2019"}
    with pytest.raises(DesignationError) as ei:
        parse("ISO 9001-2015")
    assert ei.value.candidates == ("ISO 9001:2015", "ISO 9001-2015")
    assert parse("GBZ/T 229.1-2010").canonical == "GBZ/T 229.1-2010"


def test_key_is_edition_independent() -> None:
    assert parse("ISO 9001:2015").key == parse("ISO 9001:2008/Cor 1:2009").key
    assert parse("GB/T 19001-2016").key == parse("GB/T 19001-2008").key == "GB/T 19001"
    assert parse("ISO/TS 1234:2010").key == parse("ISO TS 1234:2011").key
    assert parse("IEEE 802.3-2018").key == parse("IEEE Std 802.3-2022").key


@pytest.mark.parametrize(
    "messy",
    [
        "GB/T 1234-2008",
        "GB/T1234-2008",
        "GB/T 1234—2008",
        "GB/T 1234–2008",
        "GB/T 1234－2008",
        "GB/T 1234‐2008",
        "GB/T 1234‑2008",
        "GB/T 1234−2008",
        "GB/T 1234 - 2008",
        "gb/t 1234-2008",
        "GB / T 1234-2008",
        "ＧＢ／Ｔ　１２３４－２００８",
        "GB/T 1234-2008;",
        "GB/T 1234-2008；",
        "“GB/T 1234-2008”",
    ],
)
def test_messy_variants(messy: str) -> None:
    assert parse(messy).canonical == "GB/T 1234-2008"


def test_cli_dict() -> None:
    ok = as_cli_dict("GB/T 1.1-2020")
    assert ok == {
        "input": "GB/T 1.1-2020",
        "ok": True,
        "canonical": "GB/T 1.1-2020",
        "publisher": "GB",
        "prefix": "GB/T",
        "number": "1",
        "part": "1",
        "year": 2020,
        "error": None,
    }
    bad = as_cli_dict("???")
    assert set(bad) == {
        "input",
        "ok",
        "canonical",
        "publisher",
        "prefix",
        "number",
        "part",
        "year",
        "error",
    }
    assert bad["ok"] is False
    assert set(bad["error"]) == {"code", "message_zh", "message_en"}


def test_designation_is_frozen() -> None:
    d = parse("ISO 9001:2015")
    assert isinstance(d, Designation)
    with pytest.raises(AttributeError):
        d.year = 2000  # type: ignore[misc]


def test_two_designations_are_not_silently_split() -> None:
    with pytest.raises(DesignationError) as ei:
        parse("GB 1234-2008 GB 5678-2010")
    assert ei.value.code == "ambiguous"
    assert ei.value.candidates == ("GB 1234-2008", "GB 5678-2010")


def test_parenthesised_note_is_kept_as_title() -> None:
    d = parse("GB 50016-2014(2018年版)")
    assert (d.canonical, d.title) == ("GB 50016-2014", "2018年版")
