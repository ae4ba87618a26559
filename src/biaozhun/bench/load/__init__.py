"""``biaozhun bench load``: the web tier under concurrent users (locust, headless).

Against the configured database (SQLite or PostgreSQL) it prepares a labelled bench population
(:func:`prepare_load_users`: users ``bench-load-*``, enterprises named 压测合成企业 … (合成) /
"Bench synthetic enterprise", their export profiles, bench TBT notifications ``G/TBT/N/…/9xxx``
titled 压测合成通报 and the alerts they raise, watch lists), signs the users in by writing
sessions (the login throttle would refuse 64 sign-ins from one address), starts
``biaozhun serve --workers N`` on a free port and runs the scenarios of ``locustfile.py`` at
each user level (``BIAOZHUN_BENCH_LOAD_USERS``, default 1, 8, 32, 64) for
``BIAOZHUN_BENCH_LOAD_SECONDS`` (default 30) after a short warm-up, without think time.

Figures per level ``u<N>_…``: ``rps``, ``p50_ms``/``p95_ms``/``p99_ms``, ``main_p95_ms`` (the
main pages: home, alert inbox, search, TBT list, watch list), ``failures``, the CPU share of
locust and of the server (locust runs on the same cores); at 32 users the p95 of each page
(``u32_p95_ms__<page>``); ``throughput_32_vs_1``. :func:`run_load` runs the scenarios against
a server already running (the alert-storm benchmark measures pages during the storm with it).
The 查新 checks the upload scenario makes are deleted afterwards.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from biaozhun.bench import benchmark, percentiles

if TYPE_CHECKING:
    from biaozhun.accounts.models import User
    from biaozhun.enterprises.models import Enterprise

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
PREFIX = "bench-load-"
UPLOAD_NAME = "bench-load-upload.txt"  # the file name the upload scenario posts
ENTERPRISE_NAME = "压测合成企业"
CREDIT_INDEX = 880_000  # demo_credit_code index of the bench enterprises (demo: 1-12)
#: real HS 2022 lines of the city's exports, with a Chinese description
PRODUCTS = [
    ("854143", "光伏组件"),
    ("940542", "LED 灯具"),
    ("854449", "电线电缆"),
    ("850760", "锂离子蓄电池"),
    ("620342", "棉制男裤"),
    ("950300", "玩具"),
    ("870899", "汽车零部件"),
    ("940360", "木制家具"),
    ("392690", "塑料制品"),
    ("691110", "瓷制餐具"),
    ("848180", "阀门"),
    ("850440", "逆变器"),
    ("841810", "冷藏冷冻箱"),
    ("847130", "便携式计算机"),
    ("732393", "不锈钢厨具"),
    ("640299", "鞋靴"),
]
MARKETS = [("USA", "0.4"), ("EU", "0.3"), ("JPN", "0.2"), ("KOR", "0.1")]
#: pages whose p95 the issue's goal (< 300 ms) is about
MAIN_PAGES = {
    "home (enterprise)",
    "home (bureau)",
    "alert inbox",
    "standard search",
    "TBT list (enterprise)",
    "TBT list (bureau)",
    "watch list",
}
#: Chinese queries besides those drawn from the catalogue
KEYWORDS = [
    "电线电缆", "灯具 安全", "锂离子电池", "玩具 安全", "光伏组件", "纺织品 甲醛", "家具 甲醛",
    "食品接触材料", "电磁兼容", "能效", "阀门", "汽车 制动", "轮胎", "医疗器械", "化妆品",
    "无线电设备", "电池 运输", "包装 标识", "农药残留", "钢丝绳",
]  # fmt: skip


def _dummy_tasks() -> dict[str, Any]:
    """Events go nowhere while the population is made: alerts are matched here, for the bench
    enterprises only (a worker must not alert the demo or real enterprises)."""
    return {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _user(username: str, role: str, enterprise: Enterprise | None = None) -> User:
    # a benchmark's dependencies load only when it runs
    from biaozhun.accounts.models import User
    from biaozhun.accounts.services import create_user

    user = User.objects.filter(username=username).first()
    if user is None:
        user = create_user(
            username=username,
            password=None,  # no sign-in: the benchmark writes sessions
            role=role,
            display_name=f"压测用户 {username}",
            email=f"{username}@bench.example.cn",
            enterprise=enterprise,
        )
    return user


def _enterprise(actor: User, index: int) -> Enterprise:
    # a benchmark's dependencies load only when it runs
    from biaozhun.accounts.models import District
    from biaozhun.enterprises.demo import demo_credit_code
    from biaozhun.enterprises.models import Enterprise
    from biaozhun.enterprises.profiles import services as profiles
    from biaozhun.enterprises.services import EnterpriseData, create_enterprise

    districts = list(District.objects.current().order_by("code"))
    district = districts[index % len(districts)]
    code = demo_credit_code(CREDIT_INDEX + index, district.code)
    enterprise = Enterprise.objects.filter(credit_code=code).first()
    if enterprise is None:
        enterprise = create_enterprise(
            actor,
            EnterpriseData(
                name_zh=f"{ENTERPRISE_NAME}{index:02d}(合成)",
                name_en=f"Bench synthetic enterprise {index:02d} (synthetic)",
                credit_code=code,
                district=district,
                is_exporter=True,
                address="压测合成数据,非真实企业",
            ),
        )
    profile = profiles.get_or_create_profile(actor, enterprise)
    if not profile.products.exists():
        for offset in range(4):
            hs, name = PRODUCTS[(index * 3 + offset) % len(PRODUCTS)]
            profiles.add_product(actor, enterprise, profiles.ProductData(hs, f"{name}(合成)"))
        for market, share in MARKETS:
            profiles.set_market(actor, enterprise, profiles.MarketData(market, share))
    return enterprise


def _notifications(count: int) -> None:
    """Bench TBT notifications (labelled 压测合成, ``is_example``), open for comment, each on the
    HS lines of a few bench enterprises."""
    # a benchmark's dependencies load only when it runs
    from datetime import timedelta

    from django.utils import timezone

    from biaozhun.tbt.services import NotificationData, record_notification

    today = timezone.localdate()
    members = [m for m, _ in MARKETS]
    for i in range(count):
        hs = [PRODUCTS[(i * 5 + k) % len(PRODUCTS)] for k in range(2)]
        member = members[i % len(members)]
        record_notification(
            None,
            NotificationData(
                symbol=f"G/TBT/N/{member}/{9000 + i}",
                distributed_on=today - timedelta(days=i % 20),
                comment_deadline=today + timedelta(days=30 + i),
                entry_into_force=today + timedelta(days=180),
                title=f"Bench synthetic notification {i}: {hs[0][0]} and {hs[1][0]}",
                title_zh=f"压测合成通报 {i}:{hs[0][1]}、{hs[1][1]}的技术要求",
                description="Synthetic notification of the load benchmark (not a WTO document).",
                hs_codes=[code for code, _ in hs],
                keywords=[name for _, name in hs],
                is_example=True,
            ),
        )


def _standard_ids(rng: random.Random, count: int) -> list[int]:
    # a benchmark's dependencies load only when it runs
    from biaozhun.catalogue.models import Standard

    ids = list(Standard.objects.values_list("pk", flat=True))
    if not ids:
        raise RuntimeError("the catalogue is empty: run `biaozhun setup` first")
    return rng.sample(ids, min(count, len(ids)))


def _watch_list(user: User, enterprise: Enterprise, designations: list[str]) -> None:
    # a benchmark's dependencies load only when it runs
    from biaozhun.validity.models import WatchedStandard
    from biaozhun.validity.services import run_check, watch_from_check

    if WatchedStandard.objects.filter(enterprise=enterprise).exists():
        return
    check = run_check(
        user,
        list(enumerate(designations, 1)),
        source_name="压测关注清单 bench-load watch list",
        source_kind="text",
    )
    watch_from_check(user, check)


def _queries(rng: random.Random, standards: list[Any]) -> list[str]:
    """Varied search queries: designations (with and without the year), publisher and number,
    title words in English and Chinese, and Chinese keywords: most appear once in a run."""
    queries = set(KEYWORDS)
    for s in standards:
        kind = rng.random()
        if kind < 0.3:
            queries.add(s.canonical)
        elif kind < 0.5 and s.number:
            queries.add(f"{s.publisher or s.prefix} {s.number}".strip())
        elif s.title_zh and kind < 0.7:
            queries.add(s.title_zh[: rng.randint(2, 6)])
        elif s.title_en:
            words = [w for w in s.title_en.split() if len(w) > 3 and w.isalpha()]
            if words:
                queries.add(" ".join(rng.sample(words, min(len(words), rng.randint(1, 2)))))
    result = sorted(queries)
    rng.shuffle(result)
    return result


def spec_path() -> Path:
    # a benchmark's dependencies load only when it runs
    from django.conf import settings

    return Path(settings.VAR_DIR) / "bench-load-users.json"


def prepare_load_users(
    enterprises: int = 16, enterprise_users: int = 64, bureau_users: int = 16
) -> dict[str, Any]:
    """Make (idempotently) the bench population and sign its users in; write what locust needs
    (session keys, alert ids, standard ids, queries, designations) to ``spec_path()`` (mode
    600: the sessions are live) and return it."""
    # a benchmark's dependencies load only when it runs
    from django.conf import settings
    from django.test.utils import override_settings

    from biaozhun.alerts.matching import match_enterprise
    from biaozhun.alerts.models import Alert
    from biaozhun.bench.liveserver import session_cookie
    from biaozhun.catalogue.models import Standard

    started = time.monotonic()
    rng = random.Random(20261202)
    with override_settings(TASKS=_dummy_tasks()):
        staff = [_user(f"{PREFIX}b-{i:02d}", "bureau_staff") for i in range(bureau_users)]
        _notifications(max(2 * enterprises, 8))
        firms = [_enterprise(staff[0], i) for i in range(enterprises)]
        for firm in firms:
            match_enterprise(firm.pk)
        users = [
            _user(f"{PREFIX}e-{i:02d}", "enterprise_user", firms[i % len(firms)])
            for i in range(enterprise_users)
        ]
        standards = list(Standard.objects.filter(pk__in=_standard_ids(rng, 3000)))
        designations = [s.canonical for s in standards[:1500]]
        for i, firm in enumerate(firms):
            _watch_list(users[i], firm, rng.sample(designations, min(30, len(designations))))
    alerts: dict[int, list[int]] = defaultdict(list)
    for pk, enterprise_id in Alert.objects.filter(enterprise__in=firms).values_list(
        "pk", "enterprise_id"
    ):
        alerts[enterprise_id].append(pk)
    if missing := [f.name_zh for f in firms if not alerts[f.pk]]:
        raise RuntimeError(f"bench enterprises without alerts: {missing}")
    name = settings.SESSION_COOKIE_NAME

    def account(user: User) -> dict[str, Any]:
        entry: dict[str, Any] = {"session": session_cookie(user)[name], "user": user.username}
        if user.enterprise_id is not None:
            entry["enterprise"] = user.enterprise_id
            entry["alerts"] = alerts[user.enterprise_id]
        return entry

    spec = {
        "cookie_name": name,
        "weights": {"enterprise": 3, "bureau": 1},
        "enterprise": [account(u) for u in users],
        "bureau": [account(u) for u in staff],
        "standards": [s.pk for s in standards[:1000]],
        "queries": _queries(rng, standards),
        # mostly catalogue designations, some undated or unknown (every outcome of 查新)
        "designations": designations
        + [d.rsplit("-", 1)[0] for d in designations[:100] if "-" in d]
        + [f"Q/BENCH {i:04d}-2024" for i in range(50)],
    }
    path = spec_path()
    path.touch(mode=0o600)
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    print(
        f"load: population ready in {time.monotonic() - started:.1f} s: {len(firms)} enterprises,"
        f" {sum(len(a) for a in alerts.values())} alerts, {len(users)}+{len(staff)} users",
        file=sys.stderr,
    )
    return spec


def cleanup_load_uploads() -> int:
    """Delete the 查新 checks the upload scenario made; their number."""
    # a benchmark's dependencies load only when it runs
    from biaozhun.validity.models import ValidityCheck

    deleted, _ = ValidityCheck.objects.filter(
        source_name=UPLOAD_NAME, created_by__username__startswith=PREFIX
    ).delete()
    return deleted


#: the parts of a request's time the server reports (``biaozhun.web.timing``)
TIMING_PARTS = ("wait", "page", "cpu", "process", "gc", "db")


def _timed(samples: list[list[Any]]) -> list[list[Any]]:
    """The samples that carry the server's timing (a fifth item with ``page`` and ``cpu``)."""
    return [s for s in samples if len(s) > 4 and s[4] and "page" in s[4] and "cpu" in s[4]]


