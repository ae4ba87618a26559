from __future__ import annotations

from pathlib import Path

import pytest

from biaozhun.core import codes as c

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def hs() -> c.HsTree:
    return c.load_hs(DATA)


@pytest.fixture(scope="module")
def ics() -> c.IcsTree:
    return c.load_ics(DATA)


@pytest.fixture(scope="module")
def ccs() -> c.CcsMap:
    return c.load_ccs(DATA)


def test_default_data_dir() -> None:
    assert c.default_data_dir() == DATA


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("8504.40", "850440"),
        ("850440", "850440"),
        ("85.04", "8504"),
        ("85", "85"),
        (" 8504 40 00 ", "85044000"),
        ("8504.40.00.10", "8504400010"),
        ("HS 8504.40", "850440"),
        ("０３０２", "0302"),
        ("03-02", "0302"),
    ],
)
def test_normalize_hs(raw: str, norm: str) -> None:
    assert c.normalize_hs(raw) == norm
    assert c.is_valid_hs(raw)


@pytest.mark.parametrize(
    ("raw", "code"),
    [("", "hs_empty"), ("85a4", "hs_chars"), ("850", "hs_length"), ("8", "hs_length"),
     ("85044010123", "hs_length"), ("00", "hs_chapter"), ("８５ｘ", "hs_chars")],
)  # fmt: skip
def test_normalize_hs_invalid(raw: str, code: str) -> None:
    with pytest.raises(c.CodeError) as exc:
        c.normalize_hs(raw)
    assert exc.value.code == code
    assert exc.value.message_zh and exc.value.message_en
    assert not c.is_valid_hs(raw)


def test_hs_ancestors_and_overlap() -> None:
    assert c.hs_ancestors("8504.40.10") == ["85", "8504", "850440"]
    assert c.hs_ancestors("85") == []
    assert c.hs_overlap("85", "850440")
    assert c.hs_overlap("850440", "8504")
    assert not c.hs_overlap("8504", "8505")


def test_pad_hs6() -> None:
    assert c.pad_hs6("30110.0") == "030110"
    assert c.pad_hs6("848310.0") == "848310"
    assert c.pad_hs6("10121") == "010121"
    with pytest.raises(c.CodeError):
        c.pad_hs6("1234567")


def test_split_codes() -> None:
    assert c.split_codes("8504.40; 8504.90, 85，8539、9405") == [
        "8504.40",
        "8504.90",
        "85",
        "8539",
        "9405",
    ]


def test_hs_tree(hs: c.HsTree) -> None:
    assert len(hs.chapters()) == 96  # 01-97 without 77 (reserved)
    assert len(hs.sections) == 21
    assert hs.title("8504.40") == "Electrical static converters"
    node = hs.get("8504")
    assert node is not None and node.level == 4 and node.parent == "85"
    assert hs.section_of("850440") == "XVI"
    assert hs.sections["XI"] == "Textiles and textile articles"
    assert [n.code for n in hs.path("85044010")] == ["85", "8504", "850440"]
    assert hs.title("85044010") == "Electrical static converters"  # national line
    assert hs.exists("8504.40.10")
    assert not hs.exists("7700")
    assert not hs.exists("abc")
    assert "850440" in {n.code for n in hs.children("8504")}
    assert all(n.code.startswith("8504") for n in hs.subheadings_under("8504"))
    assert hs.get("99") is None  # "not specified" rows are skipped


@pytest.mark.parametrize(
    ("raw", "norm"),
    [("29.140.40", "29.140.40"), ("29 140 40", "29.140.40"), ("2914040", "29.140.40"),
     ("29.140", "29.140"), ("29140", "29.140"), ("29", "29"), ("ICS 29.140.40", "29.140.40"),
     ("２９．１４０", "29.140")],
)  # fmt: skip
def test_normalize_ics(raw: str, norm: str) -> None:
    assert c.normalize_ics(raw) == norm


@pytest.mark.parametrize("raw", ["", "2", "29.14", "29.140.4", "29.140.40.10", "ab.cde"])
def test_normalize_ics_invalid(raw: str) -> None:
    with pytest.raises(c.CodeError):
        c.normalize_ics(raw)
    assert not c.is_valid_ics(raw)


