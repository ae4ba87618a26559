"""``biaozhun bench classification``: how well the text classifier of ``core.classify``
predicts the ICS field (``29``) and group (``29.140``) of a standard from its English title.

Protocol: the ICS model is built from the ICS titles and notes and the English and French titles
of ISO and IEC standards published **before 2020-01-01** (``data/iso/relaton_iso_extract.jsonl.gz``,
``data/iec/relaton_iec_extract.jsonl.gz``; at most ``per_group`` titles an ICS group, as
shipped); it is tested on a seeded sample of the standards published on or after 2020-01-01.
A prediction is right when it is one of the standard's ICS fields / groups (standards often
have several). Figures for every test title and for the "new" titles only (a title never seen
before 2020: not a new edition of an older standard), for the French titles of the same test
standards, the majority-class baseline, and the same model without any standards' titles (ICS
titles only). See docs/benchmarks/classification.md.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from datetime import date
from typing import Any

from biaozhun.bench import benchmark, percentiles

CUTOFF = date(2020, 1, 1)
SAMPLE = 3000
PER_GROUP = 200


def _accuracy(
    model: Any, tests: list[Any], *, field: bool, k: int = 3, french: bool = False
) -> tuple[float, float, list[float]]:
    from biaozhun.core.classify import tokens

    top1 = top3 = 0
    timings: list[float] = []
    for t in tests:
        truth = {c[:2] for c in t.ics} if field else {c[:6] for c in t.ics if len(c) >= 6}
        started = time.perf_counter()
        words = tokens(t.title_fr if french else t.title)
        if field:
            ranked = model.predict(words, k=len(model.log_prior))
            scores: dict[str, float] = {}
            for code, p in ranked:
                scores[code[:2]] = scores.get(code[:2], 0.0) + p
            labels = [c for c, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:k]]
        else:
            labels = [c for c, _ in model.predict(words, k=k)]
        timings.append((time.perf_counter() - started) * 1000)
        if labels and labels[0] in truth:
            top1 += 1
        if truth & set(labels):
            top3 += 1
    n = len(tests) or 1
    return round(top1 / n, 4), round(top3 / n, 4), timings


@benchmark("classification")
def run(sample: int = SAMPLE, per_group: int = PER_GROUP, seed: int = 2020) -> dict[str, Any]:
    from biaozhun.core import codes
    from biaozhun.core.classify import build_ics_model, standards_titles

    root = codes.default_data_dir()
    ics_tree = codes.load_ics(root)
    started = time.monotonic()
    titles = list(
        standards_titles(
            [
                root / "iso" / "relaton_iso_extract.jsonl.gz",
                root / "iec" / "relaton_iec_extract.jsonl.gz",
            ]
        )
    )
    read_s = time.monotonic() - started
    train = [t for t in titles if t.published < CUTOFF]
    seen = {t.title.casefold() for t in train}
    candidates = [
        t
        for t in titles
        if t.published >= CUTOFF and any(len(c) >= 6 and c[:6] in ics_tree.nodes for c in t.ics)
    ]
    rng = random.Random(seed)
    tests = rng.sample(candidates, min(sample, len(candidates)))
    new_tests = [t for t in tests if t.title.casefold() not in seen]
    print(
        f"classification: {len(train)} titles before {CUTOFF}, {len(candidates)} after; "
        f"testing {len(tests)} ({len(new_tests)} new titles)",
        file=sys.stderr,
    )
    started = time.monotonic()
    model = build_ics_model(ics_tree, train, before=CUTOFF, per_group=per_group)
    build_s = time.monotonic() - started
    baseline_model = build_ics_model(ics_tree, (), before=CUTOFF)

    f1, f3, timings = _accuracy(model, tests, field=True)
    g1, g3, g_timings = _accuracy(model, tests, field=False)
    nf1, nf3, _ = _accuracy(model, new_tests, field=True)
    ng1, ng3, _ = _accuracy(model, new_tests, field=False)
    fr_tests = [t for t in tests if t.title_fr]
    ff1, ff3, _ = _accuracy(model, fr_tests, field=True, french=True)
    fg1, fg3, _ = _accuracy(model, fr_tests, field=False, french=True)
    bf1, bf3, _ = _accuracy(baseline_model, tests, field=True)
    bg1, bg3, _ = _accuracy(baseline_model, tests, field=False)

    field_counts = Counter(c[:2] for t in train for c in t.ics)
    group_counts = Counter(c[:6] for t in train for c in t.ics if len(c) >= 6)
    top_field, top_group = field_counts.most_common(1)[0][0], group_counts.most_common(1)[0][0]
    maj_field = sum(1 for t in tests if top_field in {c[:2] for c in t.ics}) / (len(tests) or 1)
    maj_group = sum(1 for t in tests if top_group in {c[:6] for c in t.ics}) / (len(tests) or 1)
    return {
        "train_titles_before_2020": len(train),
        "test_titles_2020_on": len(tests),
        "test_new_titles": len(new_tests),
        "per_group": per_group,
        "ics_groups": len(model.log_prior),
        "field_top1": f1,
        "field_top3": f3,
        "group_top1": g1,
        "group_top3": g3,
        "new_titles_field_top1": nf1,
        "new_titles_field_top3": nf3,
        "new_titles_group_top1": ng1,
        "new_titles_group_top3": ng3,
        "test_french_titles": len(fr_tests),
        "french_field_top1": ff1,
        "french_field_top3": ff3,
        "french_group_top1": fg1,
        "french_group_top3": fg3,
        "ics_titles_only_field_top1": bf1,
        "ics_titles_only_field_top3": bf3,
        "ics_titles_only_group_top1": bg1,
        "ics_titles_only_group_top3": bg3,
        "majority_field_top1": round(maj_field, 4),
        "majority_group_top1": round(maj_group, 4),
        "read_s": round(read_s, 2),
        "build_s": round(build_s, 2),
        "group_predict": percentiles(g_timings),
        "field_predict": percentiles(timings),
    }
