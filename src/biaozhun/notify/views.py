"""Pages of notifications: the inbox with read receipts, the live feed (server-sent events),
tracked e-mail links, settings (channels, quiet hours, digests, robots and webhooks), the
delivery log and the desk's dead letters."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.handlers.asgi import ASGIRequest
from django.core.paginator import Paginator
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import bureau_required, staff_required
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import OptBool, PageFilter, read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi

from . import conf, live, preferences, receipts, selectors
from .channels import read_click_token
from .desk import resolve_desk_task
from .forms import EndpointForm, PreferenceForm
from .models import Channel, Delivery


class InboxPage(PageFilter):
    unread: OptBool = None


class DeskTaskPage(PageFilter):
    all: OptBool = None


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, InboxPage)
    unread = bool(f.unread)
    page = Paginator(selectors.inbox(request.user, unread=unread), 25).get_page(f.page)
    context = {
        "page_obj": page,
        "unread": unread,
        "unread_count": selectors.unread_count(request.user),
        "last_id": selectors.inbox(request.user).values_list("pk", flat=True).first() or 0,
    }
    template = "notify/inbox.html#items" if request.htmx else "notify/inbox.html"
    return render(request, template, context)


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        receipts.mark_opened(request.user, pk)
        item = selectors.inbox_item(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    return render(request, "notify/detail.html", {"item": item, "message": item.message})


@login_required
@require_POST
def acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        receipts.acknowledge(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    messages.success(request, bi("已确认收到。", "Acknowledged."))
    return redirect("notify:detail", pk)


@login_required
@require_POST
def read_all(request: AuthedRequest) -> HttpResponse:
    count = receipts.mark_all_opened(request.user)
    messages.success(request, bi(f"已将 {count} 条标为已读。", f"Marked {count} as read."))
    return redirect("notify:inbox")


def click(request: HttpRequest, token: str) -> HttpResponse:
    """The tracked link of an e-mail: record the click, then open the message's page."""
    try:
        message = receipts.record_click(read_click_token(token))
    except (signing.BadSignature, ValueError, DomainError) as exc:
        raise Http404(bi("链接无效或已过期。", "The link is invalid or has expired.")) from exc
    target = message.url or reverse("notify:inbox")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("notify:inbox")
    return HttpResponseRedirect(target)