def _where(samples: list[list[Any]]) -> dict[str, Any]:
    """Where the time of these requests went, medians in ms: ``client`` (what locust saw),
    ``outside`` (client - wait - page: before the application had the request, i.e. the
    server's event loop, the network, locust itself), and the server's ``wait``, ``page``,
    ``cpu``, ``process``, ``gc`` and ``db`` (``biaozhun.web.timing``); requests without the
    header are left out."""
    timed = _timed(samples)
    if not timed:
        return {}
    figures: dict[str, Any] = {"timed": len(timed)}
    figures["client_ms"] = round(statistics.median(s[1] for s in timed), 1)
    figures["outside_ms"] = round(
        statistics.median(
            max(s[1] - s[4].get("wait", 0.0) - s[4].get("page", 0.0), 0.0) for s in timed
        ),
        1,
    )
    for part in TIMING_PARTS:
        figures[f"{part}_ms"] = round(statistics.median(s[4].get(part, 0.0) for s in timed), 1)
    return figures


def _figures(samples: list[list[Any]]) -> dict[str, Any]:
    if not samples:
        return {"requests": 0, "failures": 0, "rps": 0.0}
    start = min(s[3] - s[1] / 1000 for s in samples)
    stop = max(s[3] for s in samples)
    figures: dict[str, Any] = {
        "requests": len(samples),
        "failures": sum(1 for s in samples if not s[2]),
        "rps": round(len(samples) / max(stop - start, 1e-9), 1),
    }
    figures.update({k: v for k, v in percentiles([s[1] for s in samples]).items()})
    main = [s[1] for s in samples if s[0] in MAIN_PAGES]
    figures["main_p95_ms"] = percentiles(main).get("p95_ms") if main else None
    by_page: dict[str, list[float]] = defaultdict(list)
    for s in samples:
        by_page[s[0]].append(s[1])
    figures["pages"] = {
        name: {"requests": len(times), **percentiles(times)}
        for name, times in sorted(by_page.items())
    }
    # where the time went, for all requests and for the slowest twentieth (those at or above
    # the p95): what the outliers waited for
    p95 = figures.get("p95_ms")
    for key, value in _where(samples).items():
        figures[f"all_{key}"] = value
    if p95 is not None:
        slow = [s for s in samples if s[1] >= p95]
        for key, value in _where(slow).items():
            figures[f"slow_{key}"] = value
        by_name: dict[str, int] = defaultdict(int)
        for s in slow:
            by_name[s[0]] += 1
        figures["slow_pages"] = dict(sorted(by_name.items(), key=lambda kv: -kv[1]))
    # the requests that took the most CPU of their own: what the slow ones may have waited for
    timed = _timed(samples)
    figures["heaviest"] = [
        [s[0], round(s[4]["cpu"], 1), round(s[4].get("page", 0.0), 1)]
        for s in sorted(timed, key=lambda s: -s[4]["cpu"])[:10]
    ]
    return figures


