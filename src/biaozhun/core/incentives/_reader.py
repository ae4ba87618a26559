"""Reading JSON-shaped dicts into typed values, with errors that say where and what (zh/en).

Shared by the case and the policy loaders; each passes its own error class so a caller can tell
a malformed application (``CaseError``) from a malformed policy (``PolicyError``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InputError(ValueError):
    """A malformed input dict: a stable ``code``, messages in Chinese and English, the field path."""

    code: str
    message_zh: str
    message_en: str
    field: str | None = None

    def __str__(self) -> str:
        where = f" ({self.field})" if self.field else ""
        return f"{self.code}{where}: {self.message_en}"

    def to_dict(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "field": self.field,
        }


class Reader:
    """One JSON object being read, with its path for error messages."""

    def __init__(self, data: object, path: str, error: type[InputError]) -> None:
        self.error = error
        self.path = path
        if not isinstance(data, Mapping):
            raise error(
                "invalid_type",
                f"“{path or '根'}”应为 JSON 对象。",
                f"{path or 'The root'} must be a JSON object.",
                path or None,
            )
        self.data: Mapping[str, Any] = data
        self.seen: set[str] = set()

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, code: str, zh: str, en: str) -> InputError:
        return self.error(code, zh, en, self.field(key))

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def _get(self, key: str, required: bool) -> Any:
        self.seen.add(key)
        value = self.data.get(key)
        if value is None and required:
            raise self.fail(
                key,
                "missing_field",
                f"缺少必填字段“{self.field(key)}”。",
                f"{self.field(key)} is required.",
            )
        return value

    def _type_error(self, key: str, zh_type: str, en_type: str) -> InputError:
        return self.fail(
            key,
            "invalid_type",
            f"“{self.field(key)}”应为{zh_type}。",
            f"{self.field(key)} must be {en_type}.",
        )

    def text(self, key: str, *, required: bool = True, allow_empty: bool = False) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._type_error(key, "字符串", "a string")
        if not allow_empty and not value.strip():
            if required:
                raise self.fail(
                    key,
                    "missing_field",
                    f"“{self.field(key)}”不能为空。",
                    f"{self.field(key)} must not be empty.",
                )
            return None
        return value.strip()

    def req_text(self, key: str) -> str:
        value = self.text(key)
        assert value is not None
        return value

    def boolean(self, key: str, *, default: bool | None = None) -> bool:
        value = self._get(key, default is None)
        if value is None:
            assert default is not None
            return default
        if not isinstance(value, bool):
            raise self._type_error(key, "布尔值(true/false)", "true or false")
        return value

    def integer(self, key: str, *, required: bool = True, minimum: int | None = None) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._type_error(key, "整数", "an integer")
        if minimum is not None and value < minimum:
            raise self.fail(
                key,
                "invalid_value",
                f"“{self.field(key)}”不能小于 {minimum}(实际 {value})。",
                f"{self.field(key)} must be at least {minimum} (got {value}).",
            )
        return value

    def req_integer(self, key: str, *, minimum: int | None = None) -> int:
        value = self.integer(key, minimum=minimum)
        assert value is not None
        return value

    def date(self, key: str, *, required: bool = True) -> dt.date | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._type_error(key, "日期字符串(YYYY-MM-DD)", "a date string (YYYY-MM-DD)")
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise self.fail(
                key,
                "invalid_date",
                f"“{self.field(key)}”不是有效日期(应为 YYYY-MM-DD):{value}",
                f"{self.field(key)} is not a valid date (YYYY-MM-DD): {value!r}",
            ) from None

    def choice(self, key: str, choices: Sequence[str], *, default: str | None = None) -> str:
        value = self._get(key, default is None)
        if value is None:
            assert default is not None
            return default
        if not isinstance(value, str) or value not in choices:
            allowed = ", ".join(choices)
            raise self.fail(
                key,
                "invalid_value",
                f"“{self.field(key)}”应为以下之一:{allowed}(实际 {value!r})。",
                f"{self.field(key)} must be one of: {allowed} (got {value!r}).",
            )
        return value

    def objects(self, key: str, *, required: bool = False) -> list[Reader]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._type_error(key, "数组", "an array")
        return [Reader(item, f"{self.field(key)}[{i}]", self.error) for i, item in enumerate(value)]

    def obj(self, key: str, *, required: bool = True) -> Reader | None:
        value = self._get(key, required)
        if value is None:
            return None
        return Reader(value, self.field(key), self.error)

    def req_obj(self, key: str) -> Reader:
        value = self.obj(key)
        assert value is not None
        return value

    def integers(self, key: str) -> list[int]:
        value = self._get(key, False)
        if value is None:
            return []
        if not isinstance(value, list) or any(
            isinstance(v, bool) or not isinstance(v, int) for v in value
        ):
            raise self._type_error(key, "整数数组", "an array of integers")
        return list(value)

    def texts(self, key: str) -> list[str]:
        value = self._get(key, False)
        if value is None:
            return []
        if not isinstance(value, list) or any(not isinstance(v, str) for v in value):
            raise self._type_error(key, "字符串数组", "an array of strings")
        return list(value)

    def done(self) -> None:
        """Refuse keys nobody read: a misspelt fact must not silently count as absent.

        Keys starting with ``_`` are comments and are ignored.
        """
        unknown = sorted(k for k in set(self.data) - self.seen if not k.startswith("_"))
        if unknown:
            key = unknown[0]
            raise self.fail(
                key,
                "unknown_field",
                f"未知字段“{self.field(key)}”(拼写错误?)。",
                f"Unknown field {self.field(key)} (a typo?).",
            )
