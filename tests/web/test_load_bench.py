"""``biaozhun bench load``: its locust scenarios run against a real ``serve --workers 2`` on the
test database, every page answers as expected (timings are the benchmark's, not asserted)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.notify.workers import database_url

ENTERPRISE_PAGES = {
    "home (enterprise)",
    "alert inbox",
    "alert page",
    "standard search",
    "standard page",
    "TBT list (enterprise)",
    "watch list",
    "查新 form",
    "查新 upload",
}
BUREAU_PAGES = {
    "home (bureau)",
    "TBT list (bureau)",
    "enterprise list",
    "programme dashboard",
    "programme registries",
    "consultation desk",
    "alert desk",
}


@pytest.mark.django_db(transaction=True)
def test_scenarios_run_without_failures(yangzhou: Any, settings: Any, tmp_path: Path) -> None:
    from biaozhun.bench.load import (
        cleanup_load_uploads,
        prepare_load_users,
        run_load,
        start_server,
        stop_server,
    )
    from biaozhun.validity.models import ValidityCheck
    from tests.validity.conftest import build_catalogue

    settings.VAR_DIR = tmp_path
    build_catalogue()
    spec = prepare_load_users(enterprises=2, enterprise_users=2, bureau_users=1)
    assert all(account["alerts"] for account in spec["enterprise"])
    spec["weights"] = {"enterprise": 1, "bureau": 1}  # 2 users: one of each
    spec["every_page_first"] = True
    server, url = start_server(2, database_url())
    try:
        figures = run_load(url, users=2, seconds=5, spec=spec)
    finally:
        stop_server(server)
    assert figures["failures"] == 0, figures["failure_reasons"]
    # every scenario ran (a page added to or renamed in the locustfile is listed above)
    assert set(figures["pages"]) == ENTERPRISE_PAGES | BUREAU_PAGES
    assert figures["requests"] >= len(ENTERPRISE_PAGES | BUREAU_PAGES)
    assert figures["rps"] > 0 and figures["p95_ms"] > 0
    uploads = ValidityCheck.objects.filter(source_name="bench-load-upload.txt")
    assert uploads.count() == figures["pages"]["查新 upload"]["requests"]
    assert cleanup_load_uploads() == figures["pages"]["查新 upload"]["requests"]
    assert not uploads.exists()
    # the population is made once: a second preparation adds nothing
    from biaozhun.alerts.models import Alert
    from biaozhun.enterprises.models import Enterprise

    counts = (Enterprise.objects.count(), Alert.objects.count())
    prepare_load_users(enterprises=2, enterprise_users=2, bureau_users=1)
    assert (Enterprise.objects.count(), Alert.objects.count()) == counts
