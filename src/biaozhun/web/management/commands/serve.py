"""``biaozhun serve``: the ASGI web server (uvicorn), optionally with the task worker and,
for development and demos, the local mail sink (``biaozhun mailsink``)."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

#: set by ``serve`` to its own process id for the web worker processes it starts (uvicorn's
#: supervisor spawns them: no hook runs between fork and exec), read by
#: :func:`die_with_server` when a worker imports the ASGI application
SERVER_PID_ENV = "BIAOZHUN_SERVE_PID"

logger = logging.getLogger("uvicorn.error")


def _die_with_parent() -> None:
    """Runs in a child process (the task worker and the mail sink between fork and exec, a web
    worker when it imports the application): on Linux, ask the kernel to send it SIGTERM
    when its parent dies, even by SIGKILL, so no orphaned process keeps running."""
    # a heavy or optional dependency: loaded on first use
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the finally clause below still stops the worker on a normal exit


def die_with_server() -> None:
    """In a web worker process started by ``serve --workers N`` (N > 1): die with the server.
    The supervisor is the worker's parent; if it died before the request took effect, the
    worker has been re-parented already and stops at once. Nothing to do in the server's own
    process (one worker: uvicorn serves in the process ``serve`` runs in) or elsewhere."""
    server = os.environ.get(SERVER_PID_ENV, "")
    if sys.platform != "linux" or not server.isdigit() or int(server) == os.getpid():
        return
    _die_with_parent()
    if os.getppid() != int(server):
        os.kill(os.getpid(), signal.SIGTERM)


def web_workers(option: int | None) -> int:
    """``--workers`` if given, else the ``WEB_WORKERS`` setting (``BIAOZHUN_WEB_WORKERS``, by
    default one per core)."""
    workers = option if option is not None else int(settings.WEB_WORKERS)
    if workers < 1:
        raise CommandError("--workers must be at least 1. / --workers 至少为 1。")
    return workers


def proxy_options() -> dict[str, Any]:
    """Forwarded headers are believed only from ``TRUSTED_PROXIES`` (uvicorn would otherwise
    believe X-Forwarded-For from any loopback client, and so would the login throttle)."""
    trusted = list(settings.TRUSTED_PROXIES)
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": trusted or []}


def run_web(app: str, *, host: str, port: int, workers: int, **options: Any) -> None:
    """uvicorn on ``app``: in this process, or ``workers`` web processes (:class:`WebProcesses`)."""
    # a heavy or optional dependency: loaded on first use
    import uvicorn

    config = uvicorn.Config(app, host=host, port=port, workers=workers, **options)
    if workers > 1:
        WebProcesses(config, host, port, workers).run()
    else:
        uvicorn.Server(config).run()


#: on Linux each web process listens on a socket of its own on the same port (SO_REUSEPORT)
REUSE_PORT = sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT")


def _tcp_socket(host: str, port: int, *, reuse_port: bool = False) -> socket.socket:
    """A listening socket for the web processes, bound and not yet listening (asyncio listens
    when the process has warmed up and starts serving), made as a TCP socket (protocol
    ``IPPROTO_TCP``): asyncio sets ``TCP_NODELAY`` only on sockets whose protocol says TCP, and
    without it every response written in two parts (headers, then body) waited for the
    client's delayed ACK, 40 ms a request (uvicorn's own socket for several workers has
    protocol 0; measured: 56-64 ms a page with two web processes, 15 ms with one).
    ``reuse_port``: several sockets of this user may share the port (SO_REUSEPORT)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        raise CommandError(
            f"无法监听 {host}:{port}:{exc.strerror} / cannot listen on {host}:{port}: "
            f"{exc.strerror}"
        ) from exc
    listening.set_inheritable(True)
    return listening


def _reserve_port(host: str, port: int) -> socket.socket:
    """The port for the web processes' own sockets: refused with a clear error when anything
    else holds it (a first bind without SO_REUSEPORT fails even against another program's
    SO_REUSEPORT sockets, so a second ``serve`` never silently shares the port), then held by a
    socket with SO_REUSEPORT that never listens (the kernel hands connections only to
    listening sockets, i.e. to the web processes). Port 0: the port the system chose."""
    probe = _tcp_socket(host, port)
    port = probe.getsockname()[1]
    probe.close()
    return _tcp_socket(host, port, reuse_port=True)


def _web_process(config: Any, host: str, port: int, shared: socket.socket | None) -> None:
    """A web process (started by :class:`WebProcesses`): uvicorn serving ``config``'s app on
    its own socket (SO_REUSEPORT), or on the ``shared`` one where the platform has none."""
    # a heavy or optional dependency: loaded on first use
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE

    config.configure_logging()
    try:
        listening = shared or _tcp_socket(host, port, reuse_port=True)
    except CommandError as exc:
        print(exc, file=sys.stderr)
        sys.exit(STARTUP_FAILURE)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: the server stops; no traceback
        uvicorn.Server(config).run(sockets=[listening])


