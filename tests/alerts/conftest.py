"""Fixtures of the alerts tests: export profiles built through the services, notifications
recorded through tbt's service, a fresh match index per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    from biaozhun.alerts.index import reset_index

    reset_index()
    yield
    reset_index()


@pytest.fixture
def make_profile(bureau_user: Any, make_enterprise: Callable[..., Any]) -> Callable[..., Any]:
    """``make_profile("名称", products=[("850760", "锂电池")], markets={"EU": 0.5})``."""
    from biaozhun.enterprises.profiles.services import MarketData, ProductData, replace_profile

    def make(
        name: str = "",
        district: str = "广陵区",
        *,
        products: list[tuple[str, ...]] = (),  # type: ignore[assignment]
        markets: dict[str, Any] | None = None,
        all_markets: bool = False,
    ) -> Any:
        enterprise = make_enterprise(name, district, is_exporter=True)
        replace_profile(
            bureau_user,
            enterprise,
            products=[
                ProductData(*p) if len(p) > 1 else ProductData(p[0], "产品") for p in products
            ],
            markets=[MarketData(code, share) for code, share in (markets or {}).items()],
            all_markets=all_markets,
        )
        return enterprise

    return make


@pytest.fixture
def notify(bureau_user: Any, django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Record a notification through tbt's service and run the after-commit listeners (the
    alerts matcher, then notify's outbox writer). ``days`` / ``force_days``: the final date
    for comments and the entry into force, in days from today (None: not given)."""
    from datetime import timedelta

    from django.utils import timezone

    from biaozhun.tbt.services import NotificationData, record_notification

    def record(
        symbol: str,
        *,
        hs: Any = (),
        ics: Any = (),
        keywords: Any = (),
        days: int | None = 45,
        force_days: int | None = 200,
        **fields: Any,
    ) -> Any:
        today = timezone.localdate()
        force = today + timedelta(days=force_days) if force_days is not None else None
        data = NotificationData(
            symbol=symbol,
            distributed_on=fields.pop("distributed_on", today),
            title=fields.pop("title", "Technical regulation"),
            hs_codes=list(hs),
            ics_codes=list(ics),
            keywords=list(keywords),
            comment_deadline=today + timedelta(days=days) if days is not None else None,
            entry_into_force=fields.pop("entry_into_force", force),
            is_example=True,
            **fields,
        )
        with django_capture_on_commit_callbacks(execute=True):
            return record_notification(bureau_user, data).notification

    return record
