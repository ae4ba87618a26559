"""``biaozhun bench validity``: 标准查新 over 10,000 lines.

The lines are real designations sampled from the catalogue (70 %), messy variants of them
(lower case, full-width, no spaces, em-dashes, trailing punctuation, a title glued on: 15 %),
undated references (5 %), and unknowns (10 %: real prefixes with numbers the catalogue lacks,
ambiguous spacing, text that is no designation). Figures: the service (parse, bulk load, classify:
``service_ms``), the same plus the result dicts and the Excel report (``service_xlsx_ms``), the
first run including the suggestion index and kept catalogue builds (``cold_service_ms``; the
memory they add: ``kept_memory_mb``), best and median of the warm runs. ``fresh_*``: the
service on lists no cache has seen (new lines from a new random seed each run, the parser's
and the classifier's caches emptied; the suggestion index and the catalogue a long-running
process keeps, both built from the catalogue, stay: validity/lookup.py);
``fresh_service_list_rows_ms``: the same on fresh lists reading only the rows each list needs,
the way the one-shot command checks; ``store_ms``: what ``run_check`` adds to keep the result
(the result dicts, their validation, the insert and the audit row). ``cli_*``: the whole
``biaozhun validity check FILE`` command in a new process on a fresh 10,000-line file, process
start included, and the same command on a one-line file (``cli_start_*``: interpreter, Django,
the command, one line).
``*_cpu_ms`` is the process CPU time of the same runs (with SQLite the queries run in
the process, so it includes them): on this shared 2-core machine the wall time depends on what
else runs, the CPU time much less; ``load_average_1min`` says how busy the machine was.

The benchmark runs against the configured database. If its catalogue has fewer than 10,000
records (the real ISO/IEC import has not been run), the real ISO and IEC records of
``../shared/data`` are loaded for the run inside a transaction that is rolled back afterwards
(docids parsed, ISO stage 95 / IEC WITHDRAWN → withdrawn, REVISED → replaced, ``obsoletes``
relations → replaced_by); ``seeded`` says so.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from biaozhun.bench import benchmark, database_cpu_ms

LINES = 10_000
RUNS = 3
MIN_CATALOGUE = 10_000


def _data_dir() -> Path:
    for candidate in (
        Path(getattr(settings, "DATA_DIR", "") or "/nonexistent"),
        Path(settings.BASE_DIR).parent / "shared" / "data",
        Path("/work/shared/data"),
    ):
        if (candidate / "iso").is_dir():
            return candidate
    raise RuntimeError("../shared/data (ISO/IEC relaton extracts) not found")


def _status(record: dict[str, Any]) -> str:
    stage = str(record.get("stage") or "")
    if stage in {"WITHDRAWN", "DELETED"} or stage.startswith("95"):
        return "withdrawn"
    if stage == "REVISED":
        return "replaced"
    if stage[:2] in {"00", "10", "20", "30", "40", "50"} or stage in {"PRELIMINARY", "CD", "DIS"}:
        return "upcoming"
    return "current"


def _seed() -> int:
    """Load the real ISO and IEC records (inside the caller's transaction)."""
    # a benchmark's dependencies load only when it runs
    from biaozhun.catalogue.models import Standard
    from biaozhun.core.designation import DesignationError, parse
    from biaozhun.core.validity import edition_form

    rows: dict[str, Standard] = {}
    obsoletes: list[tuple[str, str]] = []
    existing = set(Standard.objects.values_list("canonical", flat=True))
    for source in ("iso", "iec"):
        path = _data_dir() / source / f"relaton_{source}_extract.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for text in handle:
                record = json.loads(text)
                try:
                    d = parse(record["docid"])
                except DesignationError:
                    continue
                if d.canonical in rows or d.canonical in existing:
                    continue
                rows[d.canonical] = Standard(
                    canonical=d.canonical,
                    key=d.key,
                    prefix=d.prefix,
                    publisher=d.publisher,
                    number=d.number,
                    part=d.part or "",
                    year=d.year,
                    level=d.level,
                    doc_type=d.doc_type or "",
                    edition_form=edition_form(d),
                    title_en=(record.get("title_en") or "")[:1000],
                    status=_status(record),
                    source=source,
                )
                for relation in record.get("relations") or []:
                    if relation.get("type") == "obsoletes" and relation.get("docid"):
                        obsoletes.append((d.canonical, relation["docid"]))
    Standard.objects.bulk_create(rows.values(), batch_size=2000)
    ids = dict(Standard.objects.values_list("canonical", "id"))
    updates = []
    for new, old_text in obsoletes:
        try:
            old = parse(old_text).canonical
        except DesignationError:
            continue
        if old in rows and old != new and new in ids:
            row = rows[old]
            row.pk = ids[old]
            row.replaced_by_id = ids[new]
            if row.status == "current":
                row.status = "replaced"
            updates.append(row)
    Standard.objects.bulk_update(updates, ["replaced_by", "status"], batch_size=2000)
    return len(rows)


FULL = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def _messy(text: str, rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return text.lower()
    if kind == 1:
        return text.translate(FULL)
    if kind == 2:
        return text.replace(" ", "")
    if kind == 3:
        return text.replace("-", "—") if "-" in text else text + "。"
    if kind == 4:
        return text + "。"
    return f"{text} 标准名称"


def make_lines(count: int = LINES, seed: int = 42) -> list[tuple[int, str]]:
    """``count`` lines: sampled, messy, undated and unknown designations."""
    # a benchmark's dependencies load only when it runs
    from biaozhun.catalogue.models import Standard
    from biaozhun.core.designation import DesignationError, parse

    rng = random.Random(seed)
    canonicals = list(Standard.objects.values_list("canonical", flat=True))
    if not canonicals:
        raise RuntimeError("the catalogue is empty")
    sample = [rng.choice(canonicals) for _ in range(count)]
    prefixes = ["GB/T", "GB", "ISO", "IEC", "JB/T", "HG/T", "DB32/T", "T/CAS"]
    lines: list[str] = []
    for index, text in enumerate(sample):
        share = index % 20
        if share < 14:
            lines.append(text)
        elif share < 17:
            lines.append(_messy(text, rng))
        elif share == 17:
            try:
                lines.append(parse(text).base)
            except DesignationError:
                lines.append(text)
        elif share == 18:
            prefix = rng.choice(prefixes)
            sep = ":" if prefix in {"ISO", "IEC"} else "-"
            lines.append(f"{prefix} {rng.randint(90000, 99999)}{sep}{rng.randint(1990, 2025)}")
        else:
            lines.append(
                rng.choice(["ISO 9001 2015", "说明:以下为引用标准", "GB 1234 2008", "XYZ-1"])
            )
    rng.shuffle(lines)
    return list(enumerate(lines, start=1))


def _measure(lines: list[tuple[int, str]]) -> dict[str, Any]:
    # a benchmark's dependencies load only when it runs
    from biaozhun.validity.lookup import KEPT, NEAREST
    from biaozhun.validity.reports import ReportMeta, xlsx_report
    from biaozhun.validity.services import check_designations

    wall: dict[str, list[float]] = {"service": [], "total": []}
    cpu: dict[str, list[float]] = {"service": [], "total": []}
    xlsx_size = 0
    counts: dict[str, int] = {}
    # the first run builds the suggestion index and the kept catalogue
    NEAREST.index = None
    KEPT.forget()
    rss_before = _rss_mb()
    cold = kept_mb = 0.0
    for run in range(RUNS + 1):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = check_designations(lines)
        checked, checked_cpu = time.perf_counter(), time.process_time()
        rows = result.as_dicts()
        data = xlsx_report(
            rows,
            ReportMeta(
                source_name="bench",
                catalogue_date=result.catalogue_date,
                created_at=None,
                counts=result.counts,
            ),
        )
        done, done_cpu = time.perf_counter(), time.process_time()
        if run == 0:
            cold = (checked - started) * 1000
            kept_mb = _rss_mb() - rss_before
            continue
        wall["service"].append((checked - started) * 1000)
        wall["total"].append((done - started) * 1000)
        cpu["service"].append((checked_cpu - started_cpu) * 1000)
        cpu["total"].append((done_cpu - started_cpu) * 1000)
        xlsx_size = len(data)
        counts = result.counts
        print(
            f"  run {run}: service {wall['service'][-1]:.0f} ms "
            f"(cpu {cpu['service'][-1]:.0f}), +xlsx {wall['total'][-1]:.0f} ms "
            f"(cpu {cpu['total'][-1]:.0f})",
            file=sys.stderr,
        )
    # reading an uploaded .xlsx of the same lines (not part of the targets)
    from openpyxl import Workbook

    from biaozhun.validity.reading import lines_from_upload

    workbook = Workbook()
    upload_sheet = workbook.active
    assert upload_sheet is not None
    upload_sheet.append(["序号", "标准号"])
    for number, text in lines:
        upload_sheet.append([number, text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.perf_counter()
    read = lines_from_upload(buffer.getvalue(), "bench.xlsx")
    read_ms = (time.perf_counter() - started) * 1000
    assert len(read) == len(lines)
    return {
        "lines": len(lines),
        "read_xlsx_ms": round(read_ms, 1),
        "service_ms": round(statistics.median(wall["service"]), 1),
        "service_best_ms": round(min(wall["service"]), 1),
        "service_cpu_ms": round(statistics.median(cpu["service"]), 1),
        "service_xlsx_ms": round(statistics.median(wall["total"]), 1),
        "service_xlsx_best_ms": round(min(wall["total"]), 1),
        "service_xlsx_cpu_ms": round(statistics.median(cpu["total"]), 1),
        "cold_service_ms": round(cold, 1),
        # resident memory the first run added: the kept catalogue and the suggestion index
        "kept_memory_mb": round(kept_mb, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "xlsx_bytes": xlsx_size,
        "outcomes": counts,
    }


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _clear_list_caches() -> None:
    """Forget every line the parser and the classifier have seen in this process."""
    # a benchmark's dependencies load only when it runs
    from biaozhun.core import validity as rules
    from biaozhun.core.designation import _parse

    _parse._parse_cached.cache_clear()
    rules.is_whole_edition.cache_clear()
    rules._is_draft.cache_clear()


def _fresh_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)


def _measure_fresh() -> dict[str, Any]:
    """The service and the stored result on lists no cache has seen."""
    # a benchmark's dependencies load only when it runs
    from biaozhun.accounts.models import User
    from biaozhun.validity.services import check_designations, save_check

    wall: list[float] = []
    cpu: list[float] = []
    store: list[float] = []
    store_cpu: list[float] = []
    db_cpu: list[float] = []
    store_db_cpu: list[float] = []
    actor = User.objects.create(username="bench-validity", role=User.Role.BUREAU_STAFF)
    per_list: list[float] = []
    for _ in range(RUNS):
        # the way a one-shot command checks (only the rows the list needs)
        lines = make_lines(seed=_fresh_seed())
        _clear_list_caches()
        started = time.perf_counter()
        check_designations(lines, keep_catalogue=False)
        per_list.append((time.perf_counter() - started) * 1000)
        print(f"  fresh, rows of the list only: service {per_list[-1]:.0f} ms", file=sys.stderr)
    for _ in range(RUNS):
        lines = make_lines(seed=_fresh_seed())
        _clear_list_caches()
        started, started_cpu, started_db = (
            time.perf_counter(),
            time.process_time(),
            database_cpu_ms(),
        )
        run = check_designations(lines)
        checked, checked_cpu, checked_db = (
            time.perf_counter(),
            time.process_time(),
            database_cpu_ms(),
        )
        save_check(actor, run, source_name="bench.txt", source_kind="file")
        done, done_cpu, done_db = time.perf_counter(), time.process_time(), database_cpu_ms()
        if started_db is not None and checked_db is not None and done_db is not None:
            db_cpu.append(checked_db - started_db)
            store_db_cpu.append(done_db - checked_db)
        wall.append((checked - started) * 1000)
        cpu.append((checked_cpu - started_cpu) * 1000)
        store.append((done - checked) * 1000)
        store_cpu.append((done_cpu - checked_cpu) * 1000)
        print(
            f"  fresh: service {wall[-1]:.0f} ms (cpu {cpu[-1]:.0f}), "
            f"store {store[-1]:.0f} ms (cpu {store_cpu[-1]:.0f})",
            file=sys.stderr,
        )
    return {
        "fresh_service_ms": round(statistics.median(wall), 1),
        "fresh_service_best_ms": round(min(wall), 1),
        "fresh_service_cpu_ms": round(statistics.median(cpu), 1),
        "fresh_service_list_rows_ms": round(statistics.median(per_list), 1),
        "store_ms": round(statistics.median(store), 1),
        "store_cpu_ms": round(statistics.median(store_cpu), 1),
        # PostgreSQL only: the server process's CPU for the same steps (10 ms resolution)
        "fresh_service_db_cpu_ms": round(statistics.median(db_cpu), 1) if db_cpu else None,
        "store_db_cpu_ms": round(statistics.median(store_db_cpu), 1) if store_db_cpu else None,
    }


def _run_cli(lines: list[tuple[int, str]]) -> tuple[float, float]:
    """Wall and CPU milliseconds of ``biaozhun validity check FILE`` in a new process."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as handle:
        handle.write("\n".join(text for _, text in lines) + "\n")
        handle.flush()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "biaozhun.cli", "validity", "check", handle.name],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall = (time.perf_counter() - started) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def _measure_cli() -> dict[str, Any]:
    """The whole command, process start included, on fresh lists (new seeds)."""
    start = [_run_cli(make_lines(1, seed=_fresh_seed())) for _ in range(RUNS)]
    whole = [_run_cli(make_lines(seed=_fresh_seed())) for _ in range(RUNS)]
    for wall, cpu in whole:
        print(f"  cli: {wall:.0f} ms (cpu {cpu:.0f})", file=sys.stderr)
    return {
        "cli_start_ms": round(statistics.median(w for w, _ in start), 1),
        "cli_start_cpu_ms": round(statistics.median(c for _, c in start), 1),
        "cli_ms": round(statistics.median(w for w, _ in whole), 1),
        "cli_best_ms": round(min(w for w, _ in whole), 1),
        "cli_cpu_ms": round(statistics.median(c for _, c in whole), 1),
    }


@benchmark("validity")
def bench_validity() -> dict[str, Any]:
    # a benchmark's dependencies load only when it runs
    from biaozhun.catalogue.models import Standard

    # the command reads the committed catalogue: measured before anything is seeded
    cli = _measure_cli() if Standard.objects.count() >= MIN_CATALOGUE else {}
    with transaction.atomic():
        seeded = 0
        if Standard.objects.count() < MIN_CATALOGUE:
            started = time.perf_counter()
            seeded = _seed()
            print(
                f"  loaded {seeded} ISO/IEC records for the run "
                f"({time.perf_counter() - started:.1f} s, rolled back afterwards)",
                file=sys.stderr,
            )
        figures: dict[str, Any] = {
            "catalogue_rows": Standard.objects.count(),
            "seeded": bool(seeded),
        }
        figures.update(_measure(make_lines()))
        figures.update(_measure_fresh())
        figures.update(cli)
        figures["load_average_1min"] = round(os.getloadavg()[0], 2)
        transaction.set_rollback(True)
    return figures
