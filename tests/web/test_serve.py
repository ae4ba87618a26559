"""``biaozhun serve``: its web worker processes (one per core by default), the worker and the
mail sink it starts do not outlive the server; the live feed works across web processes."""

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
from tests.python_process import run_python


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _children_running(pid: int, command: str) -> list[int]:
    """The children of ``pid`` running ``biaozhun <command>`` (not the web processes)."""
    found = []
    for child in _children(pid):
        try:
            argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except FileNotFoundError:
            continue
        if command.encode() in argv:
            found.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has exited; only its exit status waits to be read


def _serve(
    *options: str, port: int = 0, log: Path | None = None, **env: str
) -> subprocess.Popen[bytes]:
    """``biaozhun serve <options>`` as a separate process, on a free port (its output to
    ``log`` if given)."""
    environ = dict(os.environ)
    environ.update(
        {"DATABASE_URL": database_url(), "DEBUG": "false", "PYTHONPATH": str(ROOT), **env}
    )
    port = port or free_port()
    with open(log, "ab") if log else open(os.devnull, "wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "biaozhun.cli", "serve", *options, "--port", str(port)],
            cwd=ROOT,
            env=environ,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def _wait_warmed(log: Path, workers: int) -> None:
    """Until ``workers`` web processes have warmed up (biaozhun.web.warm logs it before the
    process accepts connections): the first one ready would otherwise take every connection."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if log.read_text(errors="replace").count("web process warmed") >= workers:
            return
        time.sleep(0.3)
    raise AssertionError(f"fewer than {workers} web processes warmed: {log.read_text()[-2000:]}")


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
            worker = next(iter(_children_running(server.pid, "worker")), 0)
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
        [sink] = _children_running(server.pid, "mailsink")
        assert _kill_server_and_wait(server, sink), "the mail sink outlived the server"
    finally:
        _clean_up(server, sink)


# --- web worker processes ----------------------------------------------------------------


def _web_workers(server: int) -> list[int]:
    """The server's uvicorn worker processes (not multiprocessing's resource tracker)."""
    found = []
    for pid in _children(server):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"spawn_main" in cmdline:
            found.append(pid)
    return found


def _wait_serving(server: subprocess.Popen[bytes], port: int, workers: int) -> None:
    """Until ``workers`` web processes run and the sign-in page answers."""
    import requests

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited"
        if len(_web_workers(server.pid)) >= workers:
            try:
                if requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).ok:
                    return
            except requests.RequestException:
                pass
        time.sleep(0.3)
    raise AssertionError(f"no {workers} web processes serving on {port}")


def test_serve_runs_one_web_process_per_core_unless_told(
    monkeypatch: pytest.MonkeyPatch, settings: object
) -> None:
    from django.core.management import call_command

    from biaozhun.web.management.commands import serve

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(serve, "run_web", lambda app, **kw: calls.append(kw))
    monkeypatch.delenv(serve.SERVER_PID_ENV, raising=False)
    cores = len(os.sched_getaffinity(0))
    monkeypatch.setattr(settings, "WEB_WORKERS", cores)
    call_command("serve", "--port", "1")
    monkeypatch.setattr(settings, "WEB_WORKERS", 5)
    call_command("serve", "--port", "1")
    call_command("serve", "--port", "1", "--workers", "3")
    assert [c["workers"] for c in calls] == [cores, 5, 3]
    assert os.environ[serve.SERVER_PID_ENV] == str(os.getpid())


@pytest.mark.parametrize(
    ("value", "workers"), [("", None), ("3", 3), ("0", "error"), ("two", "error"), ("1e3", "error")]
)
def test_web_workers_setting_is_validated_at_start(value: str, workers: object) -> None:
    result = run_python(
        "import biaozhun.settings as s; print(s.WEB_WORKERS)", {"BIAOZHUN_WEB_WORKERS": value}
    )
    if workers == "error":
        assert result.returncode != 0
        assert "BIAOZHUN_WEB_WORKERS" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        expected = workers or len(os.sched_getaffinity(0))
        assert int(result.stdout) == expected


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
@pytest.mark.django_db(transaction=True)
def test_web_processes_stop_when_the_server_is_killed() -> None:
    port = free_port()
    server = _serve("--workers", "2", port=port)
    children: list[int] = []
    try:
        _wait_serving(server, port, 2)
        children = _children(server.pid)
        assert len(_web_workers(server.pid)) == 2
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        deadline = time.monotonic() + 20
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [c for c in children if _alive(c)], "a web process outlived the server"
    finally:
        if server.poll() is None:
            server.kill()
        for child in children:
            if _alive(child):
                os.kill(child, signal.SIGKILL)


def _sockets_of(pid: int) -> set[str]:
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir() if fd_dir.exists() else ():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _tcp_sockets(port: int, state: str) -> set[str]:
    """The inodes of the sockets on local ``port`` in ``state`` (/proc/net/tcp's hex code:
    ``01`` established, ``0A`` listening)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
                found.add(fields[9])
    return found


