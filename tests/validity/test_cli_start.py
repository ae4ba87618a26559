"""`biaozhun validity check` starts light: no system checks, no report or vector libraries for
a plain listing (issue 17: a 10,000-line list, process start included, in under 3 s)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core import checks
from django.core.management import load_command_class

from .conftest import CATALOGUE_DATE, FIXTURE_LINES

pytestmark = pytest.mark.django_db


def test_command_runs_without_system_checks(catalogue, tmp_path, monkeypatch, capsys):
    """The checks import every URL module and API schema (a third of the start); the command
    serves no request. Run as `biaozhun validity check FILE` runs it (its own parser, then
    execute), not through call_command, which always skips the checks."""

    def refuse(*args, **kwargs):
        raise AssertionError("system checks ran")

    monkeypatch.setattr(checks, "run_checks", refuse)
    source = tmp_path / "list.txt"
    source.write_text("\n".join(FIXTURE_LINES), encoding="utf-8")
    command = load_command_class("biaozhun.validity", "validity")
    options = vars(command.create_parser("biaozhun", "validity").parse_args(["check", str(source)]))
    command.execute(*options.pop("args", ()), **options)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(FIXTURE_LINES) + 1
    assert lines[0].split()[:2] == ["1", "current"] and "GB/T 19001-2016" in lines[0]
    assert f"目录日期 catalogue date: {CATALOGUE_DATE.isoformat()}" in lines[-1]


def test_plain_listing_loads_no_report_or_vector_library(tmp_path):
    """Importing the command and the 查新 service after Django's start loads neither openpyxl
    (reports) nor numpy (search vectors): each costs the command ~0.1 s of CPU at start."""
    code = (
        "import sys, django; django.setup(); "
        "import biaozhun.validity.management.commands.validity, biaozhun.validity.services; "
        "heavy = sorted(m for m in ('numpy', 'openpyxl', 'weasyprint') if m in sys.modules); "
        "print(','.join(heavy))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "biaozhun.settings",
        "BIAOZHUN_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""
