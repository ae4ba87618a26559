"""Classifying a notification (``core.classify``) and applying staff corrections.

The desk's corrections teach the classifier at once: every corrected notification is a
labelled example in a nearest-neighbour memory (:class:`core.classify.CorrectionMemory`) that
the classifier consults for other notifications; a nearly identical text gets the corrected
codes. The memory is rebuilt when the corrections change (checked by count and latest id).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from django.db.models import Count, Max
from django.utils import timezone

from biaozhun.core import classify as core_classify

from .models import ClassificationCorrection, Notification

FIELDS = ("hs_headings", "ics_predicted", "industries", "export_groups")

_memory_lock = threading.Lock()
_memory: dict[str, Any] = {"key": None, "memory": None, "pks": []}


def notification_text(n: Notification) -> str:
    """The text of a notification the classifier reads (title, products, keywords, Chinese
    title)."""
    return " ".join(
        part for part in (n.title, n.products_text, " ".join(n.keywords or []), n.title_zh) if part
    )


def correction_memory() -> tuple[core_classify.CorrectionMemory, list[int]]:
    """Every corrected notification as a labelled example (latest correction per field), and
    the notifications' ids, row for row; cached until the corrections change."""
    stats = ClassificationCorrection.objects.aggregate(n=Count("id"), last=Max("id"))
    key = (stats["n"], stats["last"])
    with _memory_lock:
        if _memory["key"] == key and _memory["memory"] is not None:
            return _memory["memory"], _memory["pks"]
        latest: dict[int, dict[str, list[str]]] = {}
        for c in ClassificationCorrection.objects.order_by("created_at", "id"):
            latest.setdefault(c.notification_id, {})[c.field] = [str(x) for x in c.codes]
        notes = Notification.objects.in_bulk(list(latest))
        items, pks = [], []
        for pk, fields in sorted(latest.items()):
            n = notes.get(pk)
            if n is None or not notification_text(n).strip():
                continue
            items.append(core_classify.Correction(notification_text(n), fields, n.symbol))
            pks.append(pk)
        classifier = core_classify.get_classifier()
        memory = core_classify.CorrectionMemory.build(items, classifier.embed)
        _memory.update(key=key, memory=memory, pks=pks)
        return memory, pks


def _memory_without(
    memory: core_classify.CorrectionMemory, pks: list[int], pk: int | None
) -> core_classify.CorrectionMemory:
    if pk is None or pk not in pks:
        return memory
    keep = [i for i, p in enumerate(pks) if p != pk]
    vecs = memory.vecs[np.array(keep, dtype=int)] if memory.vecs is not None and keep else None
    return core_classify.CorrectionMemory([memory.items[i] for i in keep], vecs)


def automatic(n: Notification) -> dict[str, list[dict[str, Any]]]:
    """The classifier's result for a notification, per field (the desk's corrections of
    *other* notifications consulted; this one's own corrections are applied by
    :func:`apply_classification`)."""
    memory, pks = correction_memory()
    result = core_classify.get_classifier().classify(
        core_classify.Item(
            text=notification_text(n),
            hs_codes=tuple(n.hs_codes or ()),
            ics_codes=tuple(n.ics_codes or ()),
            description=n.description or "",
        ),
        _memory_without(memory, pks, n.pk),
    )
    return result.as_fields()


def corrected(n: Notification, field: str) -> ClassificationCorrection | None:
    if n.pk is None:
        return None
    return n.corrections.filter(field=field).order_by("-created_at", "-id").first()


def staff_items(correction: ClassificationCorrection) -> list[dict[str, Any]]:
    """The corrected codes as classification items (who corrected is kept in the correction,
    not shown in the reason every reader sees)."""
    day = timezone.localdate(correction.created_at).isoformat() if correction.created_at else ""
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
