from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from biaozhun.bench.population import synthetic_notifications, synthetic_population
from biaozhun.core.matching import (
    Match,
    MatchIndex,
    Notification,
    Product,
    Profile,
    text_terms,
)
from biaozhun.core.members import load_members

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def groups() -> dict[str, frozenset[str]]:
    return load_members(DATA).group_map()


def _profiles() -> list[Profile]:
    return [
        # converters to Germany (35 %) and the USA
        Profile("conv-de", (Product("850440", keywords=("逆变器",)),), {"DEU": 0.35, "USA": 0.65}),
        # converters declared only at heading level, exporting to "EU"
        Profile("conv-eu-4", (Product("85.04"),), {"EU": 0.8, "JPN": 0.2}),
        # lamps to France, share unknown
        Profile("lamp-fr", (Product("8539.52", ics=("29.140.40",)),), {"FRA": None}),
        # textiles to Japan only
        Profile("shirt-jp", (Product("620520", keywords=("衬衫", "shirt")),), {"JPN": 1.0}),
        # national 10-digit line, all markets
        Profile("conv-all", (Product("8504409100"),), {}, all_markets=True),
        # declared at chapter level, to Viet Nam via ASEAN
        Profile("elec-asean", (Product("85"),), {"ASEAN": 1.0}),
    ]


@pytest.fixture
def index(groups: dict[str, frozenset[str]]) -> MatchIndex:
    return MatchIndex.build(_profiles(), groups)


def ids(matches: list[Match]) -> list[object]:
    return [m.enterprise_id for m in matches]


def test_eu_notification_hits_member_states_and_eu(index: MatchIndex) -> None:
    res = index.match(Notification("EU", hs_codes=("8504.40",)))
    got = {m.enterprise_id: m for m in res}
    assert set(got) == {"conv-de", "conv-eu-4", "conv-all"}
    de = got["conv-de"]
    assert ("hs_prefix", "850440 = 850440") in de.reasons
    assert ("market", "DEU 35%") in de.reasons
    # product declared more broadly (8504) ranks below the exact product
    eu4 = got["conv-eu-4"]
    assert ("hs_broader", "8504 ⊃ 850440") in eu4.reasons
    assert ("market", "EU 80%") in eu4.reasons
    assert ("all_markets", "exports to all markets") in got["conv-all"].reasons
    assert res == sorted(res, key=lambda m: -m.score)
    assert all(0 < m.score <= 1 for m in res)


def test_chapter_notification_hits_specific_products(index: MatchIndex) -> None:
    res = index.match(Notification("EU", hs_codes=("85",)))
    got = {m.enterprise_id: m for m in res}
    assert {"conv-de", "conv-eu-4", "lamp-fr", "conv-all"} <= set(got)
    assert ("hs_prefix", "85 ⊂ 850440") in got["conv-de"].reasons
    assert "shirt-jp" not in got
    assert "elec-asean" not in got  # market differs


def test_exact_beats_broader(groups: dict[str, frozenset[str]]) -> None:
    idx = MatchIndex.build(
        [
            Profile("exact", (Product("850440"),), {"USA": 0.5}),
            Profile("heading", (Product("8504"),), {"USA": 0.5}),
            Profile("chapter", (Product("85"),), {"USA": 0.5}),
        ],
        groups,
    )
    res = idx.match(Notification("USA", hs_codes=("850440",)))
    assert ids(res) == ["exact", "heading", "chapter"]
    assert res[0].score > res[1].score > res[2].score


def test_specific_notification_beats_chapter_notification(index: MatchIndex) -> None:
    six = {m.enterprise_id: m.score for m in index.match(Notification("USA", ("850440",)))}
    two = {m.enterprise_id: m.score for m in index.match(Notification("USA", ("85",)))}
    assert six["conv-de"] > two["conv-de"]


