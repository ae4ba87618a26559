"""The live feed over a real ASGI server (uvicorn): server-sent events with ids, resume after
Last-Event-ID, only the user's own notifications, and the Redis wake-up path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from biaozhun.bench.liveserver import SseReader, ThreadedUvicorn, session_cookie
from biaozhun.notify import services
from biaozhun.notify.models import Delivery

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def asgi(settings: Any) -> Iterator[ThreadedUvicorn]:
    settings.NOTIFY_SSE_POLL_SECONDS = 0.1
    settings.NOTIFY_SSE_MAX_SECONDS = 20
    server = ThreadedUvicorn().start()
    yield server
    server.stop()


def _alert(user: Any, key: str, urgency: str = "red") -> Any:
    with transaction.atomic():
        return services.publish(
            kind="tbt_alert",
            urgency=urgency,
            users=[user],
            title_zh=f"实时 {key}",
            title_en=f"Live {key}",
            url="/tbt/",
            source=None,
            dedupe_key=key,
        )


def test_stream_pushes_new_notifications_and_resumes(asgi: ThreadedUvicorn, make_user: Any) -> None:
    me = make_user("bureau_staff")
    other = make_user("bureau_staff")
    _alert(me, "before")
    reader = SseReader(asgi.url + "/notifications/stream/", session_cookie(me)).start()
    try:
        hello = reader.wait_for(lambda e: e.get("event") == "hello")
        assert hello is not None and hello["json"]["unread"] == 1
        _alert(other, "not-mine")
        _alert(me, "first")
        _alert(me, "second", "yellow")
        second = reader.wait_for(lambda e: e.get("json", {}).get("title_zh") == "实时 second")
        assert second is not None, reader.events
        titles = [e["json"]["title_zh"] for e in reader.events if e.get("event") == "notification"]
        assert titles == ["实时 first", "实时 second"]  # not "before" (already there), not others'
        assert second["json"]["unread"] == 3
        first_id = next(e["id"] for e in reader.events if e.get("event") == "notification")
    finally:
        reader.stop()
    # reconnect as the browser does: Last-Event-ID replays what came after it
    again = SseReader(asgi.url + "/notifications/stream/", session_cookie(me), first_id).start()
    try:
        replay = again.wait_for(lambda e: e.get("event") == "notification")
        assert replay is not None and replay["json"]["title_zh"] == "实时 second"
        mine = Delivery.objects.get(user=me, channel="inapp", message__dedupe_key="second")
        assert replay["id"] == str(mine.pk)
    finally:
        again.stop()


def test_stream_refuses_anonymous(asgi: ThreadedUvicorn) -> None:
    import requests

    response = requests.get(asgi.url + "/notifications/stream/", timeout=5)
    assert response.status_code == 401


def test_redis_wakes_the_stream(asgi: ThreadedUvicorn, make_user: Any, settings: Any) -> None:
    settings.NOTIFY_SSE_REDIS = True
    settings.NOTIFY_SSE_POLL_SECONDS = 30  # only Redis can wake the stream in time
    me = make_user("bureau_staff")
    reader = SseReader(asgi.url + "/notifications/stream/", session_cookie(me)).start()
    try:
        assert reader.wait_for(lambda e: e.get("event") == "hello") is not None
        import time

        time.sleep(0.5)  # let the stream subscribe and start waiting
        _alert(me, "via-redis")
        event = reader.wait_for(lambda e: e.get("event") == "notification", timeout=8)
        assert event is not None and event["json"]["title_zh"] == "实时 via-redis"
    finally:
        reader.stop()
