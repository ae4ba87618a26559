"""The standards a notification's text cites, and matching them against the standards an
enterprise declares it applies (the city's register), in memory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from biaozhun.core.alerting import family_state
from biaozhun.core.citations import MAX_CANDIDATES, cited_designations
from biaozhun.core.matching import STANDARD_SCORE, MatchIndex, Notification, Product, Profile


def test_citations_in_english_text_keep_edition_independent_keys():
    text = (
        "Household appliances shall comply with EN 60335-1:2012 and EN 62233:2008; "
        "toys with ASTM F963-17 (section 4). See Regulation (EU) 2019/1020, No. 2019."
    )
    assert cited_designations(text) == {
        "EN 60335-1": "EN 60335-1:2012",
        "EN 62233": "EN 62233:2008",
        "ASTM F963": "ASTM F963-17",
    }


def test_citations_in_chinese_text_include_group_and_enterprise_standards():
    text = "玩具应符合 GB 6675.1-2014《玩具安全》、团体标准 T/CAS 115-2005 和企业标准 Q/BBAH 0001S-2016。"
    assert list(cited_designations(text)) == ["GB 6675.1", "T/CAS 115", "Q/BBAH 0001S"]


def test_no_citation_is_guessed():
    assert cited_designations("") == {}
    assert cited_designations("Regulation (EU) 2019/1020 of 20 June 2019, Article 4") == {}
    assert cited_designations("ABC 123 and XYZ 4-5") == {}


def test_a_long_text_reads_a_bounded_number_of_candidates():
    text = " ".join(f"ISO {1000 + i}" for i in range(MAX_CANDIDATES + 50))
    assert len(cited_designations(text)) == MAX_CANDIDATES


def _index(*profiles):
    return MatchIndex.build(profiles, {"EU": {"EU", "DEU", "FRA"}})


def test_a_cited_standard_matches_the_enterprise_that_applies_it_with_its_reason():
    applies = Profile(
        1,
        (Product("940510", keywords=("灯具",)),),
        {"EU": 0.5},
        standards=(("EN 60598-1", "EN 60598-1:2015"),),
    )
    other = Profile(2, (Product("940510"),), {"EU": 0.5})
    no_market = Profile(3, (), {"USA": 1.0}, standards=(("EN 60598-1", "EN 60598-1:2015"),))
    index = _index(applies, other, no_market)
    found = index.match(
        Notification("DEU", standards=(("EN 60598-1", "EN 60598-1:2021"),)),
    )
    assert [m.enterprise_id for m in found] == [1]  # the market gate still applies
    assert ("cites_declared_standard", "EN 60598-1:2021 = EN 60598-1:2015") in found[0].reasons
    assert found[0].score == round(STANDARD_SCORE * (0.5 + 0.5 * 0.5), 6)


def test_a_citation_adds_to_a_code_match_and_leaves_the_index_on_removal():
    profile = Profile(7, (Product("940510"),), {"EU": None}, standards=(("EN 62471", "EN 62471"),))
    index = _index(profile)
    by_code = index.match(Notification("EU", hs_codes=("940510",)))[0].score
    both = index.match(
        Notification("EU", hs_codes=("940510",), standards=(("EN 62471", "EN 62471:2008"),))
    )[0]
    assert both.score == by_code  # HS 1.0 already: the noisy-or cannot exceed it
    assert {code for code, _ in both.reasons} >= {"hs_prefix", "cites_declared_standard"}
    assert index.stats()["standard_keys"] == 1
    index.update(Profile(7, (Product("940510"),), {"EU": None}))
    assert index.stats()["standard_keys"] == 0
    assert not index.match(Notification("EU", standards=(("EN 62471", "EN 62471:2008"),)))


@dataclass
class Doc:
    pk: int
    kind: str = "regular"
    parent_id: int | None = None
    member_code: str = "EU"
    distributed_on: date = date(2026, 11, 1)
    comment_deadline: date | None = None
    entry_into_force: date | None = None
    adoption_date: date | None = None
    hs_codes: tuple[str, ...] = ()
    ics_codes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    hs_headings: tuple[str, ...] = ()
    ics_predicted: tuple[str, ...] = ()
    title: str = ""
    title_zh: str = ""
    products_text: str = ""
    description: str = ""


def test_the_family_state_reads_citations_from_the_description_not_into_the_fingerprint():
    plain = Doc(1, title="Luminaires")
    citing = Doc(1, title="Luminaires", description="Conformity with EN 60598-1:2021 is presumed.")
    _, without = family_state([plain])
    _, state = family_state([citing])
    assert state.cited == (("EN 60598-1", "EN 60598-1:2021"),)
    assert state.for_matching().standards == state.cited
    assert state.fingerprint() == without.fingerprint()