def run_load(
    base_url: str, users: int, seconds: float, spec: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Run the locust scenarios against the server at ``base_url`` with ``users`` concurrent
    users for ``seconds``; the users are those of ``spec`` (default: the file the last
    :func:`prepare_load_users` wrote, made now if there is none). Figures: ``requests``,
    ``failures`` (with ``failure_reasons``), ``rps``, ``p50_ms``/``p95_ms``/``p99_ms``/``max_ms``,
    ``main_p95_ms``, ``pages`` (requests and percentiles per page), ``locust_cpu_share`` (of
    all cores, during the run); ``all_*`` and ``slow_*`` (the requests at or above the p95):
    medians of where the time went by the server's ``Server-Timing`` (:func:`_where`)."""
    path = spec_path()
    if spec is None and not path.exists():
        prepare_load_users()
    with tempfile.TemporaryDirectory(prefix="biaozhun-load-") as tmp:
        if spec is not None:
            path = Path(tmp) / "spec.json"
            path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        out = Path(tmp) / "samples.json"
        env = {**os.environ, "BIAOZHUN_LOAD_SPEC": str(path), "BIAOZHUN_LOAD_OUT": str(out)}
        command = [
            sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
            "-u", str(users), "-r", str(users), "-t", f"{max(1, round(seconds))}s",
            "--host", base_url.rstrip("/"), "--only-summary", "--stop-timeout", "10",
            "--loglevel", "WARNING",
        ]  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        with open(Path(tmp) / "locust.log", "wb") as log:
            subprocess.run(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=seconds + 180
            )
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if not out.exists():
            raise RuntimeError(
                "locust wrote no figures: " + (Path(tmp) / "locust.log").read_text()[-2000:]
            )
        data = json.loads(out.read_text(encoding="utf-8"))
    figures = _figures(data["samples"])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figures["locust_cpu_share"] = round(cpu / (wall * _cores()), 3)
    figures["failure_reasons"] = data["failures"]
    return figures


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _tree_cpu_s(pid: int) -> float:
    """CPU seconds used so far by ``pid`` and its children (the web processes)."""
    total = 0.0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, IndexError):
            continue
        pids.extend(int(c) for c in children)
    return total