def _connections_by_worker(workers: list[int], port: int) -> dict[int, int]:
    """How many established connections to ``port`` each web process holds."""
    accepted = _tcp_sockets(port, "01")
    return {pid: len(_sockets_of(pid) & accepted) for pid in workers}


@pytest.mark.skipif(sys.platform != "linux", reason="SO_REUSEPORT's spreading is Linux's")
@pytest.mark.django_db(transaction=True)
def test_each_web_process_listens_on_its_own_socket_and_connections_spread(
    tmp_path: Path,
) -> None:
    """With one socket shared by the web processes, the process that went back to waiting last
    took nearly every connection (8 keep-alive users on one process, the other idle); each
    process now listens on its own socket (SO_REUSEPORT) and the kernel spreads connections.
    16 keep-alive sessions all landing on one of two processes by chance: 1 in 32,768."""
    import requests

    port = free_port()
    log = tmp_path / "serve.log"
    server = _serve("--workers", "2", port=port, log=log)
    sessions: list[requests.Session] = []
    try:
        _wait_serving(server, port, 2)
        _wait_warmed(log, 2)
        workers = _web_workers(server.pid)
        listening = _tcp_sockets(port, "0A")
        assert len(listening) == 2
        assert all(len(_sockets_of(pid) & listening) == 1 for pid in workers)
        assert not _sockets_of(server.pid) & listening  # the server's own socket never listens
        for _ in range(16):
            session = requests.Session()
            assert session.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=30).ok
            sessions.append(session)
        spread = _connections_by_worker(workers, port)
        assert sum(spread.values()) == 16 and all(spread.values()), spread
    finally:
        for session in sessions:
            session.close()
        server.kill()
        server.wait(10)


@pytest.mark.skipif(sys.platform != "linux", reason="SO_REUSEPORT as Linux has it")
def test_the_reserved_port_admits_only_the_web_processes_sockets() -> None:
    """The server's own socket holds the port (port 0: the one the system chose); sockets with
    SO_REUSEPORT (the web processes') may join it, any other bind is refused."""
    import socket

    from biaozhun.web.management.commands.serve import _reserve_port, _tcp_socket

    held = _reserve_port("127.0.0.1", 0)
    port = held.getsockname()[1]
    try:
        assert port != 0
        assert held.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)
        _tcp_socket("127.0.0.1", port, reuse_port=True).close()
        with socket.socket() as other, pytest.raises(OSError):
            other.bind(("127.0.0.1", port))
    finally:
        held.close()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to find the web processes")
@pytest.mark.django_db(transaction=True)
def test_a_second_server_on_the_same_port_is_refused_and_a_dead_web_process_replaced() -> None:
    import socket

    import requests

    port = free_port()
    server = _serve("--workers", "2", port=port)
    try:
        _wait_serving(server, port, 2)
        # the port is taken, also for another `serve` of the same user (no silent sharing)
        second = _serve("--workers", "2", port=port)
        try:
            assert second.wait(60) != 0
        finally:
            if second.poll() is None:
                second.kill()
        with socket.socket() as other, pytest.raises(OSError):
            other.bind(("127.0.0.1", port))
        assert requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=30).ok
        # a web process that dies is replaced
        before = _web_workers(server.pid)
        os.kill(before[0], signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            now = _web_workers(server.pid)
            if len(now) == 2 and before[0] not in now:
                break
            time.sleep(0.3)
        assert len(now) == 2 and before[0] not in now, now
        _wait_serving(server, port, 2)
        # SIGTERM stops the server and its web processes
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0
        assert not [pid for pid in now if _alive(pid)]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)


