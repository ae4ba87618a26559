"""Outbound HTTP requests to addresses users give (webhooks, group robots), guarded against
server-side request forgery.

* A target is checked when it is registered **and** again before every send: the host is
  resolved once (``socket.getaddrinfo``), every address it resolves to must be public
  (not loopback, private, shared, link-local, multicast, unspecified or reserved, in IPv4 or
  IPv6, IPv4-mapped, 6to4 and NAT64 forms included), and the request then connects to the
  address that was checked, with the ``Host`` header and TLS server name (SNI, certificate
  check) of the name the user gave. A DNS answer that changes after the check (rebinding)
  is therefore never connected to.
* ``https`` only, unless ``DEBUG`` is on. No redirect is followed; short timeouts.
* Robot channels (WeCom, DingTalk, Feishu / Lark) go to their official hosts only.
* ``NOTIFY_OUTBOUND_ALLOWED_HOSTS`` (setting, or the environment variable
  ``BIAOZHUN_NOTIFY_OUTBOUND_ALLOWED_HOSTS``, comma-separated) lists the hosts (``host`` or
  ``host:port``) an operator explicitly trusts: they skip the address, scheme and robot-host
  rules (an internal relay, a test receiver). Nothing else does.
* What a receiver answers is never shown to the user: the outcome is the status code or a
  classified error (:data:`ERRORS`), shown in the user's language by :func:`describe`.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from biaozhun.common.i18n import bi

# the official webhook hosts of the group robots
ROBOT_HOSTS: dict[str, frozenset[str]] = {
    "wecom": frozenset({"qyapi.weixin.qq.com"}),
    "dingtalk": frozenset({"oapi.dingtalk.com"}),
    "feishu": frozenset({"open.feishu.cn", "open.larksuite.com"}),
}
CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 5.0
MAX_READ = 4096  # what is read of an answer (robots answer a small JSON status)

# classified outcomes: code -> (zh, en)
ERRORS: dict[str, tuple[str, str]] = {
    "timeout": ("连接或响应超时", "timeout"),
    "refused": ("连接被拒绝", "connection refused"),
    "tls": ("TLS 证书或握手错误", "TLS error"),
    "dns": ("域名无法解析", "host name not resolved"),
    "network": ("网络错误", "network error"),
    "refused_target": (
        "目标地址不允许(内网、本机或保留地址,或非官方机器人地址)",
        "refused target (private, local or reserved address, or not the robot's official host)",
    ),
    "insecure": ("生产环境只允许 https:// 地址", "only https:// addresses are allowed"),
    "redirect": ("接收方要求重定向,未跟随", "redirect not followed"),
    "http_4xx": ("接收方拒绝(HTTP 4xx)", "receiver refused (HTTP 4xx)"),
    "http_5xx": ("接收方服务器错误(HTTP 5xx)", "receiver server error (HTTP 5xx)"),
    "robot_error": ("机器人返回错误码", "the robot answered with an error code"),
    "accepted": ("已接收", "accepted"),
}


class RefusedTarget(Exception):
    """A target the platform will not send to; ``code`` is a key of :data:`ERRORS`."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as given, lower case, without a trailing dot
    port: int
    path: str  # path and query
    addresses: tuple[str, ...]  # the checked addresses to connect to
    trusted: bool  # on the operator's allow list


def allowed_hosts() -> frozenset[str]:
    value: Any = getattr(settings, "NOTIFY_OUTBOUND_ALLOWED_HOSTS", None)
    if value is None:
        value = os.environ.get("BIAOZHUN_NOTIFY_OUTBOUND_ALLOWED_HOSTS", "")
    if isinstance(value, str):
        value = value.split(",")
    return frozenset(str(v).strip().lower().rstrip(".") for v in value if str(v).strip())


