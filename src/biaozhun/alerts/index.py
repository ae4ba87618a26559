"""The process-wide match index over all export profiles (:class:`core.matching.MatchIndex`).

Built lazily on first use from the database (bulk queries, no per-profile query), then kept
current incrementally:

* in the process that changed a profile, :func:`refresh_enterprise` runs on commit;
* in every other process (web workers, the task worker), :func:`get_index` first re-reads the
  profiles whose ``updated_at`` is newer than the last sync (one indexed query).

Profiles without a product line are not indexed. Enterprises that are not approved are
indexed but filtered out when alerts are created.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from django.utils import timezone

from biaozhun.core.matching import Match, MatchIndex, Product, Profile
from biaozhun.core.matching import Notification as CoreNotification

from . import reference
from .models import ExportMarket, ExportProduct, ExportProfile

_lock = threading.RLock()
_index: MatchIndex | None = None
_synced_at: datetime | None = None
#: changes committed within this margin before the last sync are re-read (clock skew,
#: transactions that committed after their ``updated_at`` was taken)
SYNC_MARGIN = timedelta(seconds=5)


def _keywords(description: str, keywords: str) -> tuple[str, ...]:
    import re

    out = [k.strip() for k in re.split(r"[,,、;;]+", keywords) if k.strip()]
    if description.strip():
        out.append(description.strip())
    return tuple(out)


def load_profiles(profile_ids: Iterable[int] | None = None) -> Iterator[Profile]:
    """Core profiles from the database, three queries whatever the number of profiles."""
    profiles = ExportProfile.objects.all()
    if profile_ids is not None:
        profiles = profiles.filter(pk__in=list(profile_ids))
    heads = list(profiles.values_list("pk", "enterprise_id", "all_markets"))
    ids = [h[0] for h in heads]
    products: dict[int, list[Product]] = defaultdict(list)
    markets: dict[int, dict[str, float | None]] = defaultdict(dict)
    chunk = 5000
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        for pid, hs, ics, description, keywords in ExportProduct.objects.filter(
            profile_id__in=part
        ).values_list("profile_id", "hs_code", "ics_code", "description_zh", "keywords"):
            products[pid].append(
                Product(hs, (ics,) if ics else (), _keywords(description, keywords))
            )
        for pid, code, share in ExportMarket.objects.filter(profile_id__in=part).values_list(
            "profile_id", "code", "share"
        ):
            markets[pid][code] = float(share) if share is not None else None
    for pid, enterprise_id, all_markets in heads:
        yield Profile(enterprise_id, tuple(products[pid]), markets[pid], all_markets)


def _apply(index: MatchIndex, profile: Profile) -> None:
    if profile.products:
        index.update(profile)
    else:
        index.remove(profile.enterprise_id)


def get_index() -> MatchIndex:
    """The current index (built on first use, then synchronised with recent changes)."""
    global _index, _synced_at
    with _lock:
        now = timezone.now()
        if _index is None:
            index = MatchIndex(reference.group_map())
            for profile in load_profiles():
                if profile.products:
                    index.update(profile)
            _index, _synced_at = index, now
            return index
        assert _synced_at is not None
        changed = ExportProfile.objects.filter(
            updated_at__gte=_synced_at - SYNC_MARGIN
        ).values_list("pk", flat=True)
        for profile in load_profiles(changed):
            _apply(_index, profile)
        _synced_at = now
        return _index


def match(notification: CoreNotification) -> list[Match]:
    """Match under the index lock (a concurrent profile refresh cannot change the sets being
    read); the reasons are formatted before the lock is released."""
    with _lock:
        found = get_index().match(notification)
        for m in found:
            _ = m.reasons
        return found


def refresh_enterprise(enterprise_id: int) -> None:
    """Re-read one enterprise's profile into the index (if the index is built)."""
    with _lock:
        if _index is None:
            return
        pid = ExportProfile.objects.filter(enterprise_id=enterprise_id).values_list("pk", flat=True)
        found = list(load_profiles(pid))
        if found:
            _apply(_index, found[0])
        else:
            _index.remove(enterprise_id)


def reset_index() -> None:
    """Forget the index (tests; after a bulk load)."""
    global _index, _synced_at
    with _lock:
        _index = None
        _synced_at = None
