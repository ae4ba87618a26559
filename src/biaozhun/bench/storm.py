"""``biaozhun bench storm``: the alert storm, end to end.

One **synthetic** WTO TBT notification (labelled: symbol ``G/TBT/N/USA/9xxxx``, title
``[压测合成数据 BENCH synthetic] ...``, imported as an example) concerns 5 000 **synthetic**
enterprises (``BIAOZHUN_BENCH_STORM_ENTERPRISES``; names ``压测合成企业 bench-storm ...``, one
user ``bench-storm-<run>-<i>`` each, with an e-mail address and e-mail alerts on), whose product
lines (from :func:`biaozhun.bench.population.synthetic_population`, HS chapter 85 only) and
markets (always the USA among others) the notification's chapter 85 covers.

It goes the platform's way: the notification is imported from an ePing JSON file by the TBT
importer (:func:`biaozhun.tbt.importers.import_file`), whose commit queues the alerts matcher
(``NotificationRecorded`` -> ``alerts.matching.on_notification_recorded``) on the RQ task
backend; an RQ worker matches, creates the alerts and writes the messages and deliveries
(in-app and e-mail) in one transaction; its commit wakes the live feeds (Redis pub/sub) and
queues the ``drain_outbox`` tasks that the RQ workers run, handing the mail to a local aiosmtpd
server. A real ``biaozhun serve`` web server (a subprocess, ``BIAOZHUN_BENCH_STORM_WEB_WORKERS``
processes) serves the live feed to ``BIAOZHUN_BENCH_STORM_SSE`` (50) real SSE clients of
affected users.

Run with 1, 2 and 3 RQ workers (``BIAOZHUN_BENCH_STORM_WORKERS``, default ``1,2,3``), each
round with a fresh notification on the same population; every time is in seconds from the
start of the import (figures prefixed ``w<workers>_``):

* ``import_s``: the import itself (parse, record, classify, commit);
* ``alerts_first_s`` / ``alerts_last_s``: the first / last alert's ``created_at``;
  ``alerts_committed_s``: when the bench process saw them all (polled every 0.1 s: they commit
  together, in the matcher's one transaction);
* ``inapp_first_s`` / ``inapp_last_s``: the in-app deliveries recorded as delivered
  (``sent_at``; in-app is delivered by being written, in the same transaction);
* ``sse_first_s`` / ``sse_last_s`` / ``sse_p50_s``: the sampled SSE clients receiving the event;
* ``email_first_s`` / ``email_last_s``: the first / last mail received by the SMTP server;
  ``email_per_second``: mails / (last - first);
* ``duplicates``: alerts per enterprise, mails per recipient and SSE events per client beyond
  one (all must be 0), and ``missing`` (all must be 0); the round fails otherwise.

``run_storm(population, workers, during=...)`` takes an optional callable
``during(base_url) -> dict`` started in a thread when the import begins (the page load
benchmark, for instance); its figures go into the result prefixed ``pages_``.

The workers are warm, as in a running installation: each has built the match index before the
import (a warm-up task). The bench rows are deleted before and after (``cleanup``).
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.tasks import task

from biaozhun.bench import benchmark, percentiles
from biaozhun.bench.push import stop_processes

#: what identifies the bench rows (names, user names, titles)
LABEL = "bench-storm"
TITLE_MARK = "[压测合成数据 BENCH synthetic]"
NAME_PREFIX = f"压测合成企业 {LABEL}"
CHAPTER = "85"
MEMBER = "USA"
SEED = 20260519
#: credit codes of the bench enterprises: demo_credit_code(CODE_BASE + i)
CODE_BASE = 8_000_000

During = Callable[[str], dict[str, Any]]


def _log(message: str) -> None:
    print(f"[bench storm] {message}", file=sys.stderr, flush=True)


@dataclass
class Population:
    run: str
    enterprise_ids: list[int]
    #: (user id, e-mail address), one per enterprise
    users: list[tuple[int, str]]


def cleanup() -> None:
    """Delete every bench-storm row: notifications (with their alerts), the alerts' messages
    and deliveries, users, enterprises (with their profiles). Idempotent."""
    # a benchmark's dependencies load only when it runs
    from biaozhun.accounts.models import User
    from biaozhun.alerts.models import Alert
    from biaozhun.enterprises.models import Enterprise
    from biaozhun.notify.models import Message
    from biaozhun.tbt.models import Notification

    notifications = Notification.objects.filter(title__startswith=TITLE_MARK)
    alert_ids = [
        str(pk)
        for pk in Alert.objects.filter(notification__in=notifications).values_list("pk", flat=True)
    ]
    for start in range(0, len(alert_ids), 2000):
        Message.objects.filter(
            source_type=Alert._meta.label_lower, source_id__in=alert_ids[start : start + 2000]
        ).delete()
    notifications.delete()
    User.objects.filter(username__startswith=f"{LABEL}-").delete()
    Enterprise.objects.filter(name_zh__startswith=NAME_PREFIX).delete()


def prepare_population(count: int, seed: int = SEED) -> Population:
    """``count`` synthetic enterprises, each with an export profile the storm's notification
    concerns and one user with an e-mail address and e-mail alerts on. Bulk-written (this is
    set-up, not what is measured); no event is published, so nothing is matched now."""
    # a benchmark's dependencies load only when it runs
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from biaozhun.accounts.models import District, User
    from biaozhun.bench.population import synthetic_population
    from biaozhun.core.codes.hs import load_hs
    from biaozhun.enterprises.demo import demo_credit_code
    from biaozhun.enterprises.models import Enterprise
    from biaozhun.enterprises.profiles.models import ExportMarket, ExportProduct, ExportProfile
    from biaozhun.notify.models import Preference

    districts = list(District.objects.order_by("order", "pk")[:10])
    if not districts:
        raise RuntimeError("no district: run `biaozhun setup` first")
    run = uuid.uuid4().hex[:6]
    hs = [
        c
        for c, node in load_hs(settings.DATA_DIR).nodes.items()
        if node.level == 6 and c.startswith(CHAPTER)
    ]
    profiles = synthetic_population(count, count * 3, seed, hs)
    password = make_password(None)
    with transaction.atomic():
        enterprises = Enterprise.objects.bulk_create(
            [
                Enterprise(
                    name_zh=f"{NAME_PREFIX} {run} {p.enterprise_id}",
                    name_en=f"Bench storm synthetic enterprise {p.enterprise_id}",
                    credit_code=demo_credit_code(CODE_BASE + i, districts[i % len(districts)].code),
                    district=districts[i % len(districts)],
                    is_exporter=True,
                    status=Enterprise.Status.APPROVED,
                )
                for i, p in enumerate(profiles)
            ],
            batch_size=1000,
        )
        users = User.objects.bulk_create(
            [
                User(
                    username=f"{LABEL}-{run}-{i}",
                    email=f"storm{i}.{run}@bench.example.cn",
                    role=User.Role.ENTERPRISE_USER,
                    enterprise=e,
                    display_name=f"压测用户 {i}",
                    password=password,
                )
                for i, e in enumerate(enterprises)
            ],
            batch_size=1000,
        )
        Preference.objects.bulk_create(
            [
                Preference(
                    user=u,
                    rules=[{"kind": "tbt_alert", "urgency": "*", "channels": ["inapp", "email"]}],
                )
                for u in users
            ],
            batch_size=1000,
        )
        heads = ExportProfile.objects.bulk_create(
            [ExportProfile(enterprise=e) for e in enterprises], batch_size=1000
        )
        ExportProfile.alert_users.through.objects.bulk_create(
            [
                ExportProfile.alert_users.through(exportprofile_id=h.pk, user_id=u.pk)
                for h, u in zip(heads, users, strict=True)
            ],
            batch_size=1000,
        )
        products: list[ExportProduct] = []
        markets: list[ExportMarket] = []
        for head, profile in zip(heads, profiles, strict=True):
            seen: set[str] = set()
            for product in profile.products:
                if product.hs in seen:
                    continue
                seen.add(product.hs)
                products.append(
                    ExportProduct(
                        profile=head,
                        hs_code=product.hs,
                        description_zh=f"压测合成产品 {''.join(product.keywords)}"[:200],
                        keywords=",".join(product.keywords),
                    )
                )
            shares = dict(profile.markets)
            shares.setdefault(MEMBER, None)
            markets.extend(
                ExportMarket(profile=head, code=code, share=share) for code, share in shares.items()
            )
        ExportProduct.objects.bulk_create(products, batch_size=2000)
        ExportMarket.objects.bulk_create(markets, batch_size=2000)
    return Population(run, [e.pk for e in enterprises], [(u.pk, u.email) for u in users])


def notification_json(symbol: str) -> bytes:
    """The synthetic notification as the ePing API gives it (labelled in its title)."""
    # a benchmark's dependencies load only when it runs
    from django.utils import timezone

    today = timezone.localdate()
    item = {
        "documentSymbol": symbol,
        "title": f"{TITLE_MARK} Electrical machinery and equipment: safety requirements",
        "description": "Synthetic notification for the alert storm benchmark; not a WTO document.",
        "productsFreeText": "Electrical machinery and equipment (HS chapter 85)",
        "hsCodes": [CHAPTER],
        "distributionDate": today.isoformat(),
        "commentDeadlineDate": (today + timedelta(days=60)).isoformat(),
        "proposedDateOfEntryIntoForce": (today + timedelta(days=240)).isoformat(),
        "notificationType": "Regular",
        "isExample": True,
    }
    return json.dumps([item], ensure_ascii=False).encode()


class StormSmtp:
    """A local aiosmtpd server that records, per mail, when it arrived, its recipients and its
    Message-ID."""

    def __init__(self) -> None:
        # a heavy or optional dependency: loaded on first use
        from aiosmtpd.controller import Controller

        from biaozhun.bench.liveserver import _free_port

        self.mails: list[tuple[float, tuple[str, ...], str]] = []
        self.lock = threading.Lock()
        mails, lock = self.mails, self.lock
        parser = email.parser.BytesHeaderParser(policy=email.policy.default)

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                at = time.perf_counter()
                headers = parser.parsebytes(envelope.original_content or envelope.content)
                rcpts = tuple(str(r).lower() for r in envelope.rcpt_tos)
                with lock:
                    mails.append((at, rcpts, str(headers.get("Message-ID", "")).strip()))
                return "250 OK"

        self.port = _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def count(self, addresses: set[str]) -> int:
        with self.lock:
            return sum(1 for _, rcpts, _ in self.mails if any(r in addresses for r in rcpts))

    def stop(self) -> None:
        self.controller.stop()


@task()
def warm_worker(key: str, hold_seconds: float) -> dict[str, Any]:
    """Bench warm-up, run by an RQ worker: build this process's match index (and load the
    embedding model if product lines carry vectors), as a running worker has; then hold the
    worker for a moment so the next warm-up task goes to another one; record its pid."""
    # a benchmark's dependencies load only when it runs
    import redis

    from biaozhun.alerts.index import has_text
    from biaozhun.core import embedding
    from biaozhun.notify import conf

    if has_text() and embedding.available():
        embedding.embed(["预热"], "query")
    redis.Redis.from_url(conf.redis_url()).sadd(key, os.getpid())
    time.sleep(hold_seconds)
    return {"pid": os.getpid()}


def _warm(workers: int, queue: str) -> None:
    # a benchmark's dependencies load only when it runs
    import redis

    from biaozhun.notify import conf

    client = redis.Redis.from_url(conf.redis_url())
    key = f"biaozhun:{LABEL}:{queue}:warm"
    deadline = time.monotonic() + 300
    try:
        while client.scard(key) < workers:
            if time.monotonic() > deadline:
                raise RuntimeError("the workers did not warm up")
            for _ in range(workers - int(client.scard(key))):
                warm_worker.enqueue(key, 1.0)
            end = time.monotonic() + 10
            while client.scard(key) < workers and time.monotonic() < end:
                time.sleep(0.2)
        time.sleep(1.2)  # the last hold
    finally:
        client.delete(key)


def _clear_queue(queue: str) -> None:
    # a benchmark's dependencies load only when it runs
    from biaozhun.notify.rq_backend import RQBackend

    rq_queue = RQBackend("bench", {"OPTIONS": {"QUEUE": queue}}).queue()
    rq_queue.empty()
    for registry in (
        rq_queue.scheduled_job_registry,
        rq_queue.finished_job_registry,
        rq_queue.failed_job_registry,
    ):
        for job_id in registry.get_job_ids():
            with contextlib.suppress(Exception):
                registry.remove(job_id, delete_job=True)
    # what RQ keeps beside the queue (its intermediate list and markers): this round's only
    for key in rq_queue.connection.scan_iter(match=f"rq:queue:{queue}:*"):
        rq_queue.connection.delete(key)


def start_server(queue: str, web_workers: int) -> tuple[subprocess.Popen[Any], str]:
    """A real ``biaozhun serve`` (uvicorn, ``web_workers`` processes) on the configured
    database, its live feeds woken through Redis."""
    # a benchmark's dependencies load only when it runs
    import requests

    from biaozhun.bench.liveserver import _free_port

    port = _free_port()
    env = dict(os.environ)
    env.update(
        {
            "BIAOZHUN_TASK_BACKEND": "rq",
            "BIAOZHUN_RQ_QUEUE": queue,
            "BIAOZHUN_NOTIFY_SSE_REDIS": "1",
            "BIAOZHUN_NOTIFY_SSE_MAX_SECONDS": "3600",
            "LOG_LEVEL": "WARNING",
            "DEBUG": "false",
        }
    )
    with open(f"{tempfile.gettempdir()}/biaozhun-bench-storm-web-{queue}.log", "ab") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "biaozhun.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(web_workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the web server exited (see {tempfile.gettempdir()})")
        if time.monotonic() > deadline:
            stop_processes([proc])
            raise RuntimeError("the web server did not start")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url + "/accounts/login/", timeout=5).status_code < 500:
                return proc, url
        time.sleep(0.3)


def _seconds(value: float | None, started: float) -> float | None:
    return None if value is None else round(value - started, 3)


def run_storm(
    population: Population,
    workers: int,
    *,
    sse_clients: int = 50,
    web_workers: int = 1,
    during: During | None = None,
    timeout: float = 1800,
    stall: float = 120,
) -> dict[str, Any]:
    """One storm: a fresh synthetic notification imported while ``workers`` RQ workers run.
    Returns the figures (see the module docstring) and the exactly-once checks; raises if a
    mail, alert or feed event is missing or repeated. ``stall``: once the alerts exist, give
    up waiting for the mail after this long without a new one (the checks then say what is
    missing)."""
    # a benchmark's dependencies load only when it runs
    from django.db import close_old_connections
    from django.test.utils import override_settings
    from django.utils import timezone

    from biaozhun.alerts.models import Alert
    from biaozhun.bench.liveserver import SseReader, session_cookie
    from biaozhun.bench.push import _backend_tasks, _start_worker, _wait_ready
    from biaozhun.notify.models import Channel, Delivery, Message
    from biaozhun.tbt.classification import automatic
    from biaozhun.tbt.importers import import_file
    from biaozhun.tbt.models import Notification

    expected = len(population.enterprise_ids)
    addresses = {address.lower() for _, address in population.users}
    symbol = f"G/TBT/N/{MEMBER}/{random.randint(90000, 99999)}"
    while Notification.objects.filter(symbol=symbol).exists():
        symbol = f"G/TBT/N/{MEMBER}/{random.randint(90000, 99999)}"
    queue = f"{LABEL}-{uuid.uuid4().hex[:8]}"
    # the importing process warm, as a running one is (the classifier loaded)
    automatic(Notification(title="warm-up", hs_codes=[CHAPTER]))
    smtp = StormSmtp()
    procs: list[subprocess.Popen[Any]] = []
    readers: list[SseReader] = []
    figures: dict[str, Any] = {}
    pages: dict[str, Any] = {}
    try:
        with override_settings(TASKS=_backend_tasks("rq", queue)):
            server, base_url = start_server(queue, web_workers)
            procs.append(server)
            step = max(1, len(population.users) // max(sse_clients, 1))
            sampled = population.users[::step][:sse_clients]
            # a benchmark's dependencies load only when it runs
            from biaozhun.accounts.models import User

            by_id = User.objects.in_bulk([uid for uid, _ in sampled])
            readers = [
                SseReader(base_url + "/notifications/stream/", session_cookie(by_id[uid])).start()
                for uid, _ in sampled
            ]
            for reader in readers:
                if reader.wait_for(lambda e: e.get("event") == "hello", 60) is None:
                    raise RuntimeError("a live feed did not answer")
            # the workers commit the alerts: they announce them on Redis, as the web server listens
            live = {"BIAOZHUN_NOTIFY_SSE_REDIS": "1"}
            workers_procs: list[subprocess.Popen[Any]] = []
            for _ in range(workers):
                workers_procs.append(_start_worker("rq", smtp.port, queue, live))
                procs.append(workers_procs[-1])  # stopped in the finally clause, whatever happens
            _wait_ready(workers_procs, "rq", queue)
            _warm(workers, queue)
            time.sleep(1)  # the start-up drains are done

            hook: threading.Thread | None = None
            if during is not None:

                def run_during() -> None:
                    try:
                        pages.update(during(base_url))
                    finally:
                        close_old_connections()

                hook = threading.Thread(target=run_during, daemon=True)
            _log(f"{workers} worker(s): importing {symbol} ({expected} enterprises)")
            started_wall = timezone.now()
            started = time.perf_counter()
            if hook is not None:
                hook.start()
            report = import_file(
                None, "eping-json", notification_json(symbol), "bench-storm.json", is_example=True
            )
            imported = time.perf_counter()
            if report.created != 1:
                raise RuntimeError(
                    f"the import did not create the notification: {report.as_dict()}"
                )
            notification = Notification.objects.get(symbol=symbol)
            deadline = started + timeout
            alerts_seen: float | None = None
            mailed, progress = 0, time.perf_counter()
            while True:
                now = time.perf_counter()
                # the alerts commit together (one transaction): one visible means all are
                if alerts_seen is None and Alert.objects.filter(notification=notification).exists():
                    alerts_seen = now
                count = smtp.count(addresses)
                if count != mailed:
                    mailed, progress = count, now
                if alerts_seen is not None and count >= expected:
                    break
                if now > deadline or (alerts_seen is not None and now - progress > stall):
                    _log(
                        f"stopped waiting: {count} of {expected} mails after {now - started:.0f} s"
                    )
                    break
                if all(p.poll() is not None for p in workers_procs):
                    raise RuntimeError(f"the workers exited (see {tempfile.gettempdir()})")
                time.sleep(0.1)
            mails_done = time.perf_counter()
            sse_times: list[float] = []
            sse_counts: list[int] = []
            for reader in readers:
                event = reader.wait_for(
                    lambda e: symbol in e.get("json", {}).get("title_zh", ""),
                    max(5.0, min(60.0, deadline - time.perf_counter())),
                )
                if event is not None:
                    sse_times.append(event["received"] - started)
            time.sleep(1)  # a repeated event would come now
            for reader in readers:
                with reader.lock:
                    sse_counts.append(
                        sum(
                            1
                            for e in reader.events
                            if symbol in e.get("json", {}).get("title_zh", "")
                        )
                    )
            if hook is not None:
                hook.join(max(1.0, deadline - time.perf_counter()))
    finally:
        for reader in readers:
            reader.stop()
        stop_processes(procs)
        smtp.stop()
        _clear_queue(queue)

    alerts = list(
        Alert.objects.filter(notification=notification).values_list("enterprise_id", "created_at")
    )
    bench_ids = set(population.enterprise_ids)
    per_enterprise = Counter(eid for eid, _ in alerts if eid in bench_ids)
    created = sorted(at for eid, at in alerts if eid in bench_ids)
    messages = Message.objects.filter(
        source_type=Alert._meta.label_lower,
        source_id__in=[
            str(pk)
            for pk in Alert.objects.filter(notification=notification).values_list("pk", flat=True)
        ],
    )
    inapp = sorted(
        at
        for at in Delivery.objects.filter(
            message__in=messages,
            channel=Channel.INAPP,
            user_id__in=[uid for uid, _ in population.users],
        ).values_list("sent_at", flat=True)
        if at is not None
    )
    email_rows = Counter(
        Delivery.objects.filter(message__in=messages, channel=Channel.EMAIL).values_list(
            "status", flat=True
        )
    )
    with smtp.lock:
        mails = [(at, rcpts, mid) for at, rcpts, mid in smtp.mails if set(rcpts) & addresses]
    per_recipient = Counter(r for _, rcpts, _ in mails for r in rcpts if r in addresses)
    mail_times = sorted(at - started for at, _, _ in mails)
    ids = Counter(mid for _, _, mid in mails)

    def wall(value: Any) -> float | None:
        return None if value is None else round((value - started_wall).total_seconds(), 3)

    duplicates = {
        "alerts": sum(n - 1 for n in per_enterprise.values()),
        "mails": sum(n - 1 for n in per_recipient.values()),
        "message_ids": sum(n - 1 for n in ids.values()),
        "sse_events": sum(max(0, n - 1) for n in sse_counts),
    }
    missing = {
        "alerts": expected - len(per_enterprise),
        "inapp": expected - len(inapp),
        "mails": len(addresses - set(per_recipient)),
        "sse_events": sum(1 for n in sse_counts if n == 0),
    }
    figures.update(
        {
            "symbol": symbol,
            "queue": queue,
            "import_s": round(imported - started, 3),
            "alerts": len(per_enterprise),
            "alerts_other_enterprises": len(alerts) - sum(per_enterprise.values()),
            "alerts_first_s": wall(created[0]) if created else None,
            "alerts_last_s": wall(created[-1]) if created else None,
            "alerts_committed_s": _seconds(alerts_seen, started),
            "inapp_first_s": wall(inapp[0]) if inapp else None,
            "inapp_last_s": wall(inapp[-1]) if inapp else None,
            "sse_clients": len(readers),
            "sse_received": len(sse_times),
            "sse_first_s": round(min(sse_times), 3) if sse_times else None,
            "sse_last_s": round(max(sse_times), 3) if sse_times else None,
            "sse_p50_s": round(percentiles([t * 1000 for t in sse_times])["p50_ms"] / 1000, 3)
            if sse_times
            else None,
            "emails": len(mails),
            "email_deliveries": dict(email_rows),
            "email_first_s": round(mail_times[0], 3) if mail_times else None,
            "email_last_s": round(mail_times[-1], 3) if mail_times else None,
            "email_per_second": round(len(mails) / max(mail_times[-1] - mail_times[0], 1e-9), 1)
            if len(mail_times) > 1
            else None,
            "done_s": round(mails_done - started, 3),
            "duplicates": duplicates,
            "missing": missing,
        }
    )
    for key, value in pages.items():
        figures[f"pages_{key}"] = value
    if any(duplicates.values()) or any(missing.values()):
        raise RuntimeError(f"the storm was not exactly once: {figures}")
    return figures


@benchmark("storm")
def storm() -> dict[str, Any]:
    # a benchmark's dependencies load only when it runs
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    logging.getLogger("axes").setLevel(logging.WARNING)  # each SSE client's session: a login
    count = int(os.environ.get("BIAOZHUN_BENCH_STORM_ENTERPRISES", "5000"))
    rounds = [
        int(w) for w in os.environ.get("BIAOZHUN_BENCH_STORM_WORKERS", "1,2,3").split(",") if w
    ]
    sse_clients = int(os.environ.get("BIAOZHUN_BENCH_STORM_SSE", "50"))
    # the pages during the storm: the load benchmark's users on their daily pages (0: none)
    load_users = int(os.environ.get("BIAOZHUN_BENCH_STORM_LOAD_USERS", "32"))
    load_seconds = float(os.environ.get("BIAOZHUN_BENCH_STORM_LOAD_SECONDS", "60"))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    web_workers = int(
        os.environ.get("BIAOZHUN_BENCH_STORM_WEB_WORKERS", str(cores if load_users else 1))
    )
    # a benchmark's dependencies load only when it runs
    from django.db import connection

    # a benchmark's dependencies load only when it runs
    from biaozhun.bench.load import cleanup_load_uploads, prepare_load_users, run_load

    figures: dict[str, Any] = {
        "enterprises": count,
        "database": connection.vendor,
        "sse_clients": sse_clients,
        "web_workers": web_workers,
        "load_users": load_users,
        "load_seconds": load_seconds,
    }
    cleanup()
    try:
        started = time.perf_counter()
        population = prepare_population(count)
        figures["prepare_s"] = round(time.perf_counter() - started, 2)
        during: During | None = None
        if load_users:
            spec = prepare_load_users()

            def during(base_url: str) -> dict[str, Any]:
                return run_load(base_url, load_users, load_seconds, spec)

        for workers in rounds:
            result = run_storm(
                population,
                workers,
                sse_clients=sse_clients,
                web_workers=web_workers,
                during=during,
            )
            for key, value in result.items():
                figures[f"w{workers}_{key}"] = value
            _log(
                f"{workers} worker(s): alerts {result['alerts_committed_s']} s, "
                f"last mail {result['email_last_s']} s, {result['email_per_second']} mails/s, "
                f"pages p95 {result.get('pages_p95_ms')} ms"
            )
    finally:
        cleanup()
        if load_users:
            cleanup_load_uploads()
    return figures
