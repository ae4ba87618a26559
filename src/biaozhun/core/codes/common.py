"""What the classifications share: the error for an invalid code, NFKC clean-up, and where the
repository's ``data/`` directory is."""

from __future__ import annotations

import unicodedata
from pathlib import Path


class CodeError(ValueError):
    """An invalid classification code; ``code`` is stable, messages are for people."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


def default_data_dir() -> Path:
    """The repository's ``data/`` directory (for a source checkout: ``src/biaozhun/core/codes`` ->
    repository root)."""
    return Path(__file__).resolve().parents[4] / "data"


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()