@login_required
def message_log(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        message, deliveries = selectors.message_log(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    return render(request, "notify/log.html", {"message": message, "deliveries": deliveries})


@login_required
def settings_page(request: AuthedRequest) -> HttpResponse:
    pref = selectors.preference(request.user)
    pref_form = PreferenceForm(initial=PreferenceForm.initial_for(pref))
    endpoint_form = EndpointForm()
    if request.method == "POST":
        if request.POST.get("form") == "endpoint":
            endpoint_form = EndpointForm(request.POST)
            if endpoint_form.is_valid():
                try:
                    preferences.add_endpoint(request.user, **endpoint_form.cleaned_data)
                    messages.success(request, bi("已添加渠道。", "Channel added."))
                    return redirect("notify:settings")
                except DomainError as exc:
                    endpoint_form.add_error(exc.details.get("field"), exc.message())
        else:
            pref_form = PreferenceForm(request.POST)
            if pref_form.is_valid():
                data = pref_form.cleaned_data
                try:
                    preferences.update_preference(
                        request.user,
                        rules=pref_form.rules(),
                        quiet_start=data["quiet_start"],
                        quiet_end=data["quiet_end"],
                        red_overrides_quiet=data["red_overrides_quiet"],
                        mode=data["mode"],
                    )
                    messages.success(request, bi("设置已保存。", "Settings saved."))
                    return redirect("notify:settings")
                except DomainError as exc:
                    pref_form.add_error(None, exc.message())
    return render(
        request,
        "notify/settings.html",
        {
            "pref_form": pref_form,
            "endpoint_form": endpoint_form,
            "endpoints": selectors.endpoints(request.user),
            "channel_fields": [
                pref_form[f"channels_{u}"] for u in ("red", "orange", "yellow", "info")
            ],
        },
    )


@login_required
@require_POST
def endpoint_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        preferences.remove_endpoint(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    messages.success(request, bi("已停用该渠道。", "Channel removed."))
    return redirect("notify:settings")


@staff_required
def desk(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, DeskTaskPage)
    show_all = bool(f.all)
    page = Paginator(selectors.desk_tasks(request.user, open_only=not show_all), 25).get_page(
        f.page
    )
    return render(
        request,
        "notify/desk.html",
        {"page_obj": page, "show_all": show_all, "counts": selectors.desk_summary(request.user)},
    )


@bureau_required
@require_POST
def desk_resolve(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        resolve_desk_task(request.user, pk, retry=request.POST.get("action") == "retry")
    except DomainError as exc:
        messages.error(request, exc.message())
    else:
        messages.success(request, bi("已处理。", "Done."))
    return redirect("notify:desk")


# --- the live feed ---------------------------------------------------------------------------


def _event(delivery: Delivery, unread: int) -> str:
    message = delivery.message
    data = {
        "id": delivery.pk,
        "message": message.pk,
        "urgency": message.urgency,
        "kind": message.kind,
        "title_zh": message.title_zh,
        "title_en": message.title_en,
        "url": reverse("notify:detail", args=[delivery.pk]),
        "created_at": message.created_at.isoformat(),
        "unread": unread,
    }
    return (
        f"id: {delivery.pk}\nevent: notification\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
    )


def _close_connection() -> None:
    if not connection.in_atomic_block:  # (a test's transaction: nothing to give back)
        connection.close()


#: An open live feed holds no database connection between its reads: each stream would
#: otherwise keep one for its whole life (one per signed-in browser tab), and PostgreSQL
#: refuses clients beyond ``max_connections`` (100 by default). Run in the same thread and
#: context as the stream's queries (``sync_to_async``, thread-sensitive, like the async ORM).
release_connection = sync_to_async(_close_connection)


async def _fetch(user_id: int, after: int) -> tuple[list[Delivery], int]:
    qs = (
        Delivery.objects.filter(user_id=user_id, channel=Channel.INAPP, pk__gt=after)
        .select_related("message")
        .order_by("pk")
    )
    rows = [row async for row in qs[:50]]
    unread = 0
    if rows:
        unread = await Delivery.objects.filter(
            user_id=user_id, channel=Channel.INAPP, opened_at__isnull=True
        ).acount()
    return rows, unread


class _RedisWaker:
    """Wakes the stream when a commit announces this user on Redis (any web process)."""

    def __init__(self, user_id: int) -> None:
        self.user_id = str(user_id)
        self.pubsub: Any = None

    async def start(self) -> bool:
        try:
            # a heavy or optional dependency: loaded on first use
            import redis.asyncio as aioredis

            client = aioredis.Redis.from_url(conf.redis_url())
            self.pubsub = client.pubsub(ignore_subscribe_messages=True)
            await self.pubsub.subscribe(live.CHANNEL)
            return True
        except Exception:
            self.pubsub = None
            return False

    async def wait(self, timeout: float) -> None:
        end = time.monotonic() + timeout
        while self.pubsub is not None and time.monotonic() < end:
            item = await self.pubsub.get_message(timeout=max(end - time.monotonic(), 0.01))
            if item and self.user_id in str(item.get("data", b""), "utf-8", "ignore").split(","):
                return

    async def close(self) -> None:
        if self.pubsub is not None:
            with contextlib.suppress(Exception):
                await self.pubsub.aclose()


async def _stream(user_id: int, after: int, max_seconds: float) -> AsyncIterator[str]:
    yield "retry: 2000\n\n"
    if after < 0:
        last = (
            await Delivery.objects.filter(user_id=user_id, channel=Channel.INAPP)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .afirst()
        )
        after = last or 0
    unread = await Delivery.objects.filter(
        user_id=user_id, channel=Channel.INAPP, opened_at__isnull=True
    ).acount()
    await release_connection()
    # the hello carries the id to resume from, so a reconnect never misses what came between
    yield f"id: {after}\nevent: hello\ndata: {json.dumps({'unread': unread, 'last': after})}\n\n"
    waker = _RedisWaker(user_id) if conf.sse_redis() else None
    if waker is not None and not await waker.start():
        waker = None
    poll = conf.sse_poll_seconds()
    deadline = time.monotonic() + max_seconds
    beat = time.monotonic()
    try:
        while True:
            rows, unread = await _fetch(user_id, after)
            await release_connection()
            for row in rows:
                yield _event(row, unread)
                after = row.pk
            if rows:
                beat = time.monotonic()
                continue
            if time.monotonic() >= deadline:
                break
            if time.monotonic() - beat > 15:
                yield ": keep-alive\n\n"
                beat = time.monotonic()
            if waker is not None:
                await waker.wait(max(poll, 5.0))
            else:
                await asyncio.sleep(poll)
    finally:
        if waker is not None:
            await waker.close()


async def stream(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Server-sent events of the user's new in-app notifications; resumes after Last-Event-ID."""
    user = await request.auser()
    if not user.is_authenticated:
        return HttpResponse(
            bi("请先登录。", "Sign in first."), status=401, content_type="text/plain; charset=utf-8"
        )
    raw = request.headers.get("Last-Event-ID") or request.GET.get("last", "")
    try:
        after = int(raw) if raw else -1
    except ValueError:
        after = -1

    # Under WSGI (runserver, the test server) a response is consumed whole before it is sent:
    # answer what is new and close; the browser reconnects (long polling) after `retry`.
    max_seconds = conf.sse_max_seconds() if isinstance(request, ASGIRequest) else 0.0
    response = StreamingHttpResponse(
        _stream(user.pk, after, max_seconds), content_type="text/event-stream; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
