"""Text (and given codes) -> ICS, HS headings, industries and export groups.

Evidence, strongest first:

1. **Codes given** by the notifying Member: HS headings (0.95), ICS codes (0.9); sectors
   through ``core.codes`` prefixes; HS headings through the GTA ICS -> HS mapping (<= 0.5).
2. **The desk's corrections**: when the text is nearly identical (cosine >= ``CORRECTION_MIN``
   of the multilingual vectors; without the model, the same normalised text) to a corrected
   notification's, the corrected codes are proposed (0.6-0.9) with the notification named;
   the models' guesses for a corrected field then rank below them.
3. **The trained models** (:mod:`.model`): the text model and the embedding memories,
   weighted by how much of the text the text model can read (its known words, no Chinese);
   their confidence is capped at ``TEXT_MAX`` (0.85), below codes given.

Reasons are written in both languages; the Chinese one names codes by their Chinese names
(:mod:`.names`), never by the English title.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from biaozhun.core import codes

from . import names
from .model import Array, Artefact
from .result import Best, Item, Prediction, Result
from .text import cjk_share, normalise, words

#: Predicted (not given) codes below this confidence give no industry or export group.
SECTOR_MIN = 0.2
#: Text predictions below this confidence are not shown.
TEXT_MIN = 0.05
#: The model's confidence never reaches that of codes the Member gave (0.9-0.95): a text is
#: weaker evidence than a code, however sure the model is.
TEXT_MAX = 0.85
#: Cosine from which a corrected text counts as "the same text".
CORRECTION_MIN = 0.95

Embed = Callable[[Sequence[str], str], Array]


@dataclass
class Correction:
    """A corrected notification: its text and the codes staff set, per field."""

    text: str
    fields: dict[str, list[str]]
    label: str  # e.g. the document symbol, shown in reasons


@dataclass
class CorrectionMemory:
    items: list[Correction] = field(default_factory=list)
    vecs: Array | None = None  # (n, dim) query vectors, or None without the model

    @classmethod
    def build(cls, items: list[Correction], embed: Embed | None) -> CorrectionMemory:
        vecs = embed([c.text for c in items], "query") if (embed and items) else None
        return cls(items, vecs)

    def nearest(self, text: str, q: Array | None) -> tuple[Correction, float] | None:
        if not self.items:
            return None
        if self.vecs is not None and q is not None:
            sims = self.vecs @ q
            i = int(np.argmax(sims))
            return self.items[i], float(sims[i])
        norm = normalise(text)
        for c in self.items:
            if normalise(c.text) == norm:
                return c, 1.0
        return None


@dataclass
class Scores:
    """Per-text model outputs (one row per text)."""

    group: Array  # (n, G) probabilities over ``artefact.groups``
    field: list[dict[str, float]]
    heading: list[dict[str, float]]
    chapter: list[dict[str, float]]
    text_part: Array  # (n, G) the text model's probabilities (zeros without it)
    mem_part: Array  # (n, G) the memory's
    weight: Array  # (n,) the text model's weight
    nearest_title: list[str]
    nearest_hs: list[dict[str, str]]


class Classifier:
    def __init__(self, artefact: Artefact, embed: Embed | None = None) -> None:
        self.a = artefact
        self.embed = embed
        self.hs_tree = names._hs_tree()
        self.ics_to_hs_raw = codes.load_ics_to_hs(codes.default_data_dir())
        g = artefact.groups
        self.fields = sorted({c[:2] for c in g})
        self._group_index = {c: i for i, c in enumerate(g)}
        self._mem_classes = [*g, *self.fields]
        self._hs_classes = [*artefact.headings, *sorted({h[:2] for h in artefact.headings})]
        if artefact.text is not None:
            cols = [self._group_index.get(c, -1) for c in artefact.text.groups]
            self._text_keep = np.array([i for i, c in enumerate(cols) if c >= 0])
            self._text_cols = np.array([c for c in cols if c >= 0])

    # ----------------------------------------------------------------- model scores

    def query_vectors(self, texts: Sequence[str]) -> Array | None:
        if self.embed is None or (self.a.ics_memory is None and self.a.hs_memory is None):
            return None
        return self.embed(list(texts), "query")

    def coverage(self, text: str) -> float:
        if self.a.text is None:
            return 0.0
        ws = words(text)
        if not ws:
            return 0.0
        return sum(1 for w in ws if w in self.a.text.vocabulary) / len(ws)

    def scores(
        self,
        texts: Sequence[str],
        q: Array | None = None,
        *,
        use_text: bool = True,
        use_memory: bool = True,
    ) -> Scores:
        n, g = len(texts), len(self.a.groups)
        if use_memory and q is None:
            q = self.query_vectors(texts)
        text_p = np.zeros((n, g), dtype=np.float32)
        if use_text and self.a.text is not None:
            text_p[:, self._text_cols] = self.a.text.proba(texts)[:, self._text_keep]
            cov = np.array([self.coverage(t) for t in texts], dtype=np.float32)
        else:
            cov = np.zeros(n, dtype=np.float32)
        cjk = np.array([cjk_share(t) for t in texts], dtype=np.float32)
        mem_full = np.zeros((n, len(self._mem_classes)), dtype=np.float32)
        nearest = [""] * n
        have_mem = use_memory and q is not None and self.a.ics_memory is not None
        if have_mem and self.a.ics_memory is not None and q is not None:
            mem_full, idx, _ = self.a.ics_memory.proba(q, self._mem_classes)
            nearest = [self.a.ics_memory.texts[int(idx[r, 0])] for r in range(n)]
        weight = 0.8 * cov * (1 - cjk) if have_mem else np.where(cov > 0, 1.0, 0.0)
        weight = weight.astype(np.float32)
        mem_p = mem_full[:, :g]
        group = weight[:, None] * text_p + (1 - weight[:, None]) * mem_p
        field_rows: list[dict[str, float]] = []
        for r in range(n):
            f: defaultdict[str, float] = defaultdict(float)
            for j in np.nonzero(group[r] > 1e-4)[0]:
                f[self.a.groups[j][:2]] += float(group[r, j])
            for k, fc in enumerate(self.fields):
                f[fc] += float((1 - weight[r]) * mem_full[r, g + k])
            field_rows.append(dict(f))
        heading_rows, chapter_rows, nearest_hs = self._hs(group, q if use_memory else None)
        return Scores(
            group,
            field_rows,
            heading_rows,
            chapter_rows,
            text_p,
            mem_p,
            weight,
            nearest,
            nearest_hs,
        )

    def _hs(
        self, group: Array, q: Array | None
    ) -> tuple[list[dict[str, float]], list[dict[str, float]], list[dict[str, str]]]:
        n = group.shape[0]
        mem = np.zeros((n, len(self._hs_classes)), dtype=np.float32)
        near: list[dict[str, str]] = [{} for _ in range(n)]
        hm = self.a.hs_memory
        if q is not None and hm is not None:
            mem, idx, _ = hm.proba(q, self._hs_classes)
            for r in range(n):
                for j in idx[r]:
                    near[r].setdefault(hm.labels[int(j)], hm.texts[int(j)])
        heads, chaps = [], []
        nh = len(self.a.headings)
        for r in range(n):
            h: defaultdict[str, float] = defaultdict(float)
            c: defaultdict[str, float] = defaultdict(float)
            mem_w = 0.75 if hm is not None and q is not None else 0.0
            for j in np.nonzero(mem[r] > 1e-4)[0]:
                code = self._hs_classes[j]
                if j < nh:
                    h[code] += mem_w * float(mem[r, j])
                c[code[:2]] += mem_w * float(mem[r, j])
            for j in np.nonzero(group[r] > 0.02)[0]:
                mapped = self.a.ics_to_hs.get(self.a.groups[j], ())
                for code in mapped:
                    share = (1 - mem_w) * float(group[r, j]) / len(mapped)
                    h[code] += share
                    c[code[:2]] += share
            heads.append(dict(h))
            chaps.append(dict(c))
        return heads, chaps, near

    # ------------------------------------------------------------------- classify

    def classify(self, item: Item, corrections: CorrectionMemory | None = None) -> Result:
        hs = Best()
        ics = Best()
        given_hs = self._given_hs(item, hs)
        given_ics = self._given_ics(item, ics, hs)
        text = " ".join(x for x in (item.text, item.description) if x and x.strip())
        corrected_sectors: list[tuple[str, float, str, str]] = []
        if text.strip() and re.search(r"[^\W\d_]", text):
            q_all = self.query_vectors([text])
            q = q_all[0] if q_all is not None else None
            ics_cap = hs_cap = TEXT_MAX
            if corrections is not None:
                corrected_sectors, corr = self._from_correction(text, q, corrections, hs, ics)
                if corr is not None:  # the desk's correction outranks the model's guesses
                    conf, fields = corr
                    if fields.get("ics_predicted"):
                        ics_cap = min(ics_cap, conf - 0.01)
                    if fields.get("hs_headings"):
                        hs_cap = min(hs_cap, conf - 0.01)
            self._from_models(text, q_all, hs, ics, ics_cap, hs_cap)
        hs_ranked = hs.ranked(5)
        ics_ranked = ics.ranked(5)
        industries, groups = self._sectors(
            given_hs, given_ics, hs_ranked, ics_ranked, corrected_sectors
        )
        return Result(hs_ranked, ics_ranked, industries, groups)

    def _given_hs(self, item: Item, hs: Best) -> list[str]:
        out: list[str] = []
        for raw in item.hs_codes:
            try:
                c = codes.normalize_hs(raw)
            except codes.CodeError:
                continue
            out.append(c)
            if len(c) >= 4:
                h = c[:4]
                hs.add(
                    Prediction(
                        h,
                        0.95,
                        "given",
                        f"通报给出 HS {c}:{names.hs_zh(h)}",
                        f"HS {c} given in the notification: {names.hs_en(h)}",
                    )
                )
        return out

    def _given_ics(self, item: Item, ics: Best, hs: Best) -> list[str]:
        out: list[str] = []
        for raw in item.ics_codes:
            try:
                c = codes.normalize_ics(raw)
            except codes.CodeError:
                continue
            out.append(c)
            ics.add(
                Prediction(
                    c,
                    0.9,
                    "given",
                    f"通报给出 ICS {c}:{names.ics_zh(c)}",
                    f"ICS {c} given in the notification: {names.ics_en(c)}",
                )
            )
            mapped = Counter(h[:4] for h in codes.hs_for_ics(self.ics_to_hs_raw, c) if len(c) > 2)
            total = sum(mapped.values())
            for heading, n in mapped.most_common(3):
                if heading not in self.hs_tree.nodes:
                    continue
                hs.add(
                    Prediction(
                        heading,
                        min(0.5, 0.2 + 0.5 * n / total),
                        "ics",
                        f"ICS {c} 经 ICS→HS 对照表对应 HS {heading}:{names.hs_zh(heading)}",
                        f"ICS {c} via the ICS->HS mapping: {names.hs_en(heading)}",
                    )
                )
        return out

    def _from_correction(
        self, text: str, q: Array | None, memory: CorrectionMemory, hs: Best, ics: Best
    ) -> tuple[list[tuple[str, float, str, str]], tuple[float, dict[str, list[str]]] | None]:
        """Codes of the nearest corrected text, when nearly the same: (sectors, (confidence,
        corrected fields) or None)."""
        hit = memory.nearest(text, q)
        if hit is None or hit[1] < CORRECTION_MIN:
            return [], None
        c, sim = hit
        conf = float(min(0.9, 0.6 + 6 * (sim - CORRECTION_MIN)))
        zh = f"与工作人员已更正的通报 {c.label} 文字几乎相同(相似度 {sim:.2f}),沿用其更正"
        en = f"nearly the same text (cosine {sim:.2f}) as {c.label}, which staff corrected"
        for code in c.fields.get("hs_headings", []):
            hs.add(Prediction(code, conf, "correction", zh, en))
        for code in c.fields.get("ics_predicted", []):
            ics.add(Prediction(code, conf, "correction", zh, en))
        sectors = [
            (slug, conf, zh, en)
            for name in ("industries", "export_groups")
            for slug in c.fields.get(name, [])
            if slug in codes.SECTORS
        ]
        return sectors, (conf, c.fields)

    def _from_models(
        self,
        text: str,
        q: Array | None,
        hs: Best,
        ics: Best,
        ics_cap: float = TEXT_MAX,
        hs_cap: float = TEXT_MAX,
    ) -> None:
        """The trained models' predictions, their confidences at most ``ics_cap`` /
        ``hs_cap``."""
        s = self.scores([text], q)
        known = [w for w in words(text) if self.a.text and w in self.a.text.vocabulary][:4]
        row = s.group[0]
        for j in np.argsort(-row)[:5]:
            conf = float(row[j])
            if conf < TEXT_MIN:
                break
            code = self.a.groups[j]
            pt, pm = float(s.text_part[0, j]), float(s.mem_part[0, j])
            near = s.nearest_title[0]
            en = f"ICS {code} {names.ics_en(code)!r}: "
            en += f"words {', '.join(known)}; " if known else ""
            en += f"nearest title {near!r} " if near else ""
            en += f"(text model {pt:.2f}, nearest neighbours {pm:.2f})"
            zh = (
                f"文本与 ICS {code}({names.ics_zh(code)})的标准题名相近"
                f"(文字模型 {pt:.2f},语义近邻 {pm:.2f})"
            )
            ics.add(Prediction(code, min(conf, ics_cap), "text", zh, en))
        heads = s.heading[0]
        for code, conf in sorted(heads.items(), key=lambda kv: -kv[1])[:5]:
            if conf < TEXT_MIN or code not in self.hs_tree.nodes:
                continue
            near = s.nearest_hs[0].get(code, "")
            zh = f"文本与 HS {code}“{names.hs_zh(code)}”相近"
            en = f"close to HS {code} {names.hs_en(code)!r}"
            if near and near != names.hs_en(code):
                en += f" (nearest: {near!r})"
            if not near:
                zh += "(经预测的 ICS 分类与 ICS→HS 对照表)"
                en += " (through the predicted ICS groups and the ICS->HS mapping)"
            hs.add(Prediction(code, min(float(conf), hs_cap), "text", zh, en))

    def _sectors(
        self,
        given_hs: list[str],
        given_ics: list[str],
        hs_pred: list[Prediction],
        ics_pred: list[Prediction],
        corrected: list[tuple[str, float, str, str]],
    ) -> tuple[list[Prediction], list[Prediction]]:
        best = Best()
        for slug, conf, zh, en in corrected:
            best.add(Prediction(slug, conf, "correction", zh, en))
        for c in given_hs:
            for hit in codes.classify(hs_codes=[c]).values():
                for h in hit:
                    best.add(
                        Prediction(
                            h.slug,
                            0.6 if h.broader else 0.95,
                            "given",
                            f"通报给出 HS {c},属于 {h.prefix}",
                            f"HS {c} given, within {h.prefix}"
                            + (" (broader than the sector's prefix)" if h.broader else ""),
                        )
                    )
        for c in given_ics:
            for hit in codes.classify(ics_codes=[c]).values():
                for h in hit:
                    best.add(
                        Prediction(
                            h.slug,
                            0.5 if h.broader else 0.85,
                            "given",
                            f"通报给出 ICS {c},属于 {h.prefix}",
                            f"ICS {c} given, within {h.prefix}",
                        )
                    )
        for kind, preds in (("hs", hs_pred), ("ics", ics_pred)):
            for p in preds:
                if p.source in ("given", "correction") or p.confidence < SECTOR_MIN:
                    continue
                found = (
                    codes.classify(hs_codes=[p.code], include_broader=False)
                    if kind == "hs"
                    else codes.classify(ics_codes=[p.code], include_broader=False)
                )
                for hit in found.values():
                    for h in hit:
                        best.add(
                            Prediction(
                                h.slug,
                                p.confidence * 0.8,
                                kind,
                                f"预测 {kind.upper()} {p.code}(置信度 {p.confidence:.2f})"
                                f"属于 {h.prefix}",
                                f"predicted {kind.upper()} {p.code} (confidence "
                                f"{p.confidence:.2f}) within {h.prefix}",
                            )
                        )
        ranked = best.ranked(20)
        industries = [p for p in ranked if codes.SECTORS[p.code].kind == "industry"]
        groups = [p for p in ranked if codes.SECTORS[p.code].kind == "export_group"]
        return industries[:4], groups[:3]


def describe(a: Artefact) -> dict[str, Any]:
    return {"version": a.version, "data_hash": a.data_hash, **a.meta}
