"""``biaozhun bench pages``: what one main page costs the server on one core.

The daily pages of an enterprise user (home, alert inbox, an alert, standard search, a
standard, TBT notifications, watch list) and of bureau staff (home, TBT notifications,
enterprises, programme dashboard, consultation desk) are requested through Django's whole
request path (middleware, session, view, templates) in this one process, signed in as a real
user of the configured database (the demo city of ``biaozhun setup --demo``). Each page is
requested once to warm the process (imports, template compilation), then
``BIAOZHUN_BENCH_PAGES_ROUNDS`` times (default 30); the standard search asks a different
query each round so its caches do not flatter.

* ``<role>_<page>_cpu_ms``: median CPU time of this process per request (on SQLite the queries
  run in this process and are included; on PostgreSQL ``db_cpu_ms`` adds the server's share).
* ``<role>_<page>_wall_ms``: median wall time; ``<role>_<page>_queries``: SQL queries (counted
  on one request after the warm-up; the timed ones run without Django's query log).
* ``median_cpu_ms``: median over every request of every main page (the issue's goal: ≤ 15 ms).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from typing import Any

from biaozhun.bench import benchmark, database_cpu_ms

#: fresh standard-search queries, one a round (Chinese, English, designations, codes)
QUERIES = [
    "电线电缆",
    "LED 照明",
    "safety of household appliances",
    "GB/T 19001",
    "ISO 9001",
    "纺织品 色牢度",
    "electromagnetic compatibility",
    "IEC 60598",
    "太阳能光伏",
    "road vehicles",
    "玩具安全",
    "information technology security",
    "汽车零部件",
    "IEC 62133",
    "食品接触材料",
    "wind turbines",
    "船舶",
    "ISO 14001",
    "电动工具",
    "machinery safety",
    "节能",
    "fire detection",
    "医疗器械",
    "cables for rated voltages",
    "环境管理",
    "EN 60335",
    "家具",
    "lithium batteries",
    "低压电器",
    "quality management",
]


def _users() -> tuple[Any, Any]:
    # a benchmark's dependencies load only when it runs
    from django.db.models import Count

    from biaozhun.accounts.models import User

    enterprise_user = (
        User.objects.filter(role="enterprise_user", is_active=True, enterprise__isnull=False)
        .annotate(alerts=Count("enterprise__alerts"))
        .order_by("-alerts", "id")
        .first()
    )
    staff = User.objects.filter(role="bureau_staff", is_active=True).order_by("id").first()
    if enterprise_user is None or staff is None:
        raise RuntimeError(
            "bench pages needs the demo city: biaozhun setup --demo (an enterprise user and "
            "bureau staff)"
        )
    return enterprise_user, staff


def _pages(enterprise_user: Any) -> dict[str, list[str]]:
    # a benchmark's dependencies load only when it runs
    from biaozhun.alerts.models import Alert
    from biaozhun.catalogue.models import Standard

    alert = Alert.objects.filter(enterprise=enterprise_user.enterprise).order_by("-id").first()
    standard = Standard.objects.filter(level="international").order_by("id").first()
    enterprise_pages = [
        "/",
        "/alerts/inbox/",
        "/standards/?q={q}",
        "/tbt/",
        f"/validity/watch/{enterprise_user.enterprise_id}/",
    ]
    if alert is not None:
        enterprise_pages.insert(2, f"/alerts/inbox/{alert.pk}/")
    if standard is not None:
        enterprise_pages.insert(-2, f"/standards/{standard.pk}/")
    return {
        "enterprise": enterprise_pages,
        "bureau": ["/", "/tbt/", "/enterprises/", "/programme/", "/consult/comments/"],
    }


def _name(path: str) -> str:
    """``/alerts/inbox/12/`` -> ``alerts_inbox_one``: a page of one object."""
    parts = [part for part in path.split("?")[0].split("/") if part]
    words = ["one" if part.isdigit() else part for part in parts]
    return "_".join(words) or "home"


@benchmark("pages")
def pages() -> dict[str, Any]:
    # a benchmark's dependencies load only when it runs
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import override_settings

    rounds = int(os.environ.get("BIAOZHUN_BENCH_PAGES_ROUNDS", "30"))
    enterprise_user, staff = _users()
    figures: dict[str, Any] = {"rounds": rounds}
    every: list[float] = []
    db_before = database_cpu_ms()
    requests = 0
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        for role, user in (("enterprise", enterprise_user), ("bureau", staff)):
            client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
            client.force_login(user)
            for path in _pages(enterprise_user)[role]:
                name = f"{role}_{_name(path)}"
                client.get(path.format(q="标准"))  # warm: imports, templates
                # the queries, counted on one more request: the timed requests run without
                # Django's query log, as a server does
                connection.force_debug_cursor = True
                reset_queries()
                client.get(path.format(q="标准"))
                queries = len(connection.queries)
                connection.force_debug_cursor = False
                cpu: list[float] = []
                wall: list[float] = []
                for i in range(rounds):
                    url = path.format(q=QUERIES[i % len(QUERIES)])
                    c0, w0 = time.process_time(), time.perf_counter()
                    response = client.get(url)
                    w1, c1 = time.perf_counter(), time.process_time()
                    if response.status_code != 200:
                        raise RuntimeError(f"{url}: HTTP {response.status_code}")
                    cpu.append((c1 - c0) * 1000)
                    wall.append((w1 - w0) * 1000)
                    requests += 1
                every.extend(cpu)
                figures[f"{name}_cpu_ms"] = round(statistics.median(cpu), 2)
                figures[f"{name}_wall_ms"] = round(statistics.median(wall), 2)
                figures[f"{name}_queries"] = queries
                print(
                    f"{name:32} cpu {statistics.median(cpu):6.1f} ms  "
                    f"wall {statistics.median(wall):6.1f} ms  {queries} queries",
                    file=sys.stderr,
                )
    db_after = database_cpu_ms()
    figures["median_cpu_ms"] = round(statistics.median(every), 2)
    figures["p95_cpu_ms"] = round(statistics.quantiles(every, n=20)[18], 2)
    if db_before is not None and db_after is not None:
        figures["db_cpu_ms"] = round((db_after - db_before) / max(requests, 1), 2)
    return figures
