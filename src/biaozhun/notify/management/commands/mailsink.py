"""``biaozhun mailsink``: a local SMTP server for development and demos. It accepts every
mail and keeps it as an ``.eml`` file under ``var/mail/`` (open it with any mail program),
so the platform's e-mail (alerts, digests, password resets) is delivered and can be read
without a real mail server. ``make run`` starts it beside the web server. Never expose it:
it listens on the loopback address and relays nothing."""

from __future__ import annotations

import email
import email.policy
import re
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from biaozhun.notify.conf import mail_server


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:80] or "mail"


class MailDir:
    """Writes each received mail to ``<dir>/<time>-<n>-<message id>.eml``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    def store(self, data: bytes) -> Path:
        message = email.message_from_bytes(data, policy=email.policy.default)
        message_id = str(message.get("Message-ID", "")).strip("<> ")
        with self.lock:
            self.count += 1
            number = self.count
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = self.directory / f"{stamp}-{number:05d}-{_safe(message_id)}.eml"
        path.write_bytes(data)
        return path


class Command(BaseCommand):
    help = "开发用邮件接收器 / Development SMTP sink: keep every mail as an .eml file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=mail_server()[1])
        parser.add_argument("--dir", default=str(settings.VAR_DIR / "mail"))

    def handle(self, *args: Any, **options: Any) -> None:
        # a heavy or optional dependency: loaded on first use
        from aiosmtpd.controller import Controller

        if options["host"] not in {"127.0.0.1", "localhost", "::1"}:
            raise CommandError("The mail sink listens on the loopback address only.")
        directory = Path(options["dir"])
        directory.mkdir(parents=True, exist_ok=True)
        maildir = MailDir(directory)
        out = self.stdout

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                path = maildir.store(envelope.original_content or envelope.content)
                out.write(f"mail to {', '.join(envelope.rcpt_tos)} → {path.name}")
                return "250 OK kept"

        controller = Controller(Handler(), hostname=options["host"], port=options["port"])
        try:
            controller.start()
        except OSError as exc:
            raise CommandError(
                f"Port {options['port']} is taken ({exc}); is another mail server running?"
            ) from exc
        self.stdout.write(
            f"mail sink on {options['host']}:{options['port']}, keeping mail in {directory}"
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
