"""Fixtures of the TBT notification tests."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest


@pytest.fixture
def members(db: Any) -> None:
    from biaozhun.core.codes import default_data_dir
    from biaozhun.tbt.services import load_members_into_db

    load_members_into_db(default_data_dir())


@pytest.fixture
def record(members: None) -> Callable[..., Any]:
    """Record a notification through the service as the system (no actor)."""
    from biaozhun.tbt.services import NotificationData, record_notification

    def make(symbol: str, actor: Any = None, **fields: Any) -> Any:
        fields.setdefault("distributed_on", date(2026, 3, 2))
        fields.setdefault("title", f"Notification {symbol}")
        return record_notification(actor, NotificationData(symbol=symbol, **fields))

    return make


@pytest.fixture
def quiet() -> io.StringIO:
    return io.StringIO()
