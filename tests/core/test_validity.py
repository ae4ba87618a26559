"""biaozhun.core.validity: every outcome of 标准查新, plain and property tests."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from biaozhun.core.designation import parse
from biaozhun.core.validity import (
    OUTCOMES,
    Edition,
    MemoryCatalogue,
    NearestIndex,
    check_line,
    check_lines,
    edition_canonical,
    summarize,
)


def ed(canonical: str, status: str, replaced_by: str | None = None, **fields: object) -> Edition:
    d = parse(canonical)
    return Edition(
        canonical=d.canonical,
        key=d.key,
        status=status,
        year=d.year,
        replaced_by=replaced_by,
        source=str(fields.pop("source", "cn_platform")),
        **fields,  # type: ignore[arg-type]
    )


CATALOGUE = MemoryCatalogue(
    [
        ed("GB/T 1.1-2009", "replaced", "GB/T 1.1-2020", title_zh="标准化工作导则"),
        ed("GB/T 1.1-2020", "current", title_zh="标准化工作导则 第1部分"),
        ed("GB/T 19001-2008", "replaced", "GB/T 19001-2016"),
        ed("GB/T 19001-2016", "current"),
        ed("GB/T 19001-2000", "replaced", "GB/T 19001-2008"),
        ed("GB 2762-2017", "replaced", "GB 2762-2022"),
        ed("GB 2762-2022", "current", implemented_on=date(2023, 6, 30)),
        ed("GB 9999-2025", "upcoming", implemented_on=date(2027, 1, 1)),
        ed("GB 1234-2008", "withdrawn", withdrawn_on=date(2017, 3, 23)),
        ed("GB/T 5678-2010", "withdrawn", "GB/T 35678-2020", withdrawn_on=date(2020, 10, 1)),
        ed("GB/T 35678-2020", "current"),
        ed("ISO 9001:2015", "current", source="iso"),
        ed("ISO 9001:2008", "replaced", "ISO 9001:2015", source="iso"),
        ed("JB/T 7777-2012", "replaced"),  # no replaced_by link: found by key
        ed("JB/T 7777-2023", "current"),
        ed("HG/T 4000-2015", "current"),
        ed("HG/T 4000-2025", "upcoming", implemented_on=date(2027, 5, 1)),
        ed("T/CAS 100-2019", "current"),
        ed("T/CAS 100-2021", "current"),  # two current editions: undated is ambiguous
        ed("DB3210/T 1001-2019", "replaced", "DB3210/T 1001-2024"),
        ed("DB3210/T 1001-2024", "upcoming", implemented_on=date(2027, 2, 1)),
        ed("SJ/T 11000-2000", "withdrawn", withdrawn_on=date(2010, 1, 1)),
    ]
)


def one(text: str):
    return check_line(CATALOGUE, 1, text)


def test_current_dated_and_messy():
    for text in ("GB/T 19001-2016", "gbt19001—2016", "ＧＢ／Ｔ 19001-2016 质量管理体系 要求"):
        result = one(text)
        assert result.outcome == "current", text
        assert result.edition and result.edition.canonical == "GB/T 19001-2016"
        assert result.chain == () and not result.undated
        assert "现行" in result.message_zh and "Current" in result.message_en


def test_replaced_with_the_whole_chain_to_today():
    result = one("GB/T 19001-2000")
    assert result.outcome == "replaced"
    assert [e.canonical for e in result.chain] == ["GB/T 19001-2008", "GB/T 19001-2016"]
    assert result.latest and result.latest.canonical == "GB/T 19001-2016"
    assert "GB/T 19001-2000 → GB/T 19001-2008 → GB/T 19001-2016" in result.message_zh


def test_replaced_without_link_finds_the_newer_edition_by_key():
    result = one("JB/T 7777-2012")
    assert result.outcome == "replaced"
    assert [e.canonical for e in result.chain] == ["JB/T 7777-2023"]


def test_replaced_by_an_upcoming_edition():
    result = one("DB3210/T 1001-2019")
    assert result.outcome == "replaced"
    assert result.latest and result.latest.status == "upcoming"
    assert "即将实施" in result.message_zh


def test_withdrawn_with_and_without_successor():
    alone = one("GB 1234-2008")
    assert alone.outcome == "withdrawn" and alone.chain == ()
    assert "2017-03-23" in alone.message_zh and "without successor" in alone.message_en
    followed = one("GB/T 5678-2010")
    assert followed.outcome == "withdrawn"
    assert [e.canonical for e in followed.chain] == ["GB/T 35678-2020"]
    assert "superseded by GB/T 35678-2020" in followed.message_en


def test_upcoming():
    result = one("GB 9999-2025")
    assert result.outcome == "upcoming" and "2027-01-01" in result.message_zh


def test_undated_reference_resolves_to_todays_edition():
    result = one("GB/T 1.1")
    assert result.outcome == "current" and result.undated
    assert result.edition and result.edition.canonical == "GB/T 1.1-2020"
    assert "today's edition GB/T 1.1-2020" in result.message_en
    news = one("HG/T 4000")
    assert news.outcome == "current" and "HG/T 4000-2025" in news.message_zh


def test_undated_reference_with_only_old_editions_follows_the_chain():
    result = one("SJ/T 11000")
    assert result.outcome == "withdrawn" and result.undated


def test_undated_reference_matching_two_current_editions_is_ambiguous():
    result = one("T/CAS 100")
    assert result.outcome == "ambiguous" and result.reason_code == "several_current"
    assert {c.designation for c in result.candidates} == {"T/CAS 100-2019", "T/CAS 100-2021"}


def test_parser_ambiguity_lists_candidates_with_their_status():
    result = one("GB 1234 2008")
    assert result.outcome == "ambiguous" and result.reason_code == "ambiguous"
    assert result.candidates[0].designation == "GB 1234-2008"
    assert result.candidates[0].status == "withdrawn"


def test_not_found_suggests_other_editions_then_nearest():
    result = one("GB/T 19001-2015")
    assert result.outcome == "not_found"
    assert result.suggestions[0] == "GB/T 19001-2016"
    unknown = one("GB/T 19002-2016")
    assert unknown.outcome == "not_found"
    assert "GB/T 19001-2016" in unknown.suggestions
    assert one("GB/T 88888-2016").suggestions == ()


def test_invalid_gives_the_parsers_reason():
    result = one("XYZ 12")
    assert result.outcome == "invalid" and result.reason_code == "unknown_prefix"
    assert result.message_zh and result.message_en


def test_amendment_not_listed_is_checked_as_its_base_edition():
    d = parse("ISO 9001:2015/Amd 1:2024")
    assert edition_canonical(d) == "ISO 9001:2015"
    result = one("ISO 9001:2015/Amd 1:2024")
    assert result.outcome == "current" and result.edition
    assert result.edition.canonical == "ISO 9001:2015"
    assert "基础版本" in result.message_zh


def test_old_two_digit_year():
    # GB 2762-17 is read as 2017 by the parser
    assert one("GB 2762-17").outcome == "replaced"


def test_chain_cycle_is_guarded():
    looped = MemoryCatalogue(
        [ed("GB 1-2000", "replaced", "GB 1-2010"), ed("GB 1-2010", "replaced", "GB 1-2000")]
    )
    result = check_line(looped, 1, "GB 1-2000")
    assert result.outcome == "replaced"
    assert [e.canonical for e in result.chain] == ["GB 1-2010"]


def test_check_lines_skips_blank_lines_and_keeps_numbers():
    results = check_lines(CATALOGUE, [(1, "GB/T 1.1-2020"), (2, "   "), (3, "XYZ"), (4, "")])
    assert [r.line for r in results] == [1, 3]
    counts = summarize(results)
    assert set(counts) == set(OUTCOMES) and counts["current"] == 1 and counts["invalid"] == 1


def test_every_outcome_is_covered_by_the_fixture():
    lines = [
        "GB/T 19001-2016",
        "GB 9999-2025",
        "GB/T 19001-2008",
        "GB 1234-2008",
        "GB/T 19001-2015",
        "GB 1234 2008",
        "not a standard",
    ]
    outcomes = [r.outcome for r in check_lines(CATALOGUE, enumerate(lines, 1))]
    assert outcomes == list(OUTCOMES)


def test_nearest_index_uses_buckets():
    index = NearestIndex(["GB/T 19001-2016", "ISO 9001:2015", "GB/T 2828.1-2012"])
    assert index.size == 3
    assert index.nearest("GB/T 19001-2017", 3)[0] == "GB/T 19001-2016"
    assert index.nearest("nothing", 3) == []


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gets_an_outcome_and_a_json_result(text: str):
    result = check_line(CATALOGUE, 7, text)
    assert result.outcome in OUTCOMES
    data = json.loads(json.dumps(result.as_dict()))
    assert data["line"] == 7 and data["outcome"] == result.outcome
    assert data["message_zh"] and data["message_en"]


@st.composite
def edition_chains(draw: st.DrawFn) -> tuple[list[Edition], str]:
    number = draw(st.integers(1, 40000))
    prefix = draw(st.sampled_from(["GB", "GB/T", "JB/T", "DB32/T"]))
    years = sorted(draw(st.sets(st.integers(1990, 2026), min_size=1, max_size=6)))
    last = draw(st.sampled_from(["current", "upcoming", "withdrawn"]))
    names = [f"{prefix} {number}-{year}" for year in years]
    editions = [ed(name, "replaced", names[i + 1]) for i, name in enumerate(names[:-1])] + [
        ed(names[-1], last)
    ]
    return editions, last


@settings(max_examples=150, deadline=None)
@given(edition_chains(), st.data())
def test_every_edition_of_a_chain_leads_to_the_last_one(chain, data):
    editions, last_status = chain
    catalogue = MemoryCatalogue(editions)
    index = data.draw(st.integers(0, len(editions) - 1))
    result = check_line(catalogue, 1, editions[index].canonical)
    expected = {"current": "current", "upcoming": "upcoming", "withdrawn": "withdrawn"}
    if index == len(editions) - 1:
        assert result.outcome == expected[last_status] and result.chain == ()
    else:
        assert result.outcome == "replaced"
        assert [e.canonical for e in result.chain] == [e.canonical for e in editions[index + 1 :]]
        assert result.latest == editions[-1]
    undated = check_line(catalogue, 1, parse(editions[0].canonical).base)
    assert undated.undated
    assert undated.latest == editions[-1]


def test_amendments_and_drafts_are_not_todays_edition():
    catalogue = MemoryCatalogue(
        [
            ed("ISO 9001:2008", "replaced"),
            ed("ISO 9001:2015", "current"),
            ed("ISO 9001:2015/Amd 1:2024", "current"),
            ed("ISO/DIS 9001", "upcoming"),
            ed("IEC 60335-1:2010", "replaced"),
            ed("IEC 60335-1:2020", "current"),
            ed("IEC 60335-1:2020/ISH2:2025", "current"),
        ]
    )
    undated = check_line(catalogue, 1, "ISO 9001")
    assert undated.outcome == "current" and undated.edition
    assert undated.edition.canonical == "ISO 9001:2015"
    assert [e.canonical for e in check_line(catalogue, 2, "ISO 9001:2008").chain] == [
        "ISO 9001:2015"
    ]
    assert [e.canonical for e in check_line(catalogue, 3, "IEC 60335-1:2010").chain] == [
        "IEC 60335-1:2020"
    ]


def test_a_draft_named_as_successor_is_ignored():
    catalogue = MemoryCatalogue(
        [ed("ISO 14001:2004", "withdrawn", "ISO/DIS 14001"), ed("ISO/DIS 14001", "upcoming")]
    )
    result = check_line(catalogue, 1, "ISO 14001:2004")
    assert result.outcome == "withdrawn" and result.chain == ()


def test_iec_format_variants_are_one_edition():
    catalogue = MemoryCatalogue(
        [
            ed("IEC 60335-1:2010", "replaced"),
            ed("IEC 60335-1:2020 RLV", "current"),
            ed("IEC 60335-1:2020", "current"),
            ed("IEC 60335-1:2020 CMV", "current"),
        ]
    )
    undated = check_line(catalogue, 1, "IEC 60335-1")
    assert undated.outcome == "current" and undated.edition
    assert undated.edition.canonical == "IEC 60335-1:2020"
    chain = check_line(catalogue, 2, "IEC 60335-1:2010").chain
    assert [e.canonical for e in chain] == ["IEC 60335-1:2020"]
    only_variant = MemoryCatalogue(
        [ed("IEC 60601-1:2005", "replaced"), ed("IEC 60601-1:2020 CSV", "current")]
    )
    assert check_line(only_variant, 1, "IEC 60601-1:2005").chain[0].canonical == (
        "IEC 60601-1:2020 CSV"
    )


def test_suggestions_stay_within_the_publisher_family():
    from biaozhun.core.validity import publisher_family

    index = NearestIndex(
        [
            "ISO 638:2008",
            "ISO 2828:1973",
            "ISO 9001:2015",
            "ASTM D638-22",
            "GB/T 2828.1-2012",
            "GB 2828-1987",
            "GB/T 19001-2016",
            "ISO/IEC 27001:2022",
            "T/CAS 115-2005",
            "T/ABC 115-2020",
        ]
    )
    assert index.nearest("ASTM D638-14", 5) == ["ASTM D638-22"]
    gb = index.nearest("gbt 2828.1", 5)
    assert gb and all(s.startswith("GB") for s in gb)
    assert "ISO 2828:1973" not in gb
    # a GB that adopts an ISO standard may suggest ISO numbers
    assert "ISO 9001:2015" in index.nearest("GB/T 19001-2015/ISO 9001:2015", 5)
    assert "ISO 9001:2015" not in index.nearest("GB/T 19001-2015", 5)
    # joint publishers are one family with each of their members
    assert "ISO/IEC 27001:2022" in index.nearest("ISO 27001:2013", 5)
    # group standards of another body are not suggested
    assert index.nearest("T/CAS 115-2010", 5) == ["T/CAS 115-2005"]
    assert publisher_family("GB/T 1.1-2020") == publisher_family("GB 1.1") == {"GB"}
    assert publisher_family("ISO/TS 16949:2009") == {"ISO"}
    assert publisher_family("DB32/T 1234-2020") == {"DB32"}


def test_etsi_version_without_date_names_one_edition():
    catalogue = MemoryCatalogue(
        [
            ed(
                "ETSI EN 300 328 V1.9.1 (2015-02)",
                "replaced",
                replaced_by="ETSI EN 300 328 V2.2.2 (2019-07)",
            ),
            ed("ETSI EN 300 328 V2.2.2 (2019-07)", "current"),
        ]
    )
    old = check_line(catalogue, 1, "EN 300 328 V1.9.1")
    assert old.outcome == "replaced"
    assert check_line(catalogue, 2, "EN 300 328 V2.2.2").outcome == "current"
    missing = check_line(catalogue, 3, "ETSI EN 300 328 V2.1.1")
    assert missing.outcome == "not_found" and "V2.2.2" in missing.message_en
    assert check_line(catalogue, 4, "ETSI EN 300 328").undated
