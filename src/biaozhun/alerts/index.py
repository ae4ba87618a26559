"""The process-wide match index over all export profiles (:class:`core.matching.MatchIndex`).

Built lazily on first use from the database (bulk queries, no per-profile query), then kept
current incrementally:

* in the process that changed a profile, :func:`refresh_enterprise` runs on commit;
* in every other process (web workers, the task worker), :func:`get_index` first re-reads the
  profiles whose ``updated_at`` is newer than the last sync (one indexed query).

Each profile carries the standards the enterprise declares it applies (the city's register,
``validity.register``), so a notification citing one of them matches it (reason
``cites_declared_standard``); a declaration marks the profile changed like any profile edit.

Profiles without a product line or a declared standard are not indexed. Enterprises that are
not approved are indexed but filtered out when alerts are created.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from django.utils import timezone

from biaozhun.core.matching import Match, MatchIndex, Profile
from biaozhun.core.matching import Notification as CoreNotification
from biaozhun.enterprises.profiles.selectors import changed_since, core_profiles
from biaozhun.validity.register.selectors import declared_keys

from . import reference

_lock = threading.RLock()
_index: MatchIndex | None = None
_synced_at: datetime | None = None
#: changes committed within this margin before the last sync are re-read (clock skew,
#: transactions that committed after their ``updated_at`` was taken)
SYNC_MARGIN = timedelta(seconds=5)


def load_profiles(
    profile_ids: Iterable[int] | None = None, *, enterprise_ids: Iterable[int] | None = None
) -> Iterator[Profile]:
    """The profiles as core profiles (the enterprises app's selector), each with the
    standards its enterprise declares (one more query per 5 000 profiles)."""
    profiles = list(core_profiles(profile_ids, enterprise_ids=enterprise_ids))
    every = profile_ids is None and enterprise_ids is None
    declared = declared_keys(None if every else [p.enterprise_id for p in profiles])
    for profile in profiles:
        standards = declared.get(profile.enterprise_id)  # type: ignore[call-overload]
        yield dataclasses.replace(profile, standards=standards) if standards else profile


def _apply(index: MatchIndex, profile: Profile) -> None:
    if profile.products or profile.standards:
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
                if profile.products or profile.standards:
                    index.update(profile)
            _index, _synced_at = index, now
            return index
        assert _synced_at is not None
        for profile in load_profiles(changed_since(_synced_at - SYNC_MARGIN)):
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


def has_text() -> bool:
    """Whether some indexed product line has a description vector (text similarity)."""
    with _lock:
        return get_index().has_text


def refresh_enterprise(enterprise_id: int) -> None:
    """Re-read one enterprise's profile into the index (if the index is built)."""
    with _lock:
        if _index is None:
            return
        found = list(load_profiles(enterprise_ids=[enterprise_id]))
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
