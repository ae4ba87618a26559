"""Demo alerts: the demo export profiles (``biaozhun.enterprises.profiles.demo``, loaded with
the enterprises) are matched against the example notifications already loaded, so that the
demo inboxes are not empty."""

from __future__ import annotations

from typing import Any

from . import matching


def load_demo_alerts(stdout: Any) -> None:
    outcome = matching.rematch_all()
    stdout.write(f"alerts: {outcome['created']} alerts created, {outcome['realerted']} re-opened")
