"""Real designations per family added for issue 17 (§4): ETSI, CIE, OIML, national-body
amendment spellings, joint IEEE dash years, enterprise food standards, engineering
construction families, drafts."""

from __future__ import annotations

import pytest

from biaozhun.core.designation import DesignationError, parse

# input, canonical, publisher, level, year, part, amendment texts. ETSI, CIE and OIML inputs
# are docids of data/foreign (or messy spellings of them); the rest are published standards.
FAMILY_CASES: list[tuple[str, str, str, str, int | None, str | None, tuple[str, ...]]] = [
    # ETSI (foreign: a European standards organisation, like CEN/CENELEC)
    ("ETSI EN 301 489-1 V2.2.3 (2019-11)", "ETSI EN 301 489-1 V2.2.3 (2019-11)", "ETSI", "foreign", 2019, "1", ()),
    ("ETSI EN 300 328 V2.2.2 (2019-07)", "ETSI EN 300 328 V2.2.2 (2019-07)", "ETSI", "foreign", 2019, None, ()),
    ("EN 300 328 V2.2.2 (2019-07)", "ETSI EN 300 328 V2.2.2 (2019-07)", "ETSI", "foreign", 2019, None, ()),
    ("EN 301 489-17 V3.3.1", "ETSI EN 301 489-17 V3.3.1", "ETSI", "foreign", None, "17", ()),
    ("etsi en 300328 v2.2.2", "ETSI EN 300 328 V2.2.2", "ETSI", "foreign", None, None, ()),
    ("ETSI EN 303 645 V2.1.1 (2020-06)", "ETSI EN 303 645 V2.1.1 (2020-06)", "ETSI", "foreign", 2020, None, ()),
    ("ETSI TS 136 211 V15.14.0 (2021-10)", "ETSI TS 136 211 V15.14.0 (2021-10)", "ETSI", "foreign", 2021, None, ()),
    ("ETSI TS 102 221 V17.4.0 (2023-02)", "ETSI TS 102 221 V17.4.0 (2023-02)", "ETSI", "foreign", 2023, None, ()),
    ("ETSI TR 103 305-1 V4.2.1 (2024-10)", "ETSI TR 103 305-1 V4.2.1 (2024-10)", "ETSI", "foreign", 2024, "1", ()),
    ("ETSI ES 201 873-1 V4.17.1 (2025-09)", "ETSI ES 201 873-1 V4.17.1 (2025-09)", "ETSI", "foreign", 2025, "1", ()),
    ("ETSI EG 200 053 V1.5.1 (2004-06)", "ETSI EG 200 053 V1.5.1 (2004-06)", "ETSI", "foreign", 2004, None, ()),
    ("ETSI GS NFV-IFA 011 V4.6.1 (2024-04)", "ETSI GS NFV-IFA 011 V4.6.1 (2024-04)", "ETSI", "foreign", 2024, None, ()),
    ("ETSI GS MEC 003 V3.2.1 (2024-04)", "ETSI GS MEC 003 V3.2.1 (2024-04)", "ETSI", "foreign", 2024, None, ()),
    ("ETSI GR mWT 008 V1.1.1 (2018-08)", "ETSI GR mWT 008 V1.1.1 (2018-08)", "ETSI", "foreign", 2018, None, ()),
    ("ETSI GTS GSM 03.40 V5.3.0 (1996-07)", "ETSI GTS GSM 03.40 V5.3.0 (1996-07)", "ETSI", "foreign", 1996, None, ()),
    ("ETSI ETS 300 011/A1 ed.1 (1994-12)", "ETSI ETS 300 011/A1 ed.1 (1994-12)", "ETSI", "foreign", 1994, None, ("/A1",)),
    ("ETSI ETS 300 184/C1 ed.1 (1993-09)", "ETSI ETS 300 184/C1 ed.1 (1993-09)", "ETSI", "foreign", 1993, None, ("/C1",)),
    ("ETSI I-ETS 300 022-1 ed.2 (1998-03)", "ETSI I-ETS 300 022-1 ed.2 (1998-03)", "ETSI", "foreign", 1998, "1", ()),
    ("ETSI ETR 001 ed.1 (1990-08)", "ETSI ETR 001 ed.1 (1990-08)", "ETSI", "foreign", 1990, None, ()),
    # the draft form ETSI prints on its drafts (here applied to a real version)
    ("Draft ETSI EN 301 489-17 V3.3.1 (2024-09)", "Draft ETSI EN 301 489-17 V3.3.1 (2024-09)", "ETSI", "foreign", 2024, "17", ()),
    # CIE (international: an international standardising body recognised by ISO)
    ("CIE 015:2018", "CIE 015:2018", "CIE", "international", 2018, None, ()),
    ("CIE 15:2004", "CIE 15:2004", "CIE", "international", 2004, None, ()),
    ("CIE 018.2-1983", "CIE 018.2-1983", "CIE", "international", 1983, None, ()),
    ("CIE 13.3-1995", "CIE 13.3-1995", "CIE", "international", 1995, None, ()),
    ("CIE S 012/E:2004", "CIE S 012/E:2004", "CIE", "international", 2004, None, ()),
    ("CIE S 023/E:2013", "CIE S 023/E:2013", "CIE", "international", 2013, None, ()),
    ("CIE ISO 28077:2016", "CIE ISO 28077:2016", "CIE", "international", 2016, None, ()),
    ("CIE 224:2017", "CIE 224:2017", "CIE", "international", 2017, None, ()),
    ("CIE x046:2019", "CIE x046:2019", "CIE", "international", 2019, None, ()),
    ("CIE 191:2010", "CIE 191:2010", "CIE", "international", 2010, None, ()),
    # OIML (international: intergovernmental treaty organisation)
    ("OIML R 111-1:2004 (E)", "OIML R 111-1:2004", "OIML", "international", 2004, "1", ()),
    ("OIML R 106-1:2011 (D)", "OIML R 106-1:2011", "OIML", "international", 2011, "1", ()),
    ("OIML R 76-1:2006", "OIML R 76-1:2006", "OIML", "international", 2006, "1", ()),
    ("OIML R 137-1-2:2012", "OIML R 137-1-2:2012", "OIML", "international", 2012, "1-2", ()),
    ("OIML D 11:2013 (F)", "OIML D 11:2013", "OIML", "international", 2013, None, ()),
    ("OIML B 10-1:2004+Amendment:2006", "OIML B 10-1:2004+Amendment:2006", "OIML", "international", 2004, "1", ("+Amendment:2006",)),
    ("OIML G 1-100:2008 (E)", "OIML G 1-100:2008", "OIML", "international", 2008, "100", ()),
    ("OIML V 2-200:2012", "OIML V 2-200:2012", "OIML", "international", 2012, "200", ()),
    ("OIML R 102:1995 Annex B-C (F)", "OIML R 102:1995 Annex B-C", "OIML", "international", 1995, None, ()),
    ("oiml r 35-1:2007 (D)", "OIML R 35-1:2007", "OIML", "international", 2007, "1", ()),
    # amendments and corrigenda as national bodies write them
    ("ISO 9001:2015/AMENDMENT 1:2022", "ISO 9001:2015/Amd 1:2022", "ISO", "international", 2015, None, ("/Amd 1:2022",)),
    ("ISO 14001:2015/Amendment 1:2024", "ISO 14001:2015/Amd 1:2024", "ISO", "international", 2015, None, ("/Amd 1:2024",)),
    ("IEC 60335-1:2010/AMENDMENT 2:2016", "IEC 60335-1:2010/AMD2:2016", "IEC", "international", 2010, "1", ("/AMD2:2016",)),
    ("IEC 60335-1:2010/Cor1-2002", "IEC 60335-1:2010/Cor 1:2002", "IEC", "international", 2010, "1", ("/Cor 1:2002",)),
    ("IEC 60335-1:2010/Cor 1-2013", "IEC 60335-1:2010/Cor 1:2013", "IEC", "international", 2010, "1", ("/Cor 1:2013",)),
    ("ISO 2859-1:1999/Corrigendum 1:2001", "ISO 2859-1:1999/Cor 1:2001", "ISO", "international", 1999, "1", ("/Cor 1:2001",)),
    ("IEC 61010-1:2010/COR1-2011", "IEC 61010-1:2010/COR1:2011", "IEC", "international", 2010, "1", ("/COR1:2011",)),
    # joint ISO/IEC/IEEE with the IEEE dash year
    ("ISO/IEC/IEEE 12207-2017", "ISO/IEC/IEEE 12207:2017", "ISO/IEC/IEEE", "international", 2017, None, ()),
    ("ISO/IEC/IEEE 15288-2023", "ISO/IEC/IEEE 15288:2023", "ISO/IEC/IEEE", "international", 2023, None, ()),
    ("ISO/IEC/IEEE 8802-3-2017", "ISO/IEC/IEEE 8802-3:2017", "ISO/IEC/IEEE", "international", 2017, "3", ()),
    # drafts and redline
    ("ISO/DIS 45001", "ISO/DIS 45001", "ISO", "international", None, None, ()),
    ("ISO/FDIS 9001:2015", "ISO/FDIS 9001:2015", "ISO", "international", 2015, None, ()),
    ("IEC 60335-1:2020 RLV", "IEC 60335-1:2020 RLV", "IEC", "international", 2020, "1", ()),
    ("GB/T 19001-202X（征求意见稿）", "GB/T 19001-202X 征求意见稿", "GB", "national", None, None, ()),
    ("GB 4706.1-20XX", "GB 4706.1-20XX", "GB", "national", None, "1", ()),
    # draft stage words of the Chinese procedure (form examples)
    ("JB/T 10000 送审稿", "JB/T 10000 送审稿", "JB", "industry", None, None, ()),
    # enterprise food-safety standards (suffix S)
    ("Q/BBAH 0001S-2016", "Q/BBAH 0001S-2016", "Q/BBAH", "enterprise", 2016, None, ()),
    ("q/bbah 0001s—2016", "Q/BBAH 0001S-2016", "Q/BBAH", "enterprise", 2016, None, ()),
    ("Q/JSL 001-2020", "Q/JSL 001-2020", "Q/JSL", "enterprise", 2020, None, ()),
    # engineering construction
    ("JGJ 3-2010", "JGJ 3-2010", "JGJ", "industry", 2010, None, ()),
    ("JGJ/T 23-2011", "JGJ/T 23-2011", "JGJ", "industry", 2011, None, ()),
    ("JGJ 130-2011", "JGJ 130-2011", "JGJ", "industry", 2011, None, ()),
    ("CJJ 1-2008", "CJJ 1-2008", "CJJ", "industry", 2008, None, ()),
    ("CJJ/T 135-2009", "CJJ/T 135-2009", "CJJ", "industry", 2009, None, ()),
    ("JTG D60-2015", "JTG D60-2015", "JTG", "industry", 2015, None, ()),
    ("JTG/T F20-2015", "JTG/T F20-2015", "JTG", "industry", 2015, None, ()),
    ("JTG 3362-2018", "JTG 3362-2018", "JTG", "industry", 2018, None, ()),
    ("JTG F80/1-2017", "JTG F80/1-2017", "JTG", "industry", 2017, "1", ()),
    ("GBJ 16-87", "GBJ 16-1987", "GBJ", "national", 1987, None, ()),
    ("GB 50016-2014", "GB 50016-2014", "GB", "national", 2014, None, ()),
    ("GB 50016-2014（2018年版）", "GB 50016-2014", "GB", "national", 2014, None, ()),
    ("CECS 102:2002", "CECS 102:2002", "CECS", "group", 2002, None, ()),
    # metrology
    ("JJF 1059.1-2012", "JJF 1059.1-2012", "JJF", "national", 2012, "1", ()),
    ("JJG 1036-2008", "JJG 1036-2008", "JJG", "national", 2008, None, ()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "canonical", "publisher", "level", "year", "part", "amds"), FAMILY_CASES
)
def test_family_examples(
    text: str,
    canonical: str,
    publisher: str,
    level: str,
    year: int | None,
    part: str | None,
    amds: tuple[str, ...],
) -> None:
    d = parse(text)
    assert (d.canonical, d.publisher, d.level, d.year, d.part) == (
        canonical,
        publisher,
        level,
        year,
        part,
    )
    assert tuple(a.text for a in d.amendments) == amds
    assert parse(d.canonical).canonical == d.canonical