def _redis_up() -> bool:
    import redis

    try:
        return bool(
            redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")).ping()
        )
    except redis.RedisError:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to see which process serves")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("wake", ["poll", pytest.param("redis", marks=pytest.mark.redis)])
def test_live_feed_reaches_clients_of_every_web_process(
    wake: str, make_user: object, settings: object, tmp_path: Path
) -> None:
    """Streams held by both web processes of ``serve --workers 2`` receive a notification
    published by another process (this one): by polling the database, or (with the poll
    interval set to 25 s, below the client's 30 s read timeout) within 5 s, which only the Redis
    wake-up does for every stream."""
    from django.db import transaction

    from biaozhun.bench.liveserver import SseReader, session_cookie
    from biaozhun.notify import services

    if wake == "redis" and not _redis_up():
        pytest.skip("no Redis")
    env = {"BIAOZHUN_TASK_BACKEND": "immediate"}
    if wake == "redis":
        env.update({"BIAOZHUN_NOTIFY_SSE_REDIS": "true", "BIAOZHUN_NOTIFY_SSE_POLL_SECONDS": "25"})
        settings.NOTIFY_SSE_REDIS = True  # type: ignore[attr-defined]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # type: ignore[attr-defined]
    users = [make_user("bureau_staff", f"sse-{wake}-{i}") for i in range(12)]  # type: ignore[operator]
    port = free_port()
    log = tmp_path / "serve.log"
    server = _serve("--workers", "2", port=port, log=log, **env)
    readers: list[SseReader] = []
    try:
        _wait_serving(server, port, 2)
        _wait_warmed(log, 2)
        workers = _web_workers(server.pid)
        url = f"http://127.0.0.1:{port}/notifications/stream/"
        for user in users:
            reader = SseReader(url, session_cookie(user)).start()
            readers.append(reader)
            assert reader.wait_for(lambda e: e.get("event") == "hello", 30), "no hello"
            spread = _connections_by_worker(workers, port)
            if len(readers) >= 2 and all(spread.values()):
                break
        assert all(spread.values()), f"the streams did not reach both processes: {spread}"
        with transaction.atomic():
            services.publish(
                kind="test",
                urgency="red",
                users=users[: len(readers)],
                title_zh=f"跨进程通知 {wake}",
                title_en=f"Cross-process {wake}",
                url="/notifications/",
                source=None,
                dedupe_key=f"test-sse-workers:{wake}",
            )
        deadline = time.monotonic() + (20 if wake == "poll" else 5)  # from the commit
        for reader in readers:
            event = reader.wait_for(
                lambda e: e.get("json", {}).get("title_zh") == f"跨进程通知 {wake}",
                max(deadline - time.monotonic(), 0.1),
            )
            assert event is not None, "a stream did not receive the notification"
    finally:
        for reader in readers:
            reader.stop()
        server.kill()
        server.wait(10)


def test_the_shared_socket_sets_tcp_nodelay_on_every_connection() -> None:
    """The web processes' listening socket is made with protocol TCP, so asyncio sets
    TCP_NODELAY on each accepted connection (uvicorn's own socket for several workers has
    protocol 0: every response then waited 40 ms for the client's delayed ACK)."""
    import asyncio
    import socket

    from biaozhun.web.management.commands.serve import _tcp_socket

    listening = _tcp_socket("127.0.0.1", 0, reuse_port=True)
    assert listening.proto == socket.IPPROTO_TCP
    port = listening.getsockname()[1]
    seen: list[int] = []

    async def main() -> None:
        def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(accepted, sock=listening)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(100):
                if seen:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    # in a thread of its own: another test's event loop may be running in this one
    import threading

    runner = threading.Thread(target=lambda: asyncio.run(main()))
    runner.start()
    runner.join(30)
    assert seen and seen[0] != 0
