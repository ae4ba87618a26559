"""``biaozhun notify`` status / drain / kick / digest."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from biaozhun.notify import preferences, services

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("notify", *args, stdout=out)
    return out.getvalue()


def test_status_drain_and_digest(smtp: Any, make_user: Any) -> None:
    user = make_user("bureau_staff", email="u@example.cn")
    services.publish(
        kind="tbt_alert",
        urgency="orange",
        users=[user],
        title_zh="通报",
        title_en="Notification",
        source=None,
        dedupe_key="cmd-1",
    )
    assert json.loads(_run("status")) == {"desk_open": 0, "pending": 1, "sent": 1}
    assert json.loads(_run("drain"))["sent"] == 1
    assert len(smtp.inbox.raw) == 1
    assert json.loads(_run("status")) == {"desk_open": 0, "sent": 2}
    preferences.update_preference(user, mode="weekly")
    services.publish(
        kind="watch",
        urgency="yellow",
        users=[user],
        title_zh="标准被代替",
        title_en="Standard replaced",
        source=None,
        dedupe_key="cmd-2",
    )
    assert "sent 0 digests" in _run("digest", "daily")
    assert "sent 1 digests" in _run("digest", "weekly", "--schedule")
    assert "queued" in _run("kick")
