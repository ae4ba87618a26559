"""Path converters shared by every URLconf.

``<id:pk>`` matches a database id: at most 18 ASCII digits, so every value it lets through fits
a 64-bit integer column on SQLite and PostgreSQL alike. A longer number cannot be an id; it gets
the platform's 404 instead of an overflow in the database driver (issue 15 §7)."""

from __future__ import annotations

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        # ValueError is how a converter says "no URL for this value" (NoReverseMatch);
        # int() of an infinite float raises OverflowError, of other objects TypeError
        try:
            return str(int(value))
        except (OverflowError, TypeError) as exc:
            raise ValueError(f"not an id: {value!r}") from exc


register_converter(IdConverter, "id")
