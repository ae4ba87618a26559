"""A web process warms up when its application is imported (``biaozhun.web.warm``): every
template of the platform compiled and kept, the URLs loaded, the reference data read, and the
objects frozen for the garbage collector; a step that fails does not stop the process."""

from __future__ import annotations

import gc
import json
import logging

import pytest
from django.template import engines
from django.template.base import Template
from django.urls import get_resolver

from biaozhun.web import warm
from tests.python_process import run_python


def _cached_loader() -> object:
    engine = engines["django"].engine  # type: ignore[attr-defined]
    loader = engine.template_loaders[0]
    assert type(loader).__name__ == "Loader" and hasattr(loader, "get_template_cache")
    return loader


def test_the_platform_templates_are_found() -> None:
    names = list(warm.template_names())
    assert len(names) > 100
    assert "base.html" in names and "validity/watchlist.html" in names
    assert len(names) == len(set(names))
    assert all(not name.startswith("/") and "\\" not in name for name in names)


def test_warming_compiles_every_template_and_loads_the_urls() -> None:
    loader = _cached_loader()
    loader.reset()  # type: ignore[attr-defined]
    timings = warm.warm_process(freeze=False)
    assert set(timings) == {"urls", "templates", "translations", "reference"}
    cache = loader.get_template_cache  # type: ignore[attr-defined]
    for name in warm.template_names():
        # a missing one would be kept as an exception, a broken one not kept at all
        assert isinstance(cache.get(name), Template), name
    assert {"validity", "tbt", "catalogue", "alerts"} <= set(get_resolver().namespace_dict)


def test_a_failing_step_is_logged_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> int:
        raise ValueError("unreadable reference file")

    monkeypatch.setattr(
        warm, "STEPS", (("reference", broken), *[s for s in warm.STEPS if s[0] != "reference"])
    )
    with caplog.at_level(logging.ERROR, logger="biaozhun.web.warm"):
        timings = warm.warm_process(freeze=False)
    assert "reference" not in timings
    assert {"urls", "templates", "translations"} <= set(timings)
    assert any("reference" in r.getMessage() and r.exc_info for r in caplog.records)


def test_freezing_moves_the_objects_out_of_the_collectors_reach() -> None:
    try:
        timings = warm.warm_process(freeze=True)
        assert gc.get_freeze_count() > 10_000
        # the count read just after the freeze: a few objects made or freed since (a frozen
        # object whose last reference goes is freed as any other)
        assert abs(gc.get_freeze_count() - timings["frozen"]) < 100
        assert gc.get_count()[0] < 1000  # collected just before the freeze
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(
    ("module", "setting", "frozen"),
    [("asgi", "1", True), ("asgi", "0", False), ("wsgi", "1", True), ("wsgi", "0", False)],
)
def test_importing_the_application_warms_the_process(
    module: str, setting: str, frozen: bool
) -> None:
    script = (
        f"import gc, json; from django.template import engines; import biaozhun.{module}; "
        "loader = engines['django'].engine.template_loaders[0]; "
        "print(json.dumps([gc.get_freeze_count(), len(loader.get_template_cache)]))"
    )
    result = run_python(script, {"BIAOZHUN_WARM_START": setting, "DEBUG": "false"})
    assert result.returncode == 0, result.stderr[-2000:]
    freeze_count, templates = json.loads(result.stdout.strip().splitlines()[-1])
    if frozen:
        assert freeze_count > 100_000
        assert templates >= len(list(warm.template_names()))
    else:
        # the interpreter may start with a few hundred objects frozen already
        assert freeze_count < 10_000 and templates == 0
