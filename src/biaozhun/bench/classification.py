"""``biaozhun bench classification``: how well ``core.classify`` predicts ICS fields and groups
and HS chapters from text it has never seen, learner by learner.

Protocol (leak-free; see docs/benchmarks/classification.md):

* Standards (ISO and IEC, English and French titles, ``data/``) are split by **family** (the
  designation without part, edition, year: ``ISO 10303``): 10 % of families are test, 10 %
  calibration (softmax temperatures), 80 % training (:func:`corpus.split_of`). Test titles whose
  normalised text occurs in training are dropped.
* Learners: the old naive Bayes (baseline), TF-IDF + linear SVM by SGD ("text"), nearest neighbours
  over multilingual-e5-small vectors ("memory"), and the shipped ensemble.
* Test sets: English titles, French titles (seeded samples), their short (<= 6 words) and long
  (>= 12 words) halves, and **Chinese**: the Chinese names of HS headings
  (``data/classify/hs_zh.csv``), held out of the HS memory for this run, -> HS chapter and
  heading. HS chapters of standards: those whose ICS group the GTA ICS -> HS mapping covers.
* Corrections: for test families with several test titles, the first is "corrected" (its true
  groups put in the correction memory) and the others classified with and without it.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import numpy as np

from biaozhun.bench import benchmark, percentiles

SAMPLE_EN = 400
SAMPLE_FR = 200


def _topk(ranked: Sequence[str], truth: set[str]) -> tuple[int, int]:
    return int(bool(ranked) and ranked[0] in truth), int(bool(truth & set(ranked[:3])))


def _rate(hits: list[tuple[int, int]]) -> dict[str, float]:
    n = len(hits) or 1
    return {
        "top1": round(sum(h[0] for h in hits) / n, 3),
        "top3": round(sum(h[1] for h in hits) / n, 3),
        "n": len(hits),
    }


def _ranked(d: dict[str, float]) -> list[str]:
    return [k for k, _ in sorted(d.items(), key=lambda kv: -kv[1])[:3]]


def _evaluate(clf: Any, tests: list[Any], q: Any, **kw: bool) -> dict[str, dict[str, float]]:
    s = clf.scores([e.text for e in tests], q, **kw)
    a = clf.a
    field, group, chapter = [], [], []
    for r, e in enumerate(tests):
        groups = set(e.ics)
        field.append(_topk(_ranked(s.field[r]), {g[:2] for g in groups}))
        order = np.argsort(-s.group[r])[:3]
        group.append(_topk([a.groups[j] for j in order], groups))
        hs_truth = {h[:2] for g in groups for h in a.ics_to_hs.get(g, ())}
        if hs_truth:
            chapter.append(_topk(_ranked(s.chapter[r]), hs_truth))
    return {"ics_field": _rate(field), "ics_group": _rate(group), "hs_chapter": _rate(chapter)}


_NB: dict[int, Any] = {}


def _baseline(train: list[Any], tests: list[Any]) -> dict[str, dict[str, float]]:
    # a benchmark's dependencies load only when it runs
    from biaozhun.bench.classification_nb import StandardTitle, build_ics_model, tokens
    from biaozhun.core import codes

    if id(train) not in _NB:
        tree = codes.load_ics(codes.default_data_dir())
        titles = [
            StandardTitle(e.text, e.ics, date(2000, 1, 1)) for e in train if e.kind == "title"
        ]
        _NB.clear()
        _NB[id(train)] = build_ics_model(tree, titles)
    nb = _NB[id(train)]
    field, group = [], []
    for e in tests:
        ranked = nb.predict(tokens(e.text), k=len(nb.log_prior))
        f: dict[str, float] = defaultdict(float)
        for code, p in ranked:
            f[code[:2]] += p
        field.append(_topk(_ranked(f), {g[:2] for g in e.ics}))
        group.append(_topk([c for c, _ in ranked[:3]], set(e.ics)))
    return {"ics_field": _rate(field), "ics_group": _rate(group)}


@benchmark("classification")
def run(
    sample_en: int = SAMPLE_EN,
    sample_fr: int = SAMPLE_FR,
    seed: int = 2020,
    max_train: int | None = None,
    use_embedding: bool = True,
) -> dict[str, Any]:
    """``max_train``: train on a seeded sample of that many titles; ``use_embedding=False``:
    the text learners only (both for a quick check)."""
    # a benchmark's dependencies load only when it runs
    from biaozhun.core import embedding
    from biaozhun.core.classify import Classifier, Correction, CorrectionMemory, Item, corpus
    from biaozhun.core.classify import model as m
    from biaozhun.core.classify.text import normalise
    from biaozhun.core.classify.vectors import EmbeddingCache

    started = time.monotonic()
    standards = corpus.standards()
    ics_texts = corpus.ics_texts()
    hs_texts = corpus.hs_texts()
    train = [e for e in standards if corpus.split_of(e.family) == "train"]
    if max_train is not None and len(train) > max_train:
        train = sorted(random.Random(seed).sample(train, max_train), key=lambda e: e.family)
    seen = {normalise(e.text) for e in train}
    pool = [
        e
        for e in standards
        if corpus.split_of(e.family) == "test" and normalise(e.text) not in seen
    ]
    rng = random.Random(seed)
    en = [e for e in pool if e.lang == "en"]
    fr = [e for e in pool if e.lang == "fr"]
    en = rng.sample(en, min(sample_en, len(en)))
    fr = rng.sample(fr, min(sample_fr, len(fr)))
    cal_sample = corpus.calibration_sample(standards)
    zh_heads = [e for e in hs_texts if e.lang == "zh" and len(e.hs[0]) == 4]
    hs_train = [e for e in hs_texts if not (e.lang == "zh" and len(e.hs[0]) == 4)]
    print(
        f"classification: {len(train)} training titles, {len(pool)} test titles "
        f"({len(en)} en, {len(fr)} fr sampled), {len(zh_heads)} Chinese HS headings",
        file=sys.stderr,
    )
    out: dict[str, Any] = {
        "training_titles": len(train),
        "test_pool_titles": len(pool),
        "families_train": len({e.family for e in train}),
    }
    examples = [*train, *ics_texts]
    embed: Callable[[Sequence[str], str], Any] | None = None
    if use_embedding and embedding.available():
        cache = EmbeddingCache()

        def embed_cached(texts: Sequence[str], kind: str) -> Any:
            return cache.get(list(texts), "query" if kind == "query" else "passage", progress=True)

        embed = embed_cached

    t0 = time.monotonic()
    artefact = m.train(
        examples,
        embed,
        hs_examples=hs_train,
        ics_to_hs=corpus.ics_to_hs_headings(),
        calibrate=cal_sample,
        with_text=False,
    )
    out["train_memory_s"] = round(time.monotonic() - t0, 1)
    # corrections: a corrected title teaches the next titles of its family
    by_family: dict[str, list[Any]] = defaultdict(list)
    for e in pool:
        if e.lang == "en":
            by_family[e.family].append(e)
    fams = sorted(f for f, items in by_family.items() if len(items) >= 2)
    fams = random.Random(seed + 2).sample(fams, min(80, len(fams)))
    memory_items = [
        Correction(by_family[f][0].text, {"ics_predicted": list(by_family[f][0].ics)}, f)
        for f in fams
    ]
    queries = [e for f in fams for e in by_family[f][1:3]]
    if embed is not None:  # every query once, before the text model is loaded
        embed(
            [e.text for e in (*en, *fr, *zh_heads, *queries)] + [c.text for c in memory_items],
            "query",
        )
    t0 = time.monotonic()
    groups = sorted({g for e in examples for g in e.ics if len(g) == 6})
    if max_train is None:
        # a benchmark's dependencies load only when it runs
        from biaozhun.core.classify import text_model

        text = text_model()  # the shipped model, trained on the training families
    else:
        text = m.train_text(examples, groups)
    out["train_text_s"] = round(time.monotonic() - t0, 1)

    artefact.text = text
    text.temperature = m.fit_temperature(
        text.scores([e.text for e in cal_sample]),
        [{text.groups.index(g) for g in e.ics if g in text.groups} or {0} for e in cal_sample],
        (0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.8),
    )
    out["temperatures"] = {
        "text": text.temperature,
        "memory": artefact.ics_memory.temperature if artefact.ics_memory else None,
    }
    clf = Classifier(artefact, embed)
    sets = {
        "en": en,
        "fr": fr,
        "en_short": [e for e in en if len(e.text.split()) <= 6],
        "en_long": [e for e in en if len(e.text.split()) >= 12],
    }
    results: dict[str, Any] = {}
    for name, tests in sets.items():
        q = clf.query_vectors([e.text for e in tests]) if embed is not None else None
        row: dict[str, Any] = {"baseline_nb": _baseline(train, tests)}
        row["text"] = _evaluate(clf, tests, None, use_memory=False)
        if q is not None:
            row["memory"] = _evaluate(clf, tests, q, use_text=False)
            row["ensemble"] = _evaluate(clf, tests, q)
        results[name] = row
    if embed is not None:
        q = clf.query_vectors([e.text for e in zh_heads])
        s = clf.scores([e.text for e in zh_heads], q)
        ch = [_topk(_ranked(s.chapter[r]), {e.hs[0][:2]}) for r, e in enumerate(zh_heads)]
        hd = [_topk(_ranked(s.heading[r]), {e.hs[0]}) for r, e in enumerate(zh_heads)]
        results["zh_hs_headings"] = {"hs_chapter": _rate(ch), "hs_heading": _rate(hd)}

        memory = CorrectionMemory.build(memory_items, embed)
        without, with_ = [], []
        for e in queries:
            r0 = clf.classify(Item(text=e.text))
            r1 = clf.classify(Item(text=e.text), memory)
            without.append(_topk([p.code for p in r0.ics], set(e.ics)))
            with_.append(_topk([p.code for p in r1.ics], set(e.ics)))
        results["corrections"] = {
            "ics_group_without": _rate(without),
            "ics_group_with": _rate(with_),
        }
    # latency as the platform sees it: the query embedded for real, not read from the cache
    from biaozhun.core import classify as core_classify

    live = Classifier(artefact, core_classify._embed if embed is not None else None)  # type: ignore[arg-type]
    timings, cpu, text_only = [], [], []
    for e in en[:60]:
        t, c = time.perf_counter(), time.process_time()
        live.classify(Item(text=e.text))
        timings.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        t = time.perf_counter()
        text.proba([e.text])
        text_only.append((time.perf_counter() - t) * 1000)
    # short Chinese texts, as an exporter types a product name (the held-out heading names)
    zh_timings, zh_cpu = [], []
    for e in zh_heads[:60]:
        t, c = time.perf_counter(), time.process_time()
        live.classify(Item(text=e.text))
        zh_timings.append((time.perf_counter() - t) * 1000)
        zh_cpu.append((time.process_time() - c) * 1000)
    out["results"] = results
    out["classify_latency"] = percentiles(timings)
    out["classify_cpu"] = percentiles(cpu)
    out["classify_latency_zh_short"] = percentiles(zh_timings)
    out["classify_cpu_zh_short"] = percentiles(zh_cpu)
    out["text_model_latency"] = percentiles(text_only)
    out["load_average"] = round(os.getloadavg()[0], 2)
    out["wall_s"] = round(time.monotonic() - started, 1)
    return out
