"""Writes to the catalogue (the only write path): imports, saves, change listeners."""

from __future__ import annotations

from collections.abc import Callable

# Called after an import's transaction commits, with the ids of the CatalogueChange rows the
# import recorded. The validity app registers its listener in its AppConfig.ready().
CHANGE_LISTENERS: list[Callable[[list[int]], None]] = []
