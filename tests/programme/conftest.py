"""Fixtures of the programme tests: the Yangzhou programme and a helper that records registry
entries through the service (the only write path)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def programme(yangzhou: Any) -> Any:
    from biaozhun.programme.reference import load_yangzhou_programme

    return load_yangzhou_programme(io.StringIO())


@pytest.fixture
def record(bureau_user: Any) -> Callable[..., Any]:
    """``record("sites", kind=..., ...)``: save one registry record as the bureau."""
    from biaozhun.programme import services
    from biaozhun.programme.registries import REGISTRIES

    def make(slug: str, actor: Any = None, **values: Any) -> Any:
        return services.save_record(actor or bureau_user, REGISTRIES[slug], None, values)

    return make
