"""Dated changes of the catalogue that no file import makes by itself: the amendments (修改单)
an announcement lists for standards already in the catalogue, and the daily run that applies
what is due (editions taking effect, replaced once their successor is in force, withdrawn on
their date). Both record ``CatalogueChange`` rows and publish them like an import's
(:func:`biaozhun.catalogue.services.publish_changes`), so the watch lists hear of them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.services import record_audit

from .models import CatalogueChange, ImportRun, Standard
from .services import BATCH, Kind, Status, publish_changes


@dataclass(frozen=True)
class AmendmentNote:
    """A 修改单 an announcement lists for a standard already in the catalogue."""

    canonical: str
    text: str
    implemented_on: datetime.date | None


@transaction.atomic
def record_amendments(
    run: ImportRun, amendments: Iterable[AmendmentNote], today: datetime.date
) -> list[int]:
    """Record each amendment as an "updated" change of its standard (in ``run``), so the watch
    lists holding the standard hear of it; returns the new change ids (published)."""
    items = list(amendments)
    if not items:
        return []
    ids = dict(
        Standard.objects.filter(canonical__in={a.canonical for a in items}).values_list(
            "canonical", "id"
        )
    )
    statuses = dict(Standard.objects.filter(id__in=ids.values()).values_list("id", "status"))
    changes = [
        CatalogueChange(
            standard_id=ids[a.canonical],
            run=run,
            kind=CatalogueChange.Kind.UPDATED,
            old_status=statuses[ids[a.canonical]],
            new_status=statuses[ids[a.canonical]],
            detected_on=today,
            details={
                "fields": ["amendment"],
                "amendment": a.text,
                "implemented_on": a.implemented_on.isoformat() if a.implemented_on else "",
            },
        )
        for a in items
        if a.canonical in ids
    ]
    created = CatalogueChange.objects.bulk_create(changes, batch_size=BATCH)
    change_ids = [c.pk for c in created if c.pk is not None]
    if len(change_ids) != len(created):  # a backend that does not return ids on bulk insert
        change_ids = list(
            CatalogueChange.objects.filter(run=run, details__fields=["amendment"]).values_list(
                "id", flat=True
            )
        )
    counts = dict(run.counts or {})
    counts["amendments"] = len(change_ids)
    by_kind = dict(counts.get("changes") or {})
    by_kind[CatalogueChange.Kind.UPDATED] = by_kind.get(CatalogueChange.Kind.UPDATED, 0) + len(
        change_ids
    )
    counts["changes"] = by_kind
    ImportRun.objects.filter(pk=run.pk).update(counts=counts)
    run.counts = counts
    publish_changes(change_ids)
    return change_ids


#: the ``ImportRun.source`` of the daily run that applies dated changes
TRANSITIONS_SOURCE = "dated-transitions"


@transaction.atomic
def apply_dated_transitions(today: datetime.date | None = None) -> ImportRun | None:
    """Apply what the catalogue knows is due by ``today`` (default: today, local time):

    * an edition 即将实施 whose 实施日期 has come becomes 现行;
    * an edition a newer one replaces (``replaced_by``) becomes 被代替 once the successor is in
      force (its 实施日期 has come), dated that day;
    * an edition announced as withdrawn from a later date becomes 废止 on that date.

    Each change is recorded and published like an import's (watch lists hear of it). Runs
    once a day (``catalogue.tasks.apply_transitions_daily``); running it twice changes nothing
    the second time. Returns the run, or ``None`` when nothing was due.
    """
    today = today or timezone.localdate()
    # id -> (fields to write, change kind, old status, new status, details); a later rule wins
    due: dict[int, tuple[dict[str, Any], str, str, str, dict[str, Any]]] = {}
    for row in Standard.objects.filter(status=Status.UPCOMING, implemented_on__lte=today).values(
        "id"
    ):
        due[row["id"]] = (
            {"status": Status.CURRENT},
            Kind.STATUS_CHANGED,
            Status.UPCOMING,
            Status.CURRENT,
            {},
        )
    for row in Standard.objects.filter(
        status__in=(Status.CURRENT, Status.UPCOMING), withdrawn_on__lte=today
    ).values("id", "status", "withdrawn_on"):
        due[row["id"]] = (
            {"status": Status.WITHDRAWN, "withdrawn_on": row["withdrawn_on"]},
            Kind.WITHDRAWN,
            row["status"],
            Status.WITHDRAWN,
            {},
        )
    for row in Standard.objects.filter(
        status__in=(Status.CURRENT, Status.UPCOMING),
        replaced_by__isnull=False,
        replaced_by__implemented_on__lte=today,
        replaced_by__status__in=(Status.CURRENT, Status.UPCOMING),
    ).values("id", "status", "replaced_by__canonical", "replaced_by__implemented_on"):
        due[row["id"]] = (
            {"status": Status.REPLACED, "withdrawn_on": row["replaced_by__implemented_on"]},
            Kind.REPLACED,
            row["status"],
            Status.REPLACED,
            {"replaced_by": row["replaced_by__canonical"]},
        )
    if not due:
        return None
    run = ImportRun.objects.create(
        source=TRANSITIONS_SOURCE,
        filename="",
        sha256="",
        started_at=timezone.now(),
        catalogue_date=today,
    )
    # ``updated_at`` too: a queryset update skips ``auto_now``, and what is kept per process
    # while the catalogue does not change (the 查新's catalogue, the count in force) watches it
    changed_at = timezone.now()
    for pk, (fields, *_rest) in due.items():
        Standard.objects.filter(pk=pk).update(**fields, updated_at=changed_at)
    changes = CatalogueChange.objects.bulk_create(
        [
            CatalogueChange(
                standard_id=pk,
                run=run,
                kind=kind,
                old_status=old,
                new_status=new,
                detected_on=today,
                details=details,
            )
            for pk, (_fields, kind, old, new, details) in due.items()
        ],
        batch_size=BATCH,
    )
    by_kind: dict[str, int] = {}
    for change in changes:
        by_kind[change.kind] = by_kind.get(change.kind, 0) + 1
    run.counts = {"records": len(due), "updated": len(due), "changes": by_kind}
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    record_audit(None, "catalogue.transitions", run, {"counts": run.counts})
    publish_changes(list(CatalogueChange.objects.filter(run=run).values_list("id", flat=True)))
    return run