def start_server(
    workers: int, database_url: str | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """``biaozhun serve --workers N`` on a free port, on this process's database (or
    ``database_url``); its URL once it answers. The server dies with the thread that started
    it (Linux's parent-death signal): start it from the main thread."""
    # a benchmark's dependencies load only when it runs
    import requests
    from django.conf import settings

    from biaozhun.bench.liveserver import _free_port
    from biaozhun.web.management.commands.serve import _die_with_parent

    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "DATABASE_URL": database_url or settings.DATABASE_URL,
        # each response says where its time went (biaozhun.web.timing)
        "BIAOZHUN_SERVER_TIMING": "1",
    }
    log = Path(tempfile.gettempdir()) / "biaozhun-bench-load-server.log"
    command = ["serve", "--workers", str(workers), "--port", str(port)]
    with open(log, "ab") as output:  # the child keeps its own descriptor
        server = subprocess.Popen(
            [sys.executable, "-m", "biaozhun.cli", *command],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # stopped as a group; and with this process if it dies
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited (see {log})")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/accounts/login/", timeout=5).ok:
                return server, url
        time.sleep(0.5)
    stop_server(server)
    raise RuntimeError("the server did not start")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    # a benchmark's dependencies load only when it runs
    from biaozhun.bench.push import stop_processes

    stop_processes([server])


