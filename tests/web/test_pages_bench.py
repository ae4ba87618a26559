"""``biaozhun bench pages`` runs over the demo city: every main page of an enterprise user and of
bureau staff answers 200 through the whole request path and is measured (figures only; no
timing is asserted)."""

from __future__ import annotations

import pytest

from tests.hostile.conftest import World, world  # noqa: F401  (the module-scoped demo city)

pytestmark = pytest.mark.django_db


def test_bench_pages_over_the_demo_city(world: World, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from biaozhun.bench import discover

    monkeypatch.setenv("BIAOZHUN_BENCH_PAGES_ROUNDS", "2")
    figures = discover()["pages"]()
    assert figures["rounds"] == 2
    for page in (
        "enterprise_home",
        "enterprise_alerts_inbox",
        "enterprise_alerts_inbox_one",
        "enterprise_standards",
        "enterprise_tbt",
        "enterprise_validity_watch_one",
        "bureau_home",
        "bureau_tbt",
        "bureau_enterprises",
        "bureau_programme",
        "bureau_consult_comments",
    ):
        assert figures[f"{page}_cpu_ms"] > 0, page
        assert figures[f"{page}_queries"] > 0, page
    assert 0 < figures["median_cpu_ms"] <= figures["p95_cpu_ms"]
