"""Channel senders: e-mail over Django's mailer (SMTP), the WeCom, DingTalk and Feishu group
robots (their official webhook APIs) and generic JSON webhooks signed with HMAC-SHA256. Robot
and webhook requests go through :mod:`.outbound` (checked addresses, no redirects, classified
outcomes, no receiver's reply shown).

Each sender hands over a batch of claimed deliveries and yields each delivery with its
:class:`Outcome` as soon as the channel has answered, so the worker records an accepted
delivery before it sends the next one. Before each send it asks ``permit(delivery)`` (the
worker's lease, see :mod:`.outbox`) and stops the batch when that answers False. ``channel_down`` means the channel itself is
unreachable (the rest of the batch is put back untried); ``permanent`` means retrying cannot
help (dead letter at once).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import re
import smtplib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formatdate
from typing import Any
from urllib.parse import quote, urlparse

from django.conf import settings
from django.core import signing
from django.core.mail import mailers
from django.template.loader import render_to_string
from django.urls import reverse

from . import conf, outbound
from .models import Delivery

URGENCY_LABEL = {
    "red": ("红色预警", "Red alert"),
    "orange": ("橙色预警", "Orange alert"),
    "yellow": ("黄色预警", "Yellow alert"),
    "info": ("通知", "Notice"),
}
SMTP_COMPAT32 = compat32.clone(linesep="\r\n")
CLICK_SALT = "biaozhun.notify.click"


@dataclass
class Outcome:
    ok: bool
    response: str = ""
    permanent: bool = False
    channel_down: bool = False


def tracked_link(delivery: Delivery) -> str:
    """A signed redirect URL: following it records the click and opens the message's page."""
    token = signing.dumps(delivery.pk, salt=CLICK_SALT, compress=True)
    return conf.site_url() + reverse("notify:click", args=[token])


def read_click_token(token: str) -> int:
    """The delivery id in a tracked link (valid 90 days); raises signing.BadSignature."""
    value = signing.loads(token, salt=CLICK_SALT, max_age=90 * 86400)
    return int(value)


def subject_of(delivery: Delivery) -> str:
    message = delivery.message
    zh, en = URGENCY_LABEL[message.urgency]
    return f"【{zh}】{message.title_zh} / {en}: {message.title_en}"


def _site_domain() -> str:
    return urlparse(conf.site_url()).hostname or "biaozhun.local"


def message_id(delivery: Delivery) -> str:
    """Derived from the idempotency key: a resent mail has the same Message-ID."""
    return f"<{delivery.idempotency_key}@{_site_domain()}>"


# --- e-mail -------------------------------------------------------------------------------


def _from_address() -> str:

    return str(settings.DEFAULT_FROM_EMAIL)


def _email(delivery: Delivery) -> bytes:
    """The mail as bytes: text and HTML alternatives, a UTF-8 (Chinese) subject and a
    Message-ID derived from the idempotency key. Built with the compat32 email API, four times
    faster than EmailMessage's modern policy (it matters at 10,000 mails)."""
    message = delivery.message
    link = tracked_link(delivery)
    context = {
        "message": message,
        "link": link,
        "urgency_zh": URGENCY_LABEL[message.urgency][0],
        "urgency_en": URGENCY_LABEL[message.urgency][1],
    }
    mail = MIMEMultipart("alternative")
    mail["Subject"] = Header(subject_of(delivery), "utf-8")  # type: ignore[assignment]
    mail["From"] = _from_address()
    mail["To"] = delivery.address
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = message_id(delivery)
    mail["X-Biaozhun-Idempotency-Key"] = delivery.idempotency_key
    mail["X-Biaozhun-Urgency"] = message.urgency
    mail.attach(MIMEText(render_to_string("notify/email.txt", context), "plain", "utf-8"))
    mail.attach(MIMEText(render_to_string("notify/email.html", context), "html", "utf-8"))
    return mail.as_bytes(policy=SMTP_COMPAT32)


