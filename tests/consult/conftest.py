"""Fixtures of the consultation-station tests: WTO members, notifications recorded through the
tbt service, experts, and comments built through the consult services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fresh_index() -> Any:
    from biaozhun.alerts.index import reset_index

    reset_index()
    yield
    reset_index()


@pytest.fixture
def members(db: Any) -> None:
    from biaozhun.core.codes import default_data_dir
    from biaozhun.tbt.services import load_members_into_db

    load_members_into_db(default_data_dir())


@pytest.fixture
def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def record(members: None, today: date) -> Callable[..., Any]:
    """Record a notification as the system; open for comments 40 days by default."""
    from biaozhun.tbt.services import NotificationData, record_notification

    def make(symbol: str, **fields: Any) -> Any:
        fields.setdefault("distributed_on", today - timedelta(days=5))
        fields.setdefault("title", f"Notification {symbol}")
        if "comment_deadline" not in fields:
            fields["comment_deadline"] = today + timedelta(days=40)
        return record_notification(None, NotificationData(symbol=symbol, **fields)).notification

    return make


@pytest.fixture
def expert(make_user: Callable[..., Any]) -> Any:
    return make_user("expert", "expert-wang", display_name="王专家")


@pytest.fixture
def comment_data() -> Callable[..., Any]:
    from biaozhun.consult.comments.services import CommentData

    def make(**fields: Any) -> Any:
        fields.setdefault("concern", "第 4.2 条要求的检测方法与国际标准不一致。")
        fields.setdefault("clauses", "4.2, Annex B")
        fields.setdefault("proposed_change", "建议采用 IEC 62133-2 的检测方法。")
        fields.setdefault(
            "technical_points_en", "Clause 4.2 should reference the IEC 62133-2 test method."
        )
        return CommentData(**fields)

    return make
