"""Fixtures of the alerts tests: export profiles built through the services, a fresh match
index per test."""

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
    from biaozhun.alerts.services import MarketData, ProductData, replace_profile

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