def test_ics_tree(ics: c.IcsTree) -> None:
    assert len(ics) == 1381
    assert len(ics.fields()) == 40
    assert ics.title("29.140.40") == "Luminaires"
    node = ics.get("29.140.40")
    assert node is not None and node.level == 3 and node.parent == "29.140"
    assert [n.code for n in ics.path("29.140.40")] == ["29", "29.140", "29.140.40"]
    assert c.ics_ancestors("29.140.40") == ["29", "29.140"]
    assert c.ics_overlap("29", "29.140.40")
    assert not c.ics_overlap("29.140", "29.120")
    assert any(n.notes for n in ics.nodes.values())


def test_ccs(ccs: c.CcsMap) -> None:
    assert c.normalize_ccs(" j13 ") == "J13"
    assert c.normalize_ccs("A00/09") == "A00/09"
    for bad in ("I10", "O10", "J1", "13", "JJ13"):
        with pytest.raises(c.CodeError):
            c.normalize_ccs(bad)
    assert len(c.CCS_CATEGORIES) == 24
    assert ccs.category("J13") == ("机械", "Machinery")
    assert "21.060" in ccs.ics_for("J13")
    assert ccs.range_of("A01") == "A00/09"
    assert len(ccs.codes()) > 1000
    assert "J13" in ccs.ccs_for_ics("21.060.10")


def test_ics_to_hs() -> None:
    m = c.load_ics_to_hs(DATA)
    assert sum(len(v) for v in m.values()) == 644
    assert all(len(h) == 6 and h.isdigit() for v in m.values() for h in v)
    assert "848310" in m["21.120.10"]
    assert "848310" in c.hs_for_ics(m, "21.120")
    rows = [{"ics": "67.120.30", "hs6": "30110.0"}, {"ics": "bad", "hs6": "1"}]
    assert c.parse_ics_to_hs(rows) == {"67.120.30": ("030110",)}


def test_sectors_constants(hs: c.HsTree, ics: c.IcsTree) -> None:
    industries = [s.slug for s in c.INDUSTRIES]
    assert industries == [
        "petrochemicals",
        "automobiles-ships",
        "machinery",
        "new-energy",
        "new-light-sources",
        "smart-grid",
        "software-it",
        "logistics",
        "agriculture",
        "services",
    ]
    assert [s.slug for s in c.EXPORT_GROUPS] == ["textiles", "electromechanical", "light-industry"]
    names = {s.slug: s.name_zh for s in c.SECTORS.values()}
    assert names["petrochemicals"] == "石油化工"
    assert names["software-it"] == "软件和信息服务"
    assert names["textiles"] == "纺织服装"
    # every prefix exists in the nomenclatures
    for s in c.SECTORS.values():
        assert s.rationale
        for p in s.hs_prefixes:
            assert p in hs, (s.slug, p)
        for p in s.ics_prefixes:
            assert p in ics, (s.slug, p)
        for p in s.ccs_prefixes:
            assert p in c.CCS_CATEGORIES
    textiles = c.SECTORS["textiles"]
    assert textiles.hs_prefixes == tuple(str(n) for n in range(50, 64))


def test_sectors_for_codes(ccs: c.CcsMap) -> None:
    assert c.sectors_for_hs("620342") == ["textiles"]
    assert set(c.sectors_for_hs("853951")) == {"new-light-sources", "electromechanical"}
    assert set(c.sectors_for_hs("8504.40")) >= {"smart-grid", "new-energy", "electromechanical"}
    assert "light-industry" in c.sectors_for_hs("950300")
    assert "agriculture" in c.sectors_for_hs("0302")
    assert "new-light-sources" not in c.sectors_for_hs("85")
    assert "new-light-sources" in c.sectors_for_hs("85", include_broader=True)
    assert c.sectors_for_ics("29.140.40") == ["new-light-sources", "electromechanical"]
    assert c.sectors_for_ics("03.080") == ["services"]
    assert "textiles" in c.sectors_for_ccs("W20")
    assert "machinery" in c.sectors_for_ccs("J13", ccs)


def test_classify() -> None:
    out = c.classify(["85", "bogus"], ["29.140.40"], ["W10"])
    assert "textiles" in out
    light = out["new-light-sources"]
    assert any(h.via == "ics" and not h.broader for h in light)
    assert any(h.via == "hs" and h.broader for h in light)
    strict = c.classify(["85"], include_broader=False)
    assert set(strict) == {"electromechanical"}
