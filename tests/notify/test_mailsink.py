"""``biaozhun mailsink``: the development mail server keeps what the platform sends as .eml
files (a real process on a real port, fed by the real outbox)."""

from __future__ import annotations

import email
import email.policy
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from biaozhun.notify import outbox, services

from .conftest import free_port
from .workers import ROOT

pytestmark = pytest.mark.django_db


def _start(port: int, directory: Path, host: str = "127.0.0.1") -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), DEBUG="false")
    command = [sys.executable, "-m", "biaozhun.cli", "mailsink", "--host", host]
    command += ["--port", str(port), "--dir", str(directory)]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _wait_listening(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("the mail sink did not start")


def test_alert_mail_is_kept_as_an_eml_file(tmp_path: Path, make_user: Any, settings: Any) -> None:
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    sink = _start(port, tmp_path)
    try:
        _wait_listening(port, sink)
        user = make_user("bureau_staff", email="desk@example.cn")
        message = services.publish(
            kind="tbt_alert",
            urgency="red",
            users=[user],
            title_zh="欧盟电池法规通报",
            title_en="EU battery regulation",
            url="/tbt/",
            source=None,
            dedupe_key="sink-1",
        )
        assert outbox.drain().sent == 1
        delivery = message.deliveries.get(channel="email")
        assert delivery.status == "sent"
        deadline = time.monotonic() + 10
        while not list(tmp_path.glob("*.eml")) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        sink.terminate()
        sink.wait(10)
    [path] = tmp_path.glob("*.eml")
    assert delivery.idempotency_key in path.name
    mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert "欧盟电池法规通报" in str(mail["Subject"])
    assert str(mail["To"]) == "desk@example.cn"
    assert "欧盟电池法规通报" in mail.get_body(preferencelist=("plain",)).get_content()


def test_refuses_to_listen_beyond_the_loopback_address(tmp_path: Path) -> None:
    sink = _start(free_port(), tmp_path, host="0.0.0.0")
    _out, err = sink.communicate(timeout=60)
    assert sink.returncode != 0
    assert b"loopback" in err
