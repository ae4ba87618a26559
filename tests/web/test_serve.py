"""``biaozhun serve --with-worker``: the worker it starts does not outlive the server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.notify.conftest import free_port
from tests.notify.workers import ROOT, database_url


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has exited; only its exit status waits to be read


def _serve(option: str, **env: str) -> subprocess.Popen[bytes]:
    """``biaozhun serve <option>`` as a separate process, on a free port."""
    environ = dict(os.environ)
    environ.update(
        {"DATABASE_URL": database_url(), "DEBUG": "false", "PYTHONPATH": str(ROOT), **env}
    )
    return subprocess.Popen(
        [sys.executable, "-m", "biaozhun.cli", "serve", option, "--port", str(free_port())],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_server_and_wait(server: subprocess.Popen[bytes], child: int) -> bool:
    """SIGKILL the server; True once ``child`` has exited too (within 20 s)."""
    server.send_signal(signal.SIGKILL)
    server.wait(10)
    deadline = time.monotonic() + 20
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not _alive(child)


def _clean_up(server: subprocess.Popen[bytes], child: int) -> None:
    if server.poll() is None:
        server.kill()
    if child and _alive(child):
        os.kill(child, signal.SIGKILL)


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
@pytest.mark.django_db(transaction=True)
def test_worker_stops_when_the_server_is_killed() -> None:
    server = _serve("--with-worker", BIAOZHUN_TASK_BACKEND="database")
    worker = 0
    try:
        deadline = time.monotonic() + 60
        while not worker and time.monotonic() < deadline:
            assert server.poll() is None, "the server exited"
            worker = next(iter(_children(server.pid)), 0)
            time.sleep(0.2)
        assert worker, "the server started no worker"
        assert _kill_server_and_wait(server, worker), "the worker outlived the server"
    finally:
        _clean_up(server, worker)


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
@pytest.mark.django_db(transaction=True)
def test_mail_sink_starts_with_the_server_and_stops_with_it(tmp_path: Path) -> None:
    import socket

    smtp_port = free_port()
    server = _serve(
        "--with-mailsink",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        BIAOZHUN_VAR_DIR=str(tmp_path),
    )
    sink = 0
    try:
        deadline = time.monotonic() + 60
        listening = False
        while not listening and time.monotonic() < deadline:
            assert server.poll() is None, "the server exited"
            with socket.socket() as probe:
                listening = probe.connect_ex(("127.0.0.1", smtp_port)) == 0
            time.sleep(0.2)
        assert listening, "no mail sink on the mailer's port"
        [sink] = _children(server.pid)
        assert _kill_server_and_wait(server, sink), "the mail sink outlived the server"
    finally:
        _clean_up(server, sink)
