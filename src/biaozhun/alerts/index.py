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
from datetime import datetime, timedelta

from django.utils import timezone

from biaozhun.core.matching import Match, MatchIndex, Profile
from biaozhun.core.matching import Notification as CoreNotification
from biaozhun.enterprises.profiles.selectors import changed_since, core_profiles

from . import reference

_lock = threading.RLock()
_index: MatchIndex | None = None
_synced_at: datetime | None = None
#: changes committed within this margin before the last sync are re-read (clock skew,
#: transactions that committed after their ``updated_at`` was taken)
SYNC_MARGIN = timedelta(seconds=5)


#: the profiles as core profiles (the enterprises app's selector; kept under this name)
load_profiles = core_profiles


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
            for profile in core_profiles():
                if profile.products:
                    index.update(profile)
            _index, _synced_at = index, now
            return index
        assert _synced_at is not None
        for profile in core_profiles(changed_since(_synced_at - SYNC_MARGIN)):
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
        found = list(core_profiles(enterprise_ids=[enterprise_id]))
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
