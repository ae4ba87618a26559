"""`biaozhun bench --compare A.json B.json`: two runs' figures side by side (the table of
scripts/bench-both.sh and docs/benchmarks.md)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_compare_puts_both_runs_side_by_side(tmp_path):
    sqlite = tmp_path / "sqlite.json"
    postgres = tmp_path / "postgresql.json"
    sqlite.write_text(
        json.dumps({"search": {"p95_ms": 13.6, "samples": 200}, "validity": {"service_ms": 405.0}})
    )
    postgres.write_text(json.dumps({"search": {"p95_ms": 21.25, "db_cpu_mean_ms": 3.1}}))
    out = io.StringIO()
    call_command(
        "bench", compare=[str(sqlite), str(postgres)], labels=["SQLite", "PostgreSQL"], stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "| benchmark | figure | SQLite | PostgreSQL |"
    assert "| `search` | p95_ms | 13.6 | 21.25 |" in lines
    assert "| `search` | db_cpu_mean_ms | — | 3.1 |" in lines
    assert "| `validity` | service_ms | 405.0 | — |" in lines


def test_compare_reads_a_single_benchmark_run_and_refuses_garbage(tmp_path):
    one = tmp_path / "20261202T210801Z-sqlite.json"
    one.write_text(json.dumps({"service_ms": 512.5, "outcomes": {"current": 3}}))
    other = tmp_path / "20261202T210801Z-postgresql.json"
    other.write_text(json.dumps({"service_ms": 400.0, "outcomes": {"current": 3}}))
    out = io.StringIO()
    call_command("bench", compare=[str(one), str(other)], stdout=out)
    # two files of one benchmark line up, whatever their names (they did not: scripts/bench-both.sh)
    assert "|  | service_ms | 512.5 | 400.0 |" in out.getvalue()
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(CommandError):
        call_command("bench", compare=[str(bad), str(one)], stdout=io.StringIO())