def test_market_must_match(index: MatchIndex) -> None:
    assert ids(index.match(Notification("KOR", hs_codes=("620520",)))) == []
    assert ids(index.match(Notification("JPN", hs_codes=("620520",)))) == ["shirt-jp"]
    # a French notification hits the exporter to "EU" and to France, not to Germany
    fr = set(ids(index.match(Notification("FRA", hs_codes=("85",)))))
    assert fr == {"conv-eu-4", "lamp-fr", "conv-all"}
    # ASEAN group expanded on the profile side
    assert "elec-asean" in ids(index.match(Notification("VNM", hs_codes=("8504",))))


def test_shares_weight_the_score(groups: dict[str, frozenset[str]]) -> None:
    idx = MatchIndex.build(
        [
            Profile("big", (Product("940540"),), {"USA": 0.9}),
            Profile("small", (Product("940540"),), {"USA": 0.05}),
            Profile("unknown", (Product("940540"),), {"USA": None}),
            Profile("all", (Product("940540"),), {}, all_markets=True),
        ],
        groups,
    )
    res = idx.match(Notification("USA", ("9405.40",)))
    scores = {m.enterprise_id: m.score for m in res}
    assert scores["big"] == pytest.approx(0.95)
    assert scores["small"] == pytest.approx(0.525)
    assert scores["unknown"] == pytest.approx(0.75)
    assert scores["all"] == pytest.approx(0.6)
    assert ids(res)[0] == "big"


def test_eu_shares_not_double_counted(groups: dict[str, frozenset[str]]) -> None:
    idx = MatchIndex.build(
        [Profile("e", (Product("8504"),), {"EU": 0.2, "DEU": 0.1, "USA": 0.7})], groups
    )
    (m,) = idx.match(Notification("EU", ("8504",)))
    assert m.score == pytest.approx(0.9 * (0.5 + 0.5 * 0.3))  # heading-level notification
    assert ("market", "DEU 10%; EU 20%") in m.reasons


def test_ics_and_keywords(index: MatchIndex) -> None:
    res = index.match(Notification("FRA", ics_codes=("29.140",)))
    assert ids(res) == ["lamp-fr"]
    assert ("ics", "29.140 ⊂ 29.140.40") in res[0].reasons
    # keyword in text, weaker than HS
    res = index.match(Notification("JPN", text="关于男式衬衫标签的技术法规"))
    assert ids(res) == ["shirt-jp"]
    assert res[0].reasons[0] == ("keywords", "衬衫")
    assert res[0].score == pytest.approx(0.3)
    both = index.match(Notification("JPN", hs_codes=("6205",), keywords=("Shirt",)))
    assert both[0].score > index.match(Notification("JPN", hs_codes=("6205",)))[0].score


def test_limit_min_score_and_invalid_codes(index: MatchIndex) -> None:
    res = index.match(Notification("EU", hs_codes=("85", "bogus", "123")), limit=2)
    assert len(res) == 2
    assert all(m.score >= 0.5 for m in index.match(Notification("EU", ("85",)), min_score=0.5))
    # an unknown member still reaches "all markets" exporters
    assert ids(index.match(Notification("XYZ", ("85",)))) == ["conv-all"]


def test_update_and_remove(index: MatchIndex) -> None:
    n = Notification("KOR", hs_codes=("620520",))
    # warm the market cache, then update: cache must follow
    assert index.match(n) == []
    index.update(Profile("shirt-jp", (Product("620520"),), {"KOR": 0.5, "JPN": 0.5}))
    assert ids(index.match(n)) == ["shirt-jp"]
    assert ids(index.match(Notification("JPN", text="衬衫"))) == []  # keywords replaced
    assert index.remove("shirt-jp")
    assert not index.remove("shirt-jp")
    assert index.match(n) == []
    assert "shirt-jp" not in index
    index.update(Profile("new", (Product("6205"),), {"KOR": 1.0}))
    assert ids(index.match(n)) == ["new"]
    assert len(index) == 6


