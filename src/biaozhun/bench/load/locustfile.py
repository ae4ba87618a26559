"""Locust scenarios of ``biaozhun bench load`` (run by locust, never imported by Django).

Enterprise users on their daily pages and the 查新 upload, bureau staff on theirs, signed in
with session cookies the benchmark made (``BIAOZHUN_LOAD_SPEC``: the JSON that
:func:`biaozhun.bench.load.prepare_load_users` writes). No think time by default: the benchmark
measures throughput; ``BIAOZHUN_LOAD_THINK`` seconds give each user pauses as people make. A
request fails unless it answers 200 with a whole page at the expected path (a redirect to the
sign-in page, an error page or a 查新 that does not land on its report all count as failures).
Every request's time is written to ``BIAOZHUN_LOAD_OUT`` at the end.

Run by hand::

    BIAOZHUN_LOAD_SPEC=var/bench-load-users.json locust -f src/biaozhun/bench/load/locustfile.py \\
        --headless -u 8 -r 8 -t 30s --host http://127.0.0.1:8000
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from locust import HttpUser, between, constant, events, task

from biaozhun.core.server_timing import parse as parse_server_timing

_spec_path = os.environ.get("BIAOZHUN_LOAD_SPEC", "")
SPEC: dict[str, Any] = json.loads(Path(_spec_path).read_text("utf-8")) if _spec_path else {}
COOKIE = SPEC.get("cookie_name", "sessionid")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

#: (name, milliseconds, ok, end time, the server's timing) of every request; failures'
#: reasons (a few of each)
SAMPLES: list[tuple[str, float, bool, float, dict[str, float]]] = []
FAILURES: dict[str, list[str]] = {}


def _record(
    name: str, response_time: float, exception: Any = None, response: Any = None, **_: Any
) -> None:
    headers = getattr(response, "headers", None) or {}
    timing = parse_server_timing(headers.get("Server-Timing"))
    SAMPLES.append((name, float(response_time), exception is None, time.time(), timing))
    if exception is not None:
        reasons = FAILURES.setdefault(name, [])
        if len(reasons) < 5:
            reasons.append(str(exception)[:300])


def _write(**_: Any) -> None:
    out = os.environ.get("BIAOZHUN_LOAD_OUT")
    if out:
        Path(out).write_text(
            json.dumps({"samples": SAMPLES, "failures": FAILURES}), encoding="utf-8"
        )


events.request.add_listener(_record)  # type: ignore[no-untyped-call]
events.quitting.add_listener(_write)  # type: ignore[no-untyped-call]


THINK = float(os.environ.get("BIAOZHUN_LOAD_THINK", "0"))


class _Signed(HttpUser):
    abstract = True
    # think time between a user's pages: 0 (throughput) unless BIAOZHUN_LOAD_THINK seconds,
    # then drawn from 0.5x to 1.5x of it (people read a page before the next)
    wait_time = between(0.5 * THINK, 1.5 * THINK) if THINK else constant(0)
    accounts: list[dict[str, Any]] = []
    counter = itertools.count()

    def on_start(self) -> None:
        self.account = self.accounts[next(self.counter) % len(self.accounts)]
        self.client.cookies.set(COOKIE, self.account["session"])
        if THINK:
            # people do not all click at the same instant: with think time each user's first
            # page comes after a pause drawn like the rest of a think time (0 to 1.5x), as
            # if the user were already reading a page when the run began. Without it the 32
            # users' first pages arrived within 30 ms, and that one burst was most of the
            # slowest twentieth of a 40-second run (docs/benchmarks/load.md).
            time.sleep(random.uniform(0, 1.5 * THINK))  # gevent's sleep under locust
        if SPEC.get("every_page_first"):  # the test: each scenario once, then the mix
            for scenario in dict.fromkeys(self.tasks):
                scenario(self)  # type: ignore[operator]

    def page(self, path: str, name: str, expect: str | None = None, **params: str) -> None:
        """GET ``path``; a failure unless it answers 200 with a page at ``expect`` (a regex of
        the final path, after redirects; by default ``path`` itself)."""
        with self.client.get(
            path, params=params or None, name=name, catch_response=True
        ) as response:
            _verify(response, expect or re.escape(urlsplit(path).path))

    def search(self) -> None:
        query = random.choice(SPEC["queries"])
        self.page("/standards/", "standard search", q=query)

    def standard(self) -> None:
        self.page(f"/standards/{random.choice(SPEC['standards'])}/", "standard page")


def _verify(response: Any, expect: str) -> None:
    path = urlsplit(response.url or "").path
    if response.status_code != 200:
        response.failure(f"HTTP {response.status_code} at {path}")
    elif not re.fullmatch(expect, path):
        response.failure(f"landed on {path}, not {expect}")
    elif "</html>" not in response.text:
        response.failure(f"not a whole page at {path}")
    else:
        response.success()


class EnterpriseUser(_Signed):
    """A user of an exporting enterprise: alerts, search, watch list and 查新."""

    weight = int(SPEC.get("weights", {}).get("enterprise", 3))
    accounts = SPEC.get("enterprise", [])
    counter = itertools.count()

    @task(2)
    def home(self) -> None:
        self.page("/", "home (enterprise)")

    @task(2)
    def alert_inbox(self) -> None:
        self.page("/alerts/inbox/", "alert inbox")

    @task(2)
    def alert(self) -> None:
        self.page(f"/alerts/inbox/{random.choice(self.account['alerts'])}/", "alert page")

    @task(3)
    def standard_search(self) -> None:
        self.search()

    @task(2)
    def standard_page(self) -> None:
        self.standard()

    @task(2)
    def tbt_list(self) -> None:
        self.page("/tbt/", "TBT list (enterprise)")

    @task(2)
    def watch_list(self) -> None:
        self.page(f"/validity/watch/{self.account['enterprise']}/", "watch list")

    @task(1)
    def validity_upload(self) -> None:
        """The 查新 form, then a list of 20-50 designations posted through it (with its CSRF
        token) as a text file; lands on the check's report."""
        with self.client.get("/validity/check/", name="查新 form", catch_response=True) as response:
            _verify(response, "/validity/check/")
            found = CSRF.search(response.text or "")
        if not found:
            return
        lines = random.sample(
            SPEC["designations"], k=min(random.randint(20, 50), len(SPEC["designations"]))
        )
        body = ("\n".join(lines) + "\n").encode("utf-8")
        with self.client.post(
            "/validity/check/",
            name="查新 upload",
            data={"csrfmiddlewaretoken": found.group(1), "text": ""},
            files={"file": ("bench-load-upload.txt", body, "text/plain")},
            headers={"Referer": f"{self.host}/validity/check/"},
            catch_response=True,
        ) as response:
            _verify(response, r"/validity/check/\d+/")


class StaffUser(_Signed):
    """Bureau staff: the TBT desk, enterprises, the programme and consultation."""

    weight = int(SPEC.get("weights", {}).get("bureau", 1))
    accounts = SPEC.get("bureau", [])
    counter = itertools.count()

    @task(2)
    def home(self) -> None:
        self.page("/", "home (bureau)")

    @task(2)
    def tbt_list(self) -> None:
        self.page("/tbt/", "TBT list (bureau)")

    @task(2)
    def enterprise_list(self) -> None:
        self.page("/enterprises/", "enterprise list")

    @task(1)
    def programme(self) -> None:
        self.page("/programme/", "programme dashboard")

    @task(1)
    def registries(self) -> None:
        self.page("/programme/registries/", "programme registries")

    @task(1)
    def consultation(self) -> None:
        self.page("/consult/comments/", "consultation desk")

    @task(1)
    def alert_desk(self) -> None:
        self.page("/alerts/desk/", "alert desk")

    @task(1)
    def standard_search(self) -> None:
        self.search()
