from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from biaozhun.core.members import GROUPS, MemberRegistry, load_members
from biaozhun.core.wto_symbol import MEMBER_CODES

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def reg() -> MemberRegistry:
    return load_members(DATA)


def test_exactly_166(reg: MemberRegistry) -> None:
    assert len(reg) == 166
    assert len({m.code for m in reg}) == 166
    assert len({m.name_en for m in reg}) == 166
    assert len({m.name_zh for m in reg}) == 166


def test_symbol_codes_agree_with_wto_symbol_module(reg: MemberRegistry) -> None:
    assert reg.codes == MEMBER_CODES


def test_special_members(reg: MemberRegistry) -> None:
    tpkm = reg["TPKM"]
    assert tpkm.name_en == "Chinese Taipei"
    assert tpkm.name_en_official == (
        "Separate Customs Territory of Taiwan, Penghu, Kinmen and Matsu"
    )
    assert tpkm.name_zh == "中国台北"
    assert tpkm.member_since == date(2002, 1, 1)
    assert reg["HKG"].name_en == "Hong Kong, China"
    assert reg["HKG"].name_zh == "中国香港"
    assert reg["MAC"].name_en == "Macao, China"
    assert reg["MAC"].name_zh == "中国澳门"
    eu = reg["EU"]
    assert eu.name_en == "European Union"
    assert eu.name_zh == "欧盟"
    assert eu.original_member
    assert reg["CHN"].member_since == date(2001, 12, 11)
    assert reg["COM"].member_since == date(2024, 8, 21)
    assert reg["TLS"].member_since == date(2024, 8, 30)
    assert reg["AFG"].member_since == date(2016, 7, 29)
    assert reg["RUS"].member_since == date(2012, 8, 22)


def test_every_row_complete(reg: MemberRegistry) -> None:
    for m in reg:
        assert m.name_en and m.name_zh, m
        assert date(1995, 1, 1) <= m.member_since <= date(2026, 11, 30)
        assert set(m.groups) <= set(GROUPS), m
        if m.code not in ("EU", "TPKM"):
            assert m.iso_alpha3 == m.code
            assert len(m.iso_alpha2) == 2


def test_eu_expansion(reg: MemberRegistry) -> None:
    eu = reg.expand("EU")
    assert len(eu) == 28
    assert "EU" in eu
    assert {"DEU", "FRA", "ITA", "POL", "HRV"} <= eu
    assert "GBR" not in eu
    assert reg.expand("eec") == eu
    assert len(reg.group_members("EU")) == 27


def test_other_groups(reg: MemberRegistry) -> None:
    assert reg.expand("GCC") == {"ARE", "BHR", "KWT", "OMN", "QAT", "SAU"}
    assert reg.expand("USMCA") == {"USA", "MEX", "CAN"}
    assert reg.expand("EAEU") == {"ARM", "KAZ", "KGZ", "RUS"}
    assert {"ARG", "BRA", "PRY", "URY"} <= reg.expand("MERCOSUR")
    assert {"VNM", "THA", "IDN", "SGP"} <= reg.expand("ASEAN")
    # Canada is not the Andean Community
    assert reg.expand("CAN") == {"CAN"}
    assert reg.expand("ANDEAN") == {"BOL", "COL", "ECU", "PER"}
    assert reg.expand("FRA") == {"FRA"}
    assert reg.expand_all(["USA", "GCC"]) == {"USA", "ARE", "BHR", "KWT", "OMN", "QAT", "SAU"}
    gm = reg.group_map()
    assert gm["EU"] == reg.expand("EU")
    assert gm["EEC"] == gm["EU"]
    with pytest.raises(KeyError):
        reg.expand("XYZ")


def test_lookup_by_names_and_iso(reg: MemberRegistry) -> None:
    assert reg.get("中国台北") is reg["TPKM"]
    assert reg.get("chinese taipei") is reg["TPKM"]
    assert reg.get("TW") is reg["TPKM"]
    assert reg.get("Hong Kong, China") is reg["HKG"]
    assert reg.get("HK") is reg["HKG"]
    assert reg.get("欧盟") is reg["EU"]
    assert reg.get("European Union") is reg["EU"]
    assert reg.get("US") is reg["USA"]
    assert reg.get("ＵＳＡ") is reg["USA"]
    assert reg.get("Viet Nam") is reg["VNM"]
    assert reg.get("韩国") is reg["KOR"]
    assert reg.get("CA") is reg["CAN"]
    assert reg.get("Atlantis") is None