def _open_mailer() -> Any:
    """An open SMTP connection configured by Django's mailer (MAILERS[NOTIFY_MAILER])."""
    connection = mailers[conf.mailer_alias()]
    connection.fail_silently = False
    connection.open()
    if getattr(connection, "connection", None) is None:
        raise OSError("the configured mailer is not an SMTP connection")
    return connection


Sent = Iterator[tuple[Delivery, Outcome]]
Permit = Callable[[Delivery], bool]


def _always(delivery: Delivery) -> bool:
    return True


def send_email(deliveries: Sequence[Delivery], permit: Permit = _always) -> Sent:
    """Hand the mails to the SMTP server over one connection."""
    try:
        connection = _open_mailer()
    except (OSError, smtplib.SMTPException) as exc:
        down = Outcome(False, f"SMTP unavailable: {exc}"[:500], channel_down=True)
        for delivery in deliveries:
            yield delivery, down
        return
    sender = _from_address()
    try:
        for index, delivery in enumerate(deliveries):
            if not permit(delivery):
                return
            try:
                connection.connection.sendmail(sender, [delivery.address], _email(delivery))
                yield delivery, Outcome(True, "250 accepted")
            except smtplib.SMTPRecipientsRefused as exc:
                yield delivery, Outcome(False, f"refused: {exc}"[:500], permanent=True)
            except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError) as exc:
                yield delivery, Outcome(False, f"SMTP lost: {exc}"[:500])
                rest = Outcome(False, "SMTP unavailable (not tried)", channel_down=True)
                for other in deliveries[index + 1 :]:
                    yield other, rest
                return
            except smtplib.SMTPResponseException as exc:
                text = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"[:500]
                yield delivery, Outcome(False, text, permanent=exc.smtp_code >= 500)
            except smtplib.SMTPException as exc:
                yield delivery, Outcome(False, f"SMTP error: {exc}"[:500])
    finally:
        with contextlib.suppress(Exception):
            connection.close()


# --- signed webhooks ------------------------------------------------------------------------


