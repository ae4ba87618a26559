"""In a real Chromium on the ASGI server (uvicorn): an open inbox page shows a notification
the server pushes, without a reload: the item appears at the top, a toast pops up, the header
badge counts it; a message for someone else does not appear."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asgi(settings: Any) -> Iterator[Any]:
    from biaozhun.bench.liveserver import ThreadedUvicorn

    settings.NOTIFY_SSE_POLL_SECONDS = 0.2
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    server = ThreadedUvicorn().start()
    yield server
    server.stop()


def _push(user: Any, key: str, title_zh: str, urgency: str = "red") -> None:
    from biaozhun.notify.services import publish

    with transaction.atomic():
        publish(
            kind="tbt_alert",
            urgency=urgency,
            users=[user],
            title_zh=title_zh,
            title_en="EU notification: batteries",
            body_zh="评议截止 2026-12-31",
            body_en="Comments due 2026-12-31",
            url="/notifications/",
            source=None,
            dedupe_key=key,
        )


def test_open_inbox_shows_a_pushed_notification_without_reload(
    page: Any, asgi: Any, make_user: Any, make_enterprise: Any, screenshot: Any
) -> None:
    enterprise = make_enterprise("扬州示例蓄电池有限公司", is_exporter=True)
    user = make_user("enterprise_user", "feed-user", enterprise=enterprise)
    other = make_user("enterprise_user", "feed-other", enterprise=make_enterprise("别的企业"))
    page.goto(f"{asgi.url}/accounts/login/")
    page.fill("#id_username", "feed-user")
    page.fill("#id_password", "pass-word-123")
    page.click("button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    page.goto(f"{asgi.url}/notifications/")
    page.wait_for_selector("[data-testid=inbox-empty]")
    page.wait_for_selector("body[data-feed=live]")
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    _push(other, "not-for-me", "别人的预警")
    _push(user, "for-me", "欧盟通报:电池与废电池法规")

    item = page.wait_for_selector("[data-testid=inbox-item]:has-text('欧盟通报:电池与废电池法规')")
    assert item is not None
    toast = page.wait_for_selector("[data-testid=feed-toast]")
    assert "欧盟通报" in toast.inner_text()
    badge = page.locator("[data-testid=feed-badge]")
    assert badge.is_visible() and badge.inner_text() == "1"
    assert page.locator("text=别人的预警").count() == 0
    assert page.locator("[data-testid=inbox-empty]").count() == 0
    assert navigations == []  # no reload happened
    screenshot("pushed")

    _push(user, "second", "美国通报:锂电池运输要求", urgency="yellow")
    page.wait_for_selector("[data-testid=inbox-item]:has-text('美国通报')")
    assert badge.inner_text() == "2"
    first = page.locator("[data-testid=inbox-item]").first
    assert "美国通报" in first.inner_text()  # newest on top
    assert page.console_errors == []  # CSP allows the feed script and the stream
