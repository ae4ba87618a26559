"""Where a request's time goes inside the server: a ``Server-Timing`` response header.

Under load a client sees how long a page took, not where: waiting before the application got
the request, waiting for a thread (each web process runs each request in a thread of its own
and Python runs one thread at a time), the page's own work, or the database. With
``SERVER_TIMING`` on (``BIAOZHUN_SERVER_TIMING=1``; the load benchmark's server has it) every
response says, in the standard header browsers' developer tools and the load benchmark read::

    Server-Timing: wait;dur=0.4, page;dur=18.2, cpu;dur=16.9, process;dur=17.5,
                   gc;dur=0.0, db;dur=2.1, queries;desc="7"

* ``wait``: from the moment the ASGI application received the request (``asgi.stamp``) to the
  moment Django's first middleware ran: reading the body, handing the request to a thread,
  waiting for Python's lock. 0 when not served over ASGI.
* ``page``: Django's whole middleware chain and view, wall time.
* ``cpu``: CPU time of the request's thread in that span (``page`` - ``cpu`` is time spent
  waiting: for Python's lock held by another request's thread, for a database lock, for I/O).
* ``process``: CPU time of the whole web process in that span, all its threads: near
  ``page`` when the request waited for others' work in the same process, near ``cpu`` when it
  waited for something outside (a lock, the disk).
* ``gc``: wall time the process spent collecting garbage in that span (any thread's).
* ``db``: wall time of the SQL statements; ``queries``: how many.

The header reveals durations and a count, nothing of the data; it is off by default.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

from biaozhun.core.server_timing import header

#: where the ASGI stamp keeps the arrival time in the request's scope
ARRIVED = "biaozhun.arrived"


def stamp(app: Any) -> Any:
    """An ASGI application that notes when each HTTP request arrived, then runs ``app``."""

    async def stamped(scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope.get("type") == "http":
            scope[ARRIVED] = time.perf_counter()
        return await app(scope, receive, send)

    return stamped


class _Collector:
    """Wall time the process has spent in Python's garbage collector (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started:
            self.seconds += time.perf_counter() - self._started
            self._started = 0.0


COLLECTOR = _Collector()


class _Statements:
    """Counts the SQL statements run through a connection and their wall time."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


class ServerTimingMiddleware:
    """Adds the ``Server-Timing`` header (see the module) when ``SERVER_TIMING`` is on; the
    first middleware of the chain so that ``page`` covers all of it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings
        from django.core.exceptions import MiddlewareNotUsed

        if not getattr(settings, "SERVER_TIMING", False):
            raise MiddlewareNotUsed
        self.get_response = get_response
        if COLLECTOR not in gc.callbacks:
            gc.callbacks.append(COLLECTOR)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        cpu_started = time.thread_time()
        process_started = time.process_time()
        gc_started = COLLECTOR.seconds
        statements = _Statements()
        with connections["default"].execute_wrapper(statements):
            response = self.get_response(request)
        page = time.perf_counter() - started
        cpu = time.thread_time() - cpu_started
        process = time.process_time() - process_started
        arrived = getattr(request, "scope", {}).get(ARRIVED)
        wait = max(started - arrived, 0.0) if arrived is not None else 0.0
        response["Server-Timing"] = header(
            wait=wait,
            page=page,
            cpu=cpu,
            process=process,
            gc=COLLECTOR.seconds - gc_started,
            db=statements.seconds,
            queries=statements.count,
        )
        return response
