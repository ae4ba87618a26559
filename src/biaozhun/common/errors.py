"""Domain errors shared by services, pages and the API.

Every error a user can meet carries a stable machine-readable ``code`` and a message in Chinese
and in English; the API renders it as ``{code, message_zh, message_en, details}``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


class DomainError(Exception):
    """A refusal a user can act on. ``status`` is the HTTP status the API answers with."""

    status = 400

    def __init__(
        self,
        code: str,
        message_zh: str,
        message_en: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.details = details or {}

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "details": self.details,
        }

    def message(self, language: str | None = None) -> str:
        """The message in the active language (Chinese unless English is chosen)."""
        if language is None:
            language = get_language() or "zh-hans"
        return self.message_en if language.startswith("en") else self.message_zh


class NotFound(DomainError):
    status = 404

    def __init__(self, what_zh: str = "对象", what_en: str = "object") -> None:
        super().__init__(
            "not_found",
            f"{what_zh}不存在或无权访问。",
            f"The {what_en} does not exist or is not visible to you.",
        )


class PermissionDenied(DomainError):
    status = 403

    def __init__(
        self,
        message_zh: str = "您没有执行此操作的权限。",
        message_en: str = "You are not allowed to do this.",
    ) -> None:
        super().__init__("forbidden", message_zh, message_en)


class Conflict(DomainError):
    status = 409
