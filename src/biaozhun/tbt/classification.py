"""Classifying a notification (``core.classify``) and applying staff corrections."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from biaozhun.core import classify as core_classify

from .models import ClassificationCorrection, Notification

FIELDS = ("hs_headings", "ics_predicted", "industries", "export_groups")


def automatic(n: Notification) -> dict[str, list[dict[str, Any]]]:
    """The classifier's result for a notification, per field."""
    result = core_classify.get_classifier().classify(
        core_classify.Item(
            text=" ".join(
                part
                for part in (n.title, n.products_text, " ".join(n.keywords or []), n.title_zh)
                if part
            ),
            hs_codes=tuple(n.hs_codes or ()),
            ics_codes=tuple(n.ics_codes or ()),
            description=n.description or "",
        )
    )
    return result.as_fields()


def corrected(n: Notification, field: str) -> ClassificationCorrection | None:
    if n.pk is None:
        return None
    return n.corrections.filter(field=field).order_by("-created_at", "-id").first()


def staff_items(correction: ClassificationCorrection) -> list[dict[str, Any]]:
    """The corrected codes as classification items (who corrected is kept in the correction,
    not shown in the reason every reader sees)."""
    day = correction.created_at.date().isoformat() if correction.created_at else ""
    return [
        {
            "code": code,
            "confidence": 1.0,
            "source": "staff",
            "reason_zh": f"工作人员更正({day})"
            + (f":{correction.note}" if correction.note else ""),
            "reason_en": f"corrected by staff ({day})"
            + (f": {correction.note}" if correction.note else ""),
        }
        for code in correction.codes
    ]


def apply_classification(n: Notification) -> dict[str, list[Any]]:
    """Set the effective classification fields on ``n`` (not saved); corrections win.

    Returns ``{field: [old codes, new codes]}`` for the fields whose codes changed."""
    auto = automatic(n)
    changes: dict[str, list[Any]] = {}
    for name in FIELDS:
        correction = corrected(n, name)
        items = staff_items(correction) if correction is not None else auto[name]
        old_codes = [i["code"] for i in (getattr(n, name) or [])]
        new_codes = [i["code"] for i in items]
        if old_codes != new_codes:
            changes[name] = [old_codes, new_codes]
        setattr(n, name, items)
    n.classified_at = timezone.now()
    return changes
