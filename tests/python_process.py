"""Run a few lines of Python in a fresh interpreter of this project (a process that imports
the settings or the application as a server would), with its output captured."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable

from tests.notify.workers import ROOT


def run_python(
    code: str, env: dict[str, str] | None = None, *, unset: Iterable[str] = ()
) -> subprocess.CompletedProcess[str]:
    """``python -c code`` from the repository root, with this process's environment less
    ``unset`` plus ``env``."""
    removed = set(unset)
    environ = {k: v for k, v in os.environ.items() if k not in removed}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
