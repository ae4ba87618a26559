"""An HTTP request's ASGI scope, for tests that call an ASGI application directly."""

from __future__ import annotations

from typing import Any


def http_scope(
    path: str = "/",
    headers: list[tuple[bytes, bytes]] | None = None,
    server: tuple[str, int] = ("127.0.0.1", 8000),
) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": list(headers or []),
        "client": ("127.0.0.1", 5000),
        "server": server,
    }
