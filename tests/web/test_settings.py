"""Settings refuse to start in production without a real secret."""

import os
import subprocess
import sys


def _start(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "BIAOZHUN_ENV", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import biaozhun.settings"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_fails_with_the_message() -> None:
    result = _start({"BIAOZHUN_ENV": "production", "ALLOWED_HOSTS": "biaozhun.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY is missing or a placeholder" in result.stderr
    assert "生产环境必须设置 SECRET_KEY" in result.stderr


def test_production_with_placeholder_secret_fails() -> None:
    result = _start(
        {"BIAOZHUN_ENV": "production", "SECRET_KEY": "changeme", "ALLOWED_HOSTS": "x.org"}
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_needs_allowed_hosts() -> None:
    result = _start({"BIAOZHUN_ENV": "production", "SECRET_KEY": "k" * 20 + "Q9x!aZ0pLm" * 3})
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_with_real_secret_starts() -> None:
    result = _start(
        {
            "BIAOZHUN_ENV": "production",
            "SECRET_KEY": "k" * 20 + "Q9x!aZ0pLm" * 3,
            "ALLOWED_HOSTS": "x.org",
        }
    )
    assert result.returncode == 0, result.stderr


def test_unknown_environment_is_refused() -> None:
    result = _start({"BIAOZHUN_ENV": "staging"})
    assert result.returncode != 0 and "BIAOZHUN_ENV" in result.stderr
