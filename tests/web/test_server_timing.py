"""The Server-Timing header (issue 19: where a slow request's time went under load): off by
default, and when on, every response says how long it waited, ran, used the CPU and the
database, over Django's test client and over ASGI."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from asgiref.testing import ApplicationCommunicator
from django.core.asgi import get_asgi_application
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from biaozhun.bench.load import _figures
from biaozhun.core.server_timing import header, parse
from biaozhun.web.timing import ARRIVED, stamp
from tests.asgi_scope import http_scope


@given(
    wait=st.floats(min_value=0, max_value=100),
    page=st.floats(min_value=0, max_value=100),
    cpu=st.floats(min_value=0, max_value=100),
    process=st.floats(min_value=0, max_value=100),
    gc=st.floats(min_value=0, max_value=100),
    db=st.floats(min_value=0, max_value=100),
    queries=st.integers(min_value=0, max_value=10**6),
)
def test_the_header_reads_back(
    wait: float, page: float, cpu: float, process: float, gc: float, db: float, queries: int
) -> None:
    figures = parse(
        header(wait=wait, page=page, cpu=cpu, process=process, gc=gc, db=db, queries=queries)
    )
    for name, seconds in (
        ("wait", wait),
        ("page", page),
        ("cpu", cpu),
        ("process", process),
        ("gc", gc),
        ("db", db),
    ):
        assert figures[name] == pytest.approx(seconds * 1000, abs=0.051)
    assert figures["queries"] == queries


@pytest.mark.parametrize("value", [None, "", "garbage", 'x;dur=abc, y;desc="?"', "a;b;c"])
def test_a_foreign_header_reads_as_nothing(value: Any) -> None:
    assert parse(value) == {}


def test_off_by_default(db: Any, bureau_user: Any) -> None:
    client = Client()
    client.force_login(bureau_user)
    assert "Server-Timing" not in client.get("/")


def test_each_response_says_where_its_time_went(db: Any, settings: Any, bureau_user: Any) -> None:
    settings.SERVER_TIMING = True
    client = Client()  # the middleware chain is built with the setting on
    client.force_login(bureau_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    figures = parse(response["Server-Timing"])
    assert set(figures) == {"wait", "page", "cpu", "process", "gc", "db", "queries"}
    assert figures["process"] >= figures["cpu"] - 0.1
    assert figures["wait"] == 0  # not served over ASGI: nothing stamped the arrival
    assert figures["page"] > 0 and figures["page"] >= figures["db"]
    assert figures["queries"] == len(queries.captured_queries)
    # an error page has it too
    assert "page;dur=" in client.get("/standards/999999999/")["Server-Timing"]


@pytest.mark.django_db(transaction=True)
def test_over_asgi_the_wait_before_django_is_counted(settings: Any) -> None:
    settings.SERVER_TIMING = True
    settings.ALLOWED_HOSTS = ["testserver"]
    app = stamp(get_asgi_application())
    scope = http_scope("/accounts/login/", [(b"host", b"testserver")], ("testserver", 80))

    async def request() -> dict[str, Any]:
        communicator = ApplicationCommunicator(app, scope)
        await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
        start = await communicator.receive_output(timeout=30)
        await communicator.receive_output(timeout=30)  # the body
        await communicator.wait(timeout=5)
        return start

    # in a thread of its own: a test before this one may have left an event loop running in
    # this thread (playwright's synchronous API does)
    with ThreadPoolExecutor(max_workers=1) as pool:
        start = pool.submit(lambda: asyncio.run(request())).result(timeout=60)
    assert start["status"] == 200
    headers = {key.decode().lower(): value.decode() for key, value in start["headers"]}
    figures = parse(headers["server-timing"])
    assert ARRIVED in scope
    assert figures["wait"] > 0  # handing the request to a thread takes some time
    assert figures["page"] > 0


def test_the_load_figures_say_where_the_slow_requests_waited() -> None:
    fast = {"wait": 0.5, "page": 10.0, "cpu": 9.0, "process": 9.5, "gc": 0.0, "db": 1.0}
    slow = {"wait": 300.0, "page": 500.0, "cpu": 20.0, "process": 480.0, "gc": 40.0, "db": 2.0}
    heavy = {"wait": 0.5, "page": 95.0, "cpu": 90.0, "process": 92.0, "gc": 0.0, "db": 1.0}
    samples: list[list[Any]] = [["home", 12.0, True, 100.0 + i, fast] for i in range(90)]
    samples += [["home", 900.0, True, 200.0 + i, slow] for i in range(10)]
    samples += [["old", 5.0, True, 300.0]]  # a sample of an earlier run: no timing
    samples[0] = ["查新 upload", 12.0, True, 100.0, heavy]
    figures = _figures(samples)
    assert figures["all_timed"] == 100
    assert figures["all_page_ms"] == 10.0
    assert figures["slow_timed"] == 10
    assert figures["slow_wait_ms"] == 300.0
    assert figures["slow_page_ms"] == 500.0
    assert figures["slow_cpu_ms"] == 20.0
    assert figures["slow_outside_ms"] == 100.0  # 900 - 300 - 500
    # the slow ones waited while their process was busy: process CPU near their wall time
    assert figures["slow_process_ms"] == 480.0
    assert figures["slow_gc_ms"] == 40.0
    assert figures["slow_pages"] == {"home": 10}
    assert figures["heaviest"][0] == ["查新 upload", 90.0, 95.0]