def test_at_least_sixty_family_cases() -> None:
    assert len(FAMILY_CASES) >= 60


def test_etsi_version_and_date() -> None:
    d = parse("ETSI EN 301 489-1 V2.2.3 (2019-11)")
    assert (d.prefix, d.number, d.doc_type, d.suffix) == ("ETSI EN", "301 489", "EN", "V2.2.3")
    assert d.key == parse("EN 301 489-1 V2.1.1").key == "ETSI EN 301 489-1"


def test_oiml_language_edition_is_not_identity() -> None:
    e, f, bare = (parse(f"OIML R 111-1:2004{s}") for s in (" (E)", " (F)", ""))
    assert e.canonical == f.canonical == bare.canonical == "OIML R 111-1:2004"
    assert (e.suffix, f.suffix, bare.suffix) == ("(E)", "(F)", None)


def test_cie_key_folds_leading_zeros_and_edition() -> None:
    assert parse("CIE 015:2018").key == parse("CIE 15:2004").key == "CIE 15"
    assert parse("CIE 018.2-1983").key == parse("CIE 018:2019").key == "CIE 18"


def test_enterprise_food_suffix() -> None:
    d = parse("Q/BBAH 0001S-2016")
    assert (d.number, d.suffix, d.base) == ("0001", "S", "Q/BBAH 0001S")


