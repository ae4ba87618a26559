"""Reads of the catalogue. The catalogue is public data: any signed-in user may read it."""

from __future__ import annotations

import datetime

from biaozhun.core.designation import DesignationError, parse

from .models import ImportRun, Standard


def catalogue_date() -> datetime.date | None:
    """The date of the latest finished import run (the catalogue's "as of" date), or None."""
    run = (
        ImportRun.objects.filter(finished_at__isnull=False)
        .exclude(catalogue_date__isnull=True)
        .order_by("-catalogue_date", "-finished_at")
        .first()
    )
    return run.catalogue_date if run else None


def find_by_canonical(text: str) -> Standard | None:
    """The standard whose canonical designation is ``text`` (messy input is parsed first)."""
    found = Standard.objects.filter(canonical=text).first()
    if found is not None:
        return found
    try:
        canonical = parse(text).canonical
    except DesignationError:
        return None
    return Standard.objects.filter(canonical=canonical).first()


def find_by_key(key: str) -> list[Standard]:
    """All editions with the edition-independent ``key`` (``Designation.key``), newest first."""
    return list(Standard.objects.filter(key=key).order_by("-year", "-published_on", "-canonical"))


def edition_chain(standard: Standard) -> list[Standard]:
    """The editions from ``standard`` to today's, following ``replaced_by`` (cycles guarded)."""
    chain = [standard]
    seen = {standard.pk}
    current = standard
    while current.replaced_by_id is not None and current.replaced_by_id not in seen:
        nxt = Standard.objects.filter(pk=current.replaced_by_id).first()
        if nxt is None:
            break
        chain.append(nxt)
        seen.add(nxt.pk)
        current = nxt
    return chain
