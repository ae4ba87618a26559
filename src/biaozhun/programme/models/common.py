"""What the programme's models share: bilingual verbose names and validation errors, the
designation check, the catalogue lookup, the level of a record.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from biaozhun.common.i18n import bi_lazy
from biaozhun.core.designation import DesignationError, parse

DUPLICATE = "该记录已登记(重复)。 / This record is already registered."


def one_record(name: str, *fields: str) -> models.UniqueConstraint:
    """A registry's natural key: a second row with the same ``fields`` is a duplicate."""
    return models.UniqueConstraint(
        fields=list(fields),
        name=name,
        violation_error_message=DUPLICATE,
        violation_error_code="duplicate",
    )


def V(zh: str, en: str) -> str:
    """A bilingual verbose name, ``"中文 / English"`` (forms show the active half)."""
    return f"{zh} / {en}"


def bi_invalid(zh: str, en: str, code: str) -> ValidationError:
    return ValidationError(bi_lazy(zh, en), code=code)


def check_designation(text: str, *, levels: set[str] | None = None) -> tuple[str, str]:
    """Parse ``text``; return ``(canonical, level)`` or raise a bilingual ValidationError."""
    try:
        parsed = parse(text)
    except DesignationError as exc:
        raise bi_invalid(
            f"标准编号“{text}”无效:{exc.message_zh}",
            f"The designation {text!r} is invalid: {exc.message_en}",
            "bad_designation",
        ) from exc
    if levels is not None and parsed.level not in levels:
        raise bi_invalid(
            f"标准“{parsed.canonical}”的层级({parsed.level})不符合要求。",
            f"{parsed.canonical} is a {parsed.level} standard, which is not accepted here.",
            "wrong_level",
        )
    return parsed.canonical, parsed.level


def catalogue_record(designation: str) -> Any:
    """The catalogue's record of a designation, when the catalogue app has a Standard model."""
    if not designation or not apps.is_installed("biaozhun.catalogue"):
        return None
    try:
        model = apps.get_model("catalogue", "Standard")
        return model._default_manager.filter(canonical=designation).first()
    except Exception:  # no Standard model (yet), or it has no canonical field
        return None


class Level(models.TextChoices):
    NATIONAL = "national", "国家级 national"
    PROVINCIAL = "provincial", "省级 provincial"
    MUNICIPAL = "municipal", "市级 municipal"
