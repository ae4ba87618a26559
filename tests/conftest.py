"""Shared fixtures: the region, users of every role, enterprises built through the services,
and a real Chromium (Debian's) driven by playwright for the browser tests."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "test-output"

# A worker run inside a test process (`call_command("worker", "--batch")`) would lower that
# process's CPU priority for the rest of the session, and every server and browser it starts
# after would inherit it: tests keep the normal priority (test_worker_priority.py sets it).
os.environ.setdefault("BIAOZHUN_WORKER_NICE", "0")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _events_now(settings: Any) -> None:
    """The database task queue, with event deliveries due now run on commit (see
    tests/tasks_backend.py); a test module may set another backend."""
    settings.TASKS = {"default": {"BACKEND": "tests.tasks_backend.EventsNowBackend"}}


@pytest.fixture
def yangzhou(db: Any) -> Any:
    """The default region with its districts and organisations."""
    from biaozhun.accounts.demo import load_reference
    from biaozhun.accounts.models import Region

    load_reference(io.StringIO())
    return Region.objects.get(slug="yangzhou")


@pytest.fixture
def district(yangzhou: Any) -> Callable[[str], Any]:
    from biaozhun.accounts.models import District

    def get(name_or_code: str) -> Any:
        return District.objects.filter(name_zh=name_or_code).first() or District.objects.get(
            code=name_or_code
        )

    return get


_counter = iter(range(1, 10**6))


@pytest.fixture
def make_enterprise(yangzhou: Any, bureau_user: Any) -> Callable[..., Any]:
    """Create an approved enterprise through the service (valid generated credit code)."""
    from biaozhun.accounts.models import District
    from biaozhun.enterprises.demo import demo_credit_code
    from biaozhun.enterprises.services import EnterpriseData, create_enterprise

    def make(name: str = "", district: str = "广陵区", **fields: Any) -> Any:
        index = next(_counter) + 500
        d = District.objects.get(name_zh=district)
        return create_enterprise(
            bureau_user,
            EnterpriseData(
                name_zh=name or f"测试企业{index}",
                credit_code=fields.pop("credit_code", demo_credit_code(index, d.code)),
                district=d,
                **fields,
            ),
        )

    return make


@pytest.fixture
def make_user(yangzhou: Any) -> Callable[..., Any]:
    from biaozhun.accounts.services import create_user

    def make(role: str, username: str | None = None, **fields: Any) -> Any:
        return create_user(
            username=username or f"{role}-{next(_counter)}",
            password="pass-word-123",
            role=role,
            **fields,
        )

    return make


@pytest.fixture
def bureau_user(make_user: Callable[..., Any]) -> Any:
    return make_user("bureau_staff", "bureau-staff")


@pytest.fixture
def enterprise_user(
    make_user: Callable[..., Any], make_enterprise: Callable[..., Any]
) -> Callable[[Any], Any]:
    def make(enterprise: Any) -> Any:
        return make_user("enterprise_user", enterprise=enterprise)

    return make


@pytest.fixture
def district_officer(
    make_user: Callable[..., Any], district: Callable[[str], Any]
) -> Callable[[str], Any]:
    def make(name: str) -> Any:
        return make_user("district_officer", district=district(name))

    return make


# --- browser -------------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, through playwright (no bundled browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser-deps` (apt chromium)")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))  # type: ignore[attr-defined]
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login(page: Any, live_server: Any) -> Callable[[str, str], Any]:
    def do(username: str, password: str = "pass-word-123") -> Any:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return do


@pytest.fixture
def screenshot(page: Any, request: Any) -> Callable[[str], Path]:
    def take(name: str) -> Path:
        OUTPUT_DIR.mkdir(exist_ok=True)
        path = OUTPUT_DIR / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
