"""``biaozhun worker`` runs at a lower CPU priority (``BIAOZHUN_WORKER_NICE``, default 10) so
that the web processes win the cores during an alert storm; the setting is validated."""

from __future__ import annotations

import os
import subprocess

import pytest

from biaozhun.web.management.commands.worker import lower_priority
from tests.python_process import run_python

SCRIPT = (
    "import os, django; django.setup(); "
    "from django.conf import settings; "
    "from biaozhun.web.management.commands.worker import lower_priority; "
    "print(os.nice(0), lower_priority(settings.WORKER_NICE), os.nice(0))"
)


def _run(env: dict[str, str], script: str = SCRIPT) -> subprocess.CompletedProcess[str]:
    # the test session's own value (tests/conftest.py) is not the one under test
    return run_python(
        script,
        {"DJANGO_SETTINGS_MODULE": "biaozhun.settings", **env},
        unset=["BIAOZHUN_WORKER_NICE"],
    )


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 10), (" ", 10), ("0", 0), ("19", 19), ("5", 5)]
)
def test_the_worker_lowers_its_priority_to_the_setting(value: str | None, expected: int) -> None:
    result = _run({} if value is None else {"BIAOZHUN_WORKER_NICE": value})
    assert result.returncode == 0, result.stderr[-2000:]
    before, returned, after = map(int, result.stdout.split()[-3:])
    assert after == returned == max(before, expected)


@pytest.mark.parametrize("value", ["-5", "20", "ten", "١٠", "10.5"])
def test_a_bad_priority_is_refused_at_start_in_both_languages(value: str) -> None:
    result = _run({"BIAOZHUN_WORKER_NICE": value}, "import biaozhun.settings")
    assert result.returncode != 0
    assert "BIAOZHUN_WORKER_NICE" in result.stderr
    assert "0 到 19 之间的整数" in result.stderr and "from 0 to 19" in result.stderr


def test_the_priority_is_never_raised() -> None:
    """A process already nicer than asked stays as it is (and one at the asked value too)."""
    script = (
        "import os; os.nice(15); "
        "from biaozhun.web.management.commands.worker import lower_priority; "
        "print(lower_priority(10), lower_priority(15), os.nice(0))"
    )
    result = _run({}, script)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-3:] == ["15", "15", "15"]


def test_the_worker_command_applies_it(tmp_path: object) -> None:
    """The real command (database backend, one batch): its process ends at the nice value."""
    script = (
        "import os, django; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); "
        "call_command('worker', '--batch'); print(os.nice(0))"
    )
    result = _run(
        {
            "BIAOZHUN_WORKER_NICE": "7",
            "BIAOZHUN_TASK_BACKEND": "database",
            "BIAOZHUN_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path}/worker.sqlite3",
        },
        script,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.split()[-1]) == max(os.nice(0), 7)


def test_lower_priority_in_this_process_is_a_no_op_at_zero() -> None:
    assert lower_priority(0) == os.nice(0)