def test_text_terms() -> None:
    t = text_terms("LED Lamps 灯具安全")
    assert {"led", "lamps", "led lamps", "灯具", "安全", "灯具安全"} <= t


def test_synthetic_population_is_deterministic(groups: dict[str, frozenset[str]]) -> None:
    with (DATA / "hs" / "harmonized-system.csv").open(encoding="utf-8") as fh:
        hs = [r["hscode"] for r in csv.DictReader(fh) if len(r["hscode"]) == 6]
    a = synthetic_population(200, 2000, 1, hs, ("29.140.40",))
    b = synthetic_population(200, 2000, 1, hs, ("29.140.40",))
    assert a == b
    assert len(a) == 200
    assert sum(len(p.products) for p in a) == 2000
    assert all(str(p.enterprise_id).startswith("SYN-") for p in a)
    for p in a:
        shares = [s for s in p.markets.values() if s is not None]
        if shares:
            assert sum(shares) == pytest.approx(1.0, abs=0.01)
    idx = MatchIndex.build(a, groups)
    notes = synthetic_notifications(50, 2, hs, ("29.140.40",))
    assert len(notes) == 50
    assert any(idx.match(n) for n in notes)


# ------------------------------------------------------------------ text similarity


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_text_score_is_zero_below_the_threshold_and_below_code_scores():
    from biaozhun.core.matching import TEXT_THRESHOLD, text_score

    assert text_score(TEXT_THRESHOLD - 0.001) == 0.0
    assert text_score(TEXT_THRESHOLD) == pytest.approx(0.35)
    assert text_score(0.9) == pytest.approx(0.55) and text_score(1.0) == pytest.approx(0.55)
    assert text_score(1.0) < 0.7  # weaker than the weakest HS code match (a chapter)


def test_text_similarity_alerts_only_described_lines_above_the_threshold():
    from biaozhun.core.matching import TEXT_THRESHOLD, MatchIndex, Notification, Product, Profile

    lamp = _unit(1, 0.2, 0)
    shirt = _unit(0, 1, 0.3)
    idx = MatchIndex.build(
        [
            Profile(1, (Product("9405", description="LED路灯", vector=lamp),), {"USA": None}),
            Profile(2, (Product("6109", description="纯棉针织T恤", vector=shirt),), {"USA": None}),
            Profile(3, (Product("9405"),), {"USA": None}),  # no description vector
            Profile(4, (Product("9405", description="LED路灯", vector=lamp),), {"JPN": None}),
        ]
    )
    assert idx.has_text and idx.stats()["described_lines"] == 3
    query = _unit(1, 0.25, 0)
    assert float(query @ lamp) >= TEXT_THRESHOLD > float(query @ shirt)
    found = idx.match(Notification("USA", ("8539",), vector=query))
    assert [m.enterprise_id for m in found] == [1]  # market gate keeps 4 out
    (code, detail), market = found[0].reasons[0], found[0].reasons[-1]
    assert code == "text_similarity" and detail.endswith("LED路灯") and market[0] == "market"
    # a notification's parts (title, products covered): the best part counts
    parts = np.vstack([_unit(0, 0, 1), query])
    assert [m.enterprise_id for m in idx.match(Notification("USA", vector=parts))] == [1]
    # without the notification's vector: codes only, nothing here
    assert idx.match(Notification("USA", ("8539",))) == []
    # code and text together beat code alone
    both = {
        m.enterprise_id: m.score for m in idx.match(Notification("USA", ("9405",), vector=query))
    }
    assert both[1] > both[3]
    # removing / updating a profile rebuilds the matrix
    idx.update(Profile(1, (Product("9405", description="x", vector=shirt),), {"USA": None}))
    assert idx.match(Notification("USA", ("8539",), vector=query)) == []
    idx.remove(2)
    idx.remove(1)
    idx.remove(4)
    assert not idx.has_text