def webhook_payload(delivery: Delivery) -> dict[str, Any]:
    message = delivery.message
    return {
        "id": delivery.idempotency_key,
        "message_id": message.pk,
        "kind": message.kind,
        "urgency": message.urgency,
        "title_zh": message.title_zh,
        "title_en": message.title_en,
        "body_zh": message.body_zh,
        "body_en": message.body_en,
        "url": (conf.site_url() + message.url) if message.url.startswith("/") else message.url,
        "enterprise": message.enterprise_id,
        "created_at": message.created_at.isoformat(),
    }


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` + hex HMAC-SHA256 of ``timestamp`` + ``.`` + body, keyed by the secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, *, now: float | None = None
) -> bool:
    """What a receiver does: constant-time compare, and reject anything older (or newer) than
    five minutes so a captured request cannot be replayed later."""
    try:
        age = abs((now if now is not None else time.time()) - int(timestamp))
    except ValueError:
        return False
    return age <= 300 and hmac.compare_digest(sign(secret, timestamp, body), signature)


def _outcome_of(exc: outbound.RefusedTarget) -> Outcome:
    # a refused target or a TLS failure does not fix itself; a network failure may
    return Outcome(False, exc.code, permanent=exc.code in {"refused_target", "insecure", "tls"})


def _http_outcome(status: int) -> Outcome:
    text = outbound.outcome_code(status)
    if 200 <= status < 300:
        return Outcome(True, text)
    # a redirect is not followed; 4xx other than these is final
    permanent = 300 <= status < 500 and status not in {408, 409, 425, 429}
    return Outcome(False, text, permanent=permanent)


def send_webhook(deliveries: Sequence[Delivery], permit: Permit = _always) -> Sent:
    for delivery in deliveries:
        if not permit(delivery):
            return
        endpoint = delivery.endpoint
        secret = endpoint.secret if endpoint is not None else ""
        body = json.dumps(webhook_payload(delivery), ensure_ascii=False).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-Biaozhun-Timestamp": timestamp,
            "X-Biaozhun-Signature": sign(secret, timestamp, body),
            "Idempotency-Key": delivery.idempotency_key,
            "X-Biaozhun-Delivery": str(delivery.pk),
        }
        try:
            answer = outbound.post(outbound.check(delivery.address, "webhook"), body, headers)
        except outbound.RefusedTarget as exc:
            yield delivery, _outcome_of(exc)
            continue
        yield delivery, _http_outcome(answer.status)


# --- group robots ---------------------------------------------------------------------------

ROBOT_KEY = re.compile(r"^[A-Za-z0-9_\-]{1,200}$")


def robot_url(kind: str, target: str) -> str:
    """The webhook URL of a robot: the address its admin copied, or the official one built
    from the bare key / access token."""
    target = target.strip()
    if target.startswith(("https://", "http://")):
        return target
    key = quote(target, safe="")
    if kind == "wecom":
        return f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={key}"
    if kind == "dingtalk":
        return f"https://oapi.dingtalk.com/robot/send?access_token={key}"
    if kind == "feishu":
        return f"https://open.feishu.cn/open-apis/bot/v2/hook/{key}"
    raise ValueError(kind)


def _hmac_b64(key: bytes, message: bytes) -> str:
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def robot_request(kind: str, url: str, secret: str, text: str) -> tuple[str, dict[str, Any]]:
    """The URL and JSON body of one text message in the robot's official format, signed
    when the robot has a secret (DingTalk: ``timestamp`` and ``sign`` in the query; Feishu:
    in the body)."""
    if kind == "feishu":
        body: dict[str, Any] = {"msg_type": "text", "content": {"text": text}}
        if secret:
            stamp = str(int(time.time()))
            body.update(timestamp=stamp, sign=_hmac_b64(f"{stamp}\n{secret}".encode(), b""))
        return url, body
    body = {"msgtype": "text", "text": {"content": text}}
    if kind == "dingtalk" and secret:
        stamp = str(int(time.time() * 1000))
        signature = quote(_hmac_b64(secret.encode(), f"{stamp}\n{secret}".encode()), safe="")
        url += ("&" if "?" in url else "?") + f"timestamp={stamp}&sign={signature}"
    return url, body


def robot_accepted(data: bytes) -> bool:
    """The robots answer HTTP 200 with ``errcode`` (WeCom, DingTalk) or ``code`` /
    ``StatusCode`` (Feishu) 0 when they took the message."""
    try:
        answer = json.loads(data)
    except ValueError:
        return False
    if not isinstance(answer, dict):
        return False
    for field in ("errcode", "code", "StatusCode"):
        if field in answer:
            return bool(answer[field] == 0)
    return False


def robot_text(delivery: Delivery) -> tuple[str, str]:
    message = delivery.message
    link = (conf.site_url() + message.url) if message.url.startswith("/") else message.url
    title = subject_of(delivery)
    body = (
        "\n".join(part for part in (message.body_zh, message.body_en, link) if part)
        or message.title_zh
    )
    return title, body


def send_robot(deliveries: Sequence[Delivery], permit: Permit = _always) -> Sent:
    for delivery in deliveries:
        if not permit(delivery):
            return
        endpoint = delivery.endpoint
        title, text = robot_text(delivery)
        try:
            url, body = robot_request(
                delivery.channel,
                robot_url(delivery.channel, delivery.address),
                endpoint.secret if endpoint else "",
                f"{title}\n{text}",
            )
            target = outbound.check(url, delivery.channel)
            answer = outbound.post(
                target,
                json.dumps(body, ensure_ascii=False).encode(),
                {"Content-Type": "application/json; charset=utf-8"},
            )
        except outbound.RefusedTarget as exc:
            yield delivery, _outcome_of(exc)
            continue
        if not 200 <= answer.status < 300:
            yield delivery, _http_outcome(answer.status)
        elif robot_accepted(answer.body):
            yield delivery, Outcome(True, outbound.outcome_code(answer.status))
        else:
            yield delivery, Outcome(False, f"HTTP {answer.status} robot_error")


SENDERS: dict[str, Callable[[Sequence[Delivery], Permit], Sent]] = {
    "email": send_email,
    "webhook": send_webhook,
    "wecom": send_robot,
    "dingtalk": send_robot,
    "feishu": send_robot,
}
