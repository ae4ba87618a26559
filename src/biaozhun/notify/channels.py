"""Channel senders: e-mail over Django's mailer (SMTP), the WeCom, DingTalk and Feishu group
robots through apprise, and generic JSON webhooks signed with HMAC-SHA256.

Each sender hands over a batch of claimed deliveries and yields each delivery with its
:class:`Outcome` as soon as the channel has answered, so the worker records an accepted
delivery before it sends the next one. ``channel_down`` means the channel itself is
unreachable (the rest of the batch is put back untried); ``permanent`` means retrying cannot
help (dead letter at once).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import smtplib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from email.policy import compat32
from typing import Any
from urllib.parse import parse_qs, urlparse

from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

from . import conf
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
    from django.conf import settings

    return str(settings.DEFAULT_FROM_EMAIL)


def _email(delivery: Delivery) -> bytes:
    """The mail as bytes: text and HTML alternatives, a UTF-8 (Chinese) subject and a
    Message-ID derived from the idempotency key. Built with the compat32 email API, four times
    faster than EmailMessage's modern policy (it matters at 10,000 mails)."""
    from email.header import Header
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText
    from email.utils import formatdate

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
    from django.core.mail import mailers

    connection = mailers[conf.mailer_alias()]
    connection.fail_silently = False
    connection.open()
    if getattr(connection, "connection", None) is None:
        raise OSError("the configured mailer is not an SMTP connection")
    return connection


Sent = Iterator[tuple[Delivery, Outcome]]


def send_email(deliveries: Sequence[Delivery]) -> Sent:
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


def send_webhook(deliveries: Sequence[Delivery]) -> Sent:
    import requests

    with requests.Session() as session:
        for delivery in deliveries:
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
                response = session.post(delivery.address, data=body, headers=headers, timeout=10)
            except requests.RequestException as exc:
                yield delivery, Outcome(False, f"{type(exc).__name__}: {exc}"[:500])
                continue
            text = f"HTTP {response.status_code} {response.text[:200]}"
            if 200 <= response.status_code < 300:
                yield delivery, Outcome(True, text)
            else:
                permanent = 400 <= response.status_code < 500 and response.status_code not in {
                    408,
                    409,
                    425,
                    429,
                }
                yield delivery, Outcome(False, text, permanent=permanent)


# --- robots through apprise ----------------------------------------------------------------


def apprise_url(kind: str, target: str, secret: str) -> str:
    """The apprise URL of a robot from the address its admin copies (or just the key)."""
    target = target.strip()
    query = parse_qs(urlparse(target).query) if target.startswith("http") else {}
    if kind == "wecom":
        key = query.get("key", [target])[0]
        return f"wecombot://{key}"
    if kind == "dingtalk":
        token = query.get("access_token", [target])[0]
        return f"dingtalk://{secret}@{token}" if secret else f"dingtalk://{token}"
    if kind == "feishu":
        token = target.rstrip("/").rsplit("/", 1)[-1] if target.startswith("http") else target
        return f"feishu://{token}"
    raise ValueError(kind)


def robot_text(delivery: Delivery) -> tuple[str, str]:
    message = delivery.message
    link = (conf.site_url() + message.url) if message.url.startswith("/") else message.url
    title = subject_of(delivery)
    body = (
        "\n".join(part for part in (message.body_zh, message.body_en, link) if part)
        or message.title_zh
    )
    return title, body


def send_robot(deliveries: Sequence[Delivery]) -> Sent:
    import apprise

    for delivery in deliveries:
        endpoint = delivery.endpoint
        url = apprise_url(delivery.channel, delivery.address, endpoint.secret if endpoint else "")
        app = apprise.Apprise()
        if not app.add(url):
            yield delivery, Outcome(False, "invalid robot address", permanent=True)
            continue
        title, body = robot_text(delivery)
        ok = bool(app.notify(body=body, title=title))
        yield delivery, Outcome(ok, "accepted" if ok else "robot refused or unreachable")


SENDERS: dict[str, Callable[[Sequence[Delivery]], Sent]] = {
    "email": send_email,
    "webhook": send_webhook,
    "wecom": send_robot,
    "dingtalk": send_robot,
    "feishu": send_robot,
}