def test_drafts_have_a_stage_and_no_year() -> None:
    assert parse("GB/T 19001-202X（征求意见稿）").stage == "征求意见稿"
    assert parse("GB/T 19001-20XX").stage == "draft"
    assert parse("ISO/DIS 45001").stage == "DIS"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ISO 9001-2015", "ambiguous"),  # plain ISO: part or year, still not guessed
        ("JGJ 3 2010", "ambiguous"),
        ("XYZ 3-2010", "unknown_prefix"),
        ("OIML Q 12:2004", "unknown_prefix"),
        ("ETSI EN 301 489-1 V2.2", "trailing_garbage"),
        ("ETSI EN 301 489-1 V2.2.3 (2019-13)", "bad_year"),
        ("ISO 9001:2015/AMENDMENT one", "trailing_garbage"),
        ("Q/BBAH 0001SX-2016", "trailing_garbage"),
    ],
)
def test_unreadable_stays_an_error(text: str, code: str) -> None:
    with pytest.raises(DesignationError) as exc:
        parse(text)
    assert exc.value.code == code
    assert exc.value.message_zh and exc.value.message_en


@pytest.mark.parametrize(
    ("text", "adopted", "degree"),
    [
        ("GB/T 5702-2019/CIE 15:2004", "CIE 15:2004", "IDT"),
        ("JJG 539-2016 (OIML R 76-1:2006, MOD)", "OIML R 76-1:2006", "MOD"),
        ("GB/T 22450.1-2008/EN 301 489-1 V1.6.1", "ETSI EN 301 489-1 V1.6.1", "IDT"),
        ("YD/T 2583.14-2013 (ETSI EN 301 489-1 V1.9.2, MOD)", "ETSI EN 301 489-1 V1.9.2", "MOD"),
    ],
)
def test_adoptions_of_etsi_cie_oiml(text: str, adopted: str, degree: str) -> None:
    d = parse(text)
    assert [(a.designation, a.degree) for a in d.adoptions] == [(adopted, degree)]
