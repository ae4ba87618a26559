"""Who is asking (the client address, believed from a forwarded header only when a configured
proxy sends it) and how often (database-backed rate limits shared by every web worker).

django-axes locks sign-in per user name (any address) and per user name and address; its client
address and user name come from here. Password-reset mails and self-registration are counted by
``hit`` (see ``RATE_LIMITS`` in the settings).
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from biaozhun.common.errors import DomainError

from .models import ThrottleHit


class RateLimited(DomainError):
    status = 429

    def __init__(self, scope: str) -> None:
        super().__init__(
            "rate_limited",
            "请求过于频繁,请稍后(一小时内)再试。",
            "Too many requests: try again later (within the hour).",
            {"scope": scope},
        )


def _networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for item in settings.TRUSTED_PROXIES:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue
    return networks


def _trusted(address: str, networks: list[Any]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's address: the socket's peer, unless that peer is a configured proxy, in
    which case the right-most ``X-Forwarded-For`` entry that is not itself a trusted proxy.

    With no ``TRUSTED_PROXIES`` (the default) no header is believed, so rotating
    ``X-Forwarded-For`` cannot make one client look like many.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    networks = _networks()
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = [
        item.strip()
        for item in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if item.strip()
    ]
    for item in reversed(forwarded):
        if not _trusted(item, networks):
            try:
                return str(ipaddress.ip_address(item))
            except ValueError:
                return remote
    return remote


def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The user name axes counts failures for: case-folded, as sign-in ignores case."""
    value = ""
    if credentials:
        value = str(credentials.get("username") or "")
    if not value and request is not None:
        value = str(getattr(request, "POST", {}).get("username", ""))
    return value.strip().lower()[:150]


def hit(scope: str, key: str) -> None:
    """Count one attempt of ``scope`` by ``key``; raise ``RateLimited`` if the limit is used up
    (a refused attempt is not counted)."""
    limit, window = settings.RATE_LIMITS[scope]
    now = timezone.now()
    since = now - timedelta(seconds=window)
    key = key[:200]
    with transaction.atomic():
        longest = max(seconds for _, seconds in settings.RATE_LIMITS.values())
        ThrottleHit.objects.filter(at__lt=now - timedelta(seconds=longest)).delete()
        if ThrottleHit.objects.filter(scope=scope, key=key, at__gte=since).count() >= limit:
            raise RateLimited(scope)
        ThrottleHit.objects.create(scope=scope, key=key, at=now)