class WebProcesses:
    """``workers`` uvicorn processes serving one port, kept running until SIGINT or SIGTERM.

    On Linux each process listens on **its own socket** on the port (SO_REUSEPORT), and the
    kernel spreads new connections over the listening processes by a hash of each connection's
    addresses. With one shared socket (uvicorn's supervisor), the process whose event loop
    returned to ``epoll_wait`` last — the busiest one — was woken first and accepted nearly
    every connection: eight keep-alive users all on one process while the other idled
    (decision 0012). A process listens only once it has warmed up and started serving, and a
    process that exits is replaced; one that cannot start (uvicorn's exit status 3) stops the
    server. Elsewhere the processes share one socket, as before."""

    def __init__(self, config: Any, host: str, port: int, workers: int) -> None:
        self.config = config
        self.host = host
        self.port = port
        self.workers = workers
        self.stopping = threading.Event()

    def _start(self, shared: socket.socket | None) -> Any:
        # a heavy or optional dependency: loaded on first use
        import multiprocessing

        process = multiprocessing.get_context("spawn").Process(
            target=_web_process,
            args=(self.config, self.host, self.port, shared),
            name="biaozhun-web",
        )
        process.start()
        return process

    def _stop(self, signum: int, frame: Any) -> None:
        self.stopping.set()

    def run(self) -> None:
        # a heavy or optional dependency: loaded on first use
        from uvicorn.config import STARTUP_FAILURE

        if REUSE_PORT:
            held, shared = _reserve_port(self.host, self.port), None
        else:
            held = shared = _tcp_socket(self.host, self.port)
        self.port = held.getsockname()[1]  # the system's choice for port 0
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._stop)
        processes = [self._start(shared) for _ in range(self.workers)]
        failed = False
        try:
            while not self.stopping.wait(0.5):
                for index, process in enumerate(processes):
                    if process.is_alive() or self.stopping.is_set():
                        continue
                    process.join()
                    if process.exitcode == STARTUP_FAILURE:
                        logger.error("web process %s could not start", process.pid)
                        failed = True
                        self.stopping.set()
                        break
                    logger.warning(
                        "web process %s exited (%s); starting another",
                        process.pid,
                        process.exitcode,
                    )
                    processes[index] = self._start(shared)
        finally:
            for process in processes:
                if process.is_alive():
                    process.terminate()  # SIGTERM: uvicorn finishes the requests in progress
            deadline = time.monotonic() + float(self.config.timeout_graceful_shutdown or 0) + 10
            for process in processes:
                process.join(max(deadline - time.monotonic(), 0.1))
                if process.is_alive():
                    process.kill()
                    process.join()
            held.close()
        if failed:
            raise CommandError(
                "一个网页进程无法启动(见上方日志)。/ A web process could not start (see the log "
                "above)."
            )


def _pool_web_connections(workers: int) -> None:
    """On PostgreSQL the web processes keep a connection pool (``DB_POOL_OPTIONS``): the web
    processes uvicorn starts read ``BIAOZHUN_DB_POOL`` in their settings; with one web process
    uvicorn serves in this process, whose settings are already read, so its connection is
    reconfigured here before the first request."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return
    os.environ.setdefault("BIAOZHUN_DB_POOL", "1")
    if workers == 1 and os.environ["BIAOZHUN_DB_POOL"].lower() in {"1", "true", "yes", "on"}:
        # a heavy or optional dependency: loaded on first use
        from django.db import connections

        connections.close_all()
        options = connections["default"].settings_dict.setdefault("OPTIONS", {})
        options.setdefault("pool", dict(settings.DB_POOL_OPTIONS))


class Command(BaseCommand):
    help = "Start the web server (uvicorn on the ASGI app); --with-worker also runs the worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("BIAOZHUN_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("BIAOZHUN_PORT", "8000"))
        )
        parser.add_argument("--with-worker", action="store_true")
        parser.add_argument(
            "--with-mailsink",
            action="store_true",
            help="development: keep outgoing mail as files under var/mail (biaozhun mailsink)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="web processes (default: BIAOZHUN_WEB_WORKERS, else one per core)",
        )

    def _start(self, command: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "biaozhun.cli", command],
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )

    def _mailsink(self) -> subprocess.Popen[bytes] | None:
        """The mail sink, on the mailer's port, unless a mail server already listens there."""
        # loaded when the command runs, so `biaozhun --help` stays fast
        from biaozhun.notify.conf import mail_server

        host, port = mail_server()
        if host not in {"127.0.0.1", "localhost"}:
            self.stdout.write(f"mail goes to {host}:{port}; no mail sink started")
            return None
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                self.stdout.write(f"a mail server already listens on {port}; no mail sink")
                return None
        return self._start("mailsink")

    def handle(self, *args: Any, **options: Any) -> None:
        children = []
        if options["with_mailsink"] and (sink := self._mailsink()) is not None:
            children.append(sink)
        if options["with_worker"]:
            children.append(self._start("worker"))
        workers = web_workers(options["workers"])
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(
            f"biaozhun at {url} ({workers} web process{'es' if workers > 1 else ''}, "
            f"database: {settings.DATABASES['default']['ENGINE']})"
        )
        # the web worker processes inherit it and ask to die with this process (asgi.py)
        os.environ[SERVER_PID_ENV] = str(os.getpid())
        _pool_web_connections(workers)  # after the worker started: the worker does not pool
        try:
            run_web(
                "biaozhun.asgi:application",
                host=options["host"],
                port=options["port"],
                workers=workers,
                log_level="info",
                timeout_graceful_shutdown=3,
                **proxy_options(),
            )
        finally:
            for child in children:
                child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