def public_address(address: str) -> bool:
    """True for a globally routable unicast address (IPv4 or IPv6)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    embedded: list[ipaddress.IPv4Address] = []
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            embedded.append(ip.ipv4_mapped)
        if ip.sixtofour is not None:
            embedded.append(ip.sixtofour)
        if ip in ipaddress.ip_network("64:ff9b::/96"):
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.teredo is not None:
            embedded.extend(ip.teredo)
    for one in (ip, *embedded):
        if (
            not one.is_global
            or one.is_private
            or one.is_loopback
            or one.is_link_local
            or one.is_multicast
            or one.is_unspecified
            or one.is_reserved
        ):
            return False
    return True


# the resolver (a module attribute, so the tests can answer for names of their own)
getaddrinfo = socket.getaddrinfo


def _resolve(host: str, port: int) -> tuple[str, ...]:
    try:
        infos = getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise RefusedTarget("dns", host) from exc
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise RefusedTarget("dns", host)
    return addresses


def check(url: str, kind: str = "webhook", *, resolve: bool = True) -> Target:
    """The target of ``url`` with its resolved, checked addresses; raises RefusedTarget.
    ``resolve=False`` (registering a robot) skips the look-up for a robot's official host or
    an allowed host: the addresses are checked at each send as always."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise RefusedTarget("refused_target", "malformed address") from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in {"http", "https"} or not host or parts.username or parts.password:
        raise RefusedTarget("refused_target", "not an http(s) address with a host")
    port = port or (443 if scheme == "https" else 80)
    allowed = allowed_hosts()
    trusted = host in allowed or f"{host}:{port}" in allowed
    if not trusted:
        if scheme != "https" and not settings.DEBUG:
            raise RefusedTarget("insecure", url)
        if kind in ROBOT_HOSTS and host not in ROBOT_HOSTS[kind]:
            raise RefusedTarget("refused_target", f"{host} is not an official {kind} host")
    if not resolve and (trusted or host in ROBOT_HOSTS.get(kind, ())):
        return Target(scheme, host, port, "/", (), trusted)
    addresses = _resolve(host, port)
    if not trusted and not all(public_address(a) for a in addresses):
        raise RefusedTarget("refused_target", f"{host} resolves to a non-public address")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(scheme, host, port, path, addresses, trusted)


@dataclass
class Answer:
    status: int
    body: bytes  # at most MAX_READ bytes, for the caller to interpret; never shown to users


def post(target: Target, body: bytes, headers: dict[str, str]) -> Answer:
    """POST ``body`` to the checked target, connecting to a checked address (never to a fresh
    DNS answer), no redirects, short timeouts. Raises RefusedTarget with a classified code
    on a network or TLS failure."""
    # a heavy or optional dependency: loaded on first use
    import urllib3
    from urllib3.exceptions import (
        ConnectTimeoutError,
        HTTPError,
        NewConnectionError,
        ProtocolError,
        ReadTimeoutError,
        SSLError,
    )

    host_header = target.host if target.port in {80, 443} else f"{target.host}:{target.port}"
    headers = {**headers, "Host": host_header, "User-Agent": "biaozhun-notify/1"}
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT)
    last: RefusedTarget | None = None
    for address in target.addresses:
        pool: Any
        if target.scheme == "https":
            # a heavy or optional dependency: loaded on first use
            import certifi

            context = ssl.create_default_context(cafile=certifi.where())
            pool = urllib3.HTTPSConnectionPool(
                address,
                target.port,
                timeout=timeout,
                retries=False,
                maxsize=1,
                ssl_context=context,
                server_hostname=target.host,
                assert_hostname=target.host,
            )
        else:
            pool = urllib3.HTTPConnectionPool(
                address, target.port, timeout=timeout, retries=False, maxsize=1
            )
        try:
            response = pool.urlopen(
                "POST",
                target.path,
                body=body,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
            try:
                data = response.read(MAX_READ)
            finally:
                response.release_conn()
            return Answer(response.status, data)
        except SSLError as exc:
            raise RefusedTarget("tls", str(exc)) from exc
        except NewConnectionError as exc:
            refused = isinstance(exc.__cause__, ConnectionRefusedError) or "refused" in str(exc)
            last = RefusedTarget("refused" if refused else "network", str(exc))
            continue  # try the next checked address
        except (ConnectTimeoutError, ReadTimeoutError, TimeoutError) as exc:
            raise RefusedTarget("timeout", str(exc)) from exc
        except (ProtocolError, HTTPError, OSError) as exc:
            raise RefusedTarget("network", str(exc)) from exc
        finally:
            pool.close()
    raise last or RefusedTarget("network", target.host)


def outcome_code(status: int) -> str:
    """The stored response of an HTTP status: ``HTTP 503`` and its class, never a body."""
    if 300 <= status < 400:
        return f"HTTP {status} redirect"
    if 400 <= status < 500:
        return f"HTTP {status} http_4xx"
    if status >= 500:
        return f"HTTP {status} http_5xx"
    return f"HTTP {status} accepted"


def texts(response: str) -> tuple[str, str]:
    """A stored outcome (``HTTP 503 http_5xx``, ``refused_target``, ...) in Chinese and in
    English; anything else (an SMTP reply from the platform's own mail server) as it is."""
    status = ""
    code = response.strip()
    if code.startswith("HTTP "):
        _, status, code = (code + " ").split(" ", 2)
        code = code.strip()
    if code in ERRORS:
        zh, en = ERRORS[code]
        return (f"HTTP {status} · {zh}", f"HTTP {status} · {en}") if status else (zh, en)
    return response, response


def describe(response: str) -> str:
    """:func:`texts` in the active language."""
    return bi(*texts(response))
