"""Classifying product text into ICS codes, HS headings, the programme's industries and the
TBT export groups, each with a calibrated confidence and bilingual reasons.

* :mod:`.classifier` -- the evidence (codes given, the desk's corrections, the trained models);
* :mod:`.model` -- the learners (TF-IDF + linear SVM, multilingual embedding memories), their
  training, saving and loading;
* :mod:`.corpus` -- the labelled texts in ``data/``; :mod:`.names` -- Chinese and English names
  of HS and ICS codes; :mod:`.vectors` -- the embedding cache; :mod:`.text` -- text helpers.

:func:`get_classifier` loads lazily, once a process: the embedding memories shipped in
``data/classify/memory-<version>.npz`` and the text model ``data/classify/text-<version>.npz``
(both arrays only, shipped in the repository, each with the hash of the data it was trained
on). ``biaozhun classify train`` rebuilds both reproducibly. Nothing here touches Django.
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from functools import lru_cache
from pathlib import Path

from biaozhun.core import codes, embedding

from .classifier import Classifier, Correction, CorrectionMemory
from .model import VERSION, Artefact, TextModel, load_memory, load_text, train_text
from .result import Item, Prediction, Result

__all__ = [
    "VERSION",
    "Classifier",
    "Correction",
    "CorrectionMemory",
    "Item",
    "Prediction",
    "Result",
    "build_text_model",
    "files_hash",
    "get_classifier",
    "memory_path",
    "text_model",
    "text_model_path",
]

DATA_FILES = (
    "iso/relaton_iso_extract.jsonl.gz",
    "iec/relaton_iec_extract.jsonl.gz",
    "ics/ics-ed7-combined.json",
    "iso/ICS.csv",
    "hs/harmonized-system.csv",
    "mappings/ics.to.hs.csv",
    "classify/hs_zh.csv",
    "classify/ics_fields_zh.csv",
)


def files_hash(root: Path | None = None) -> str:
    """A hash of the training data files (what a saved model was trained on)."""
    base = root or codes.default_data_dir()
    h = hashlib.sha256(VERSION.encode())
    for rel in DATA_FILES:
        path = base / rel
        h.update(rel.encode())
        if path.exists():
            h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update((Path(__file__).with_name("stopwords.txt")).read_bytes())
    return h.hexdigest()[:12]


def memory_path() -> Path:
    return codes.default_data_dir() / "classify" / f"memory-{VERSION}.npz"


def text_model_path() -> Path:
    """The shipped text model (trained on the benchmark's training families)."""
    return codes.default_data_dir() / "classify" / f"text-{VERSION}.npz"


def build_text_model(split: str = "train") -> TextModel:
    """Train the text model on ``split`` (``"train"``: the benchmark's training families,
    80 % of them -- the model the platform ships, so that the benchmark measures exactly the
    model in use; ``"all"``: every family). Deterministic; about 10 s of vectorising and
    30-110 s of SGD on 2 shared cores."""
    from . import corpus  # training only: the corpus reader loads the big extracts' code

    examples = [*corpus.standards(), *corpus.ics_texts()]
    if split == "train":
        examples = [
            e for e in examples if e.kind != "title" or corpus.split_of(e.family) == "train"
        ]
    groups = sorted({g for e in examples for g in e.ics if len(g) == 6})
    return train_text(examples, groups)


def text_model() -> TextModel:
    """The shipped text model, loaded from ``data/classify/`` (never trained on first use;
    when the file is missing -- a checkout without ``data/`` -- it is trained in memory once,
    with a note on stderr)."""
    path = text_model_path()
    if path.exists():
        return load_text(path)
    started = time.monotonic()
    model = build_text_model()
    print(
        f"classify: {path} missing; text model trained in {time.monotonic() - started:.0f} s "
        "(run `biaozhun classify train` to ship it)",
        file=sys.stderr,
    )
    return model


_lock = threading.Lock()


def _embed(texts: object, kind: str) -> object:
    return embedding.embed(list(texts), "query" if kind == "query" else "passage")  # type: ignore[call-overload]


@lru_cache(maxsize=1)
def get_classifier() -> Classifier:
    """The process-wide classifier, loaded lazily from the shipped artefacts."""
    with _lock:
        path = memory_path()
        if path.exists():
            artefact = load_memory(path)
        else:
            from . import corpus  # training only (see build_text_model)

            examples = [*corpus.standards(), *corpus.ics_texts()]
            artefact = Artefact(
                VERSION,
                "",
                None,
                None,
                None,
                sorted({g for e in examples for g in e.ics if len(g) == 6}),
                [],
                corpus.ics_to_hs_headings(),
            )
        artefact.text = text_model()
        embed = _embed if embedding.available() else None
        return Classifier(artefact, embed)  # type: ignore[arg-type]