def _levels() -> list[int]:
    raw = os.environ.get("BIAOZHUN_BENCH_LOAD_USERS", "1,8,32,64")
    return [int(part) for part in raw.split(",") if part.strip()]


@benchmark("load")
def load() -> dict[str, Any]:
    # a benchmark's dependencies load only when it runs
    from django.conf import settings
    from django.db import connection

    seconds = float(os.environ.get("BIAOZHUN_BENCH_LOAD_SECONDS", "30"))
    workers = int(os.environ.get("BIAOZHUN_BENCH_LOAD_WORKERS", str(settings.WEB_WORKERS)))
    levels = _levels()
    figures: dict[str, Any] = {
        "database": connection.vendor,
        "web_workers": workers,
        "cores": _cores(),
        "seconds": seconds,
        # BIAOZHUN_LOAD_THINK: seconds between a user's pages (0.5x-1.5x), 0 by default
        "think_time_s": float(os.environ.get("BIAOZHUN_LOAD_THINK", "0")),
        "loadavg_1m_before": round(os.getloadavg()[0], 2),
    }
    spec = prepare_load_users()
    server, url = start_server(workers)
    try:
        print("load: warm-up (2 users, 5 s)", file=sys.stderr)
        run_load(url, 2, 5, spec)
        for users in levels:
            cpu_before, wall_before = _tree_cpu_s(server.pid), time.monotonic()
            result = run_load(url, users, seconds, spec)
            server_cpu = _tree_cpu_s(server.pid) - cpu_before
            wall = time.monotonic() - wall_before
            pages = result.pop("pages")
            reasons = result.pop("failure_reasons")
            for key, value in result.items():
                figures[f"u{users}_{key}"] = value
            figures[f"u{users}_server_cpu_share"] = round(server_cpu / (wall * _cores()), 3)
            if reasons:
                figures[f"u{users}_failure_reasons"] = reasons
            if users == 32 or users == max(levels):
                for page, values in pages.items():
                    figures[f"u{users}_p95_ms__{page}"] = values.get("p95_ms")
            print(
                f"load: {users} users: {result['rps']} req/s, p95 {result.get('p95_ms')} ms, "
                f"{result['failures']} failures",
                file=sys.stderr,
            )
    finally:
        stop_server(server)
        figures["checks_deleted"] = cleanup_load_uploads()
    if "u1_rps" in figures and "u32_rps" in figures and figures["u1_rps"]:
        figures["throughput_32_vs_1"] = round(figures["u32_rps"] / figures["u1_rps"], 2)
    figures["loadavg_1m_after"] = round(os.getloadavg()[0], 2)
    return figures
