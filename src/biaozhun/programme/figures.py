"""The programme's figures, computed once per change of the data behind them.

Every staff home page and the programme dashboard show the targets' progress; computing it
reads every registry (12 targets: 12-36 queries, 15-90 ms on one core). The figures are the
same for everyone with the same scope until a record changes, so each process keeps them and
computes them again only when the data changed:

* every save or deletion of a model the figures read (``WATCHED``: the registries, targets,
  quotas, the programme, districts, the yearly enterprise lists) writes a new random token into
  the one ``FiguresStamp`` row, in the same transaction (``post_save`` / ``post_delete``);
* a reader reads the token (one query) and uses its kept figures only if they were computed
  under the same token, for the same programme, day, district and detail.

Changes that bypass model signals (``QuerySet.update``, ``bulk_create``) must call
:func:`figures_changed` themselves (the demo loader does). Figures are never kept across
processes: a restart starts empty.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Hashable
from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from .models import FiguresStamp

#: the models whose rows the figures read ("app_label.Model")
WATCHED = (
    "programme.Programme",
    "programme.Target",
    "programme.DistrictQuota",
    "programme.Adoption",
    "programme.DemonstrationSite",
    "programme.DraftedStandard",
    "programme.PilotEnterprise",
    "programme.SectorStandard",
    "programme.Talent",
    "programme.TechnicalCommittee",
    "accounts.District",
    "enterprises.YearList",
)

#: how many (programme, day, district, detail) entries a process keeps
KEEP = 256

_kept: dict[Hashable, tuple[str, Any]] = {}
_lock = threading.Lock()


def figures_changed(**_signal: Any) -> None:
    """A new token: every process computes its figures again at their next read."""
    token = uuid.uuid4().hex
    if not FiguresStamp.objects.filter(pk=1).update(token=token):
        FiguresStamp.objects.update_or_create(pk=1, defaults={"token": token})


def current_token() -> str:
    token = FiguresStamp.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        # a new database (or one emptied by a test): start a stamp, never share the empty one
        figures_changed()
        token = FiguresStamp.objects.filter(pk=1).values_list("token", flat=True).first()
    return str(token)


def kept[T](key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s value for ``key``, computed again when the token changed."""
    token = current_token()
    with _lock:
        hit = _kept.get(key)
    if hit is not None and hit[0] == token:
        return hit[1]  # type: ignore[no-any-return]
    value = compute()
    with _lock:
        if len(_kept) >= KEEP:
            _kept.clear()
        _kept[key] = (token, value)
    return value


def connect() -> None:
    """Connected once, from ``ProgrammeConfig.ready``."""
    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(figures_changed, sender=model, dispatch_uid=f"figures-save-{label}")
        post_delete.connect(figures_changed, sender=model, dispatch_uid=f"figures-del-{label}")
