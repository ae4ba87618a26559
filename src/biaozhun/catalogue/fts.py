"""Keeping the full-text index over ``Standard.search_text`` present and in sync.

Migration 0002 creates it. On SQLite, Django remakes a table for many schema changes (copy,
drop, rename), which drops its triggers: :func:`ensure_search_index` runs after every
``migrate`` (``post_migrate``) and recreates missing triggers, then rebuilds the index.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

TRIGGERS = {
    "catalogue_standard_fts_ai": """CREATE TRIGGER IF NOT EXISTS catalogue_standard_fts_ai
        AFTER INSERT ON catalogue_standard BEGIN
        INSERT INTO catalogue_standard_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    "catalogue_standard_fts_ad": """CREATE TRIGGER IF NOT EXISTS catalogue_standard_fts_ad
        AFTER DELETE ON catalogue_standard BEGIN
        INSERT INTO catalogue_standard_fts(catalogue_standard_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    "catalogue_standard_fts_au": """CREATE TRIGGER IF NOT EXISTS catalogue_standard_fts_au
        AFTER UPDATE OF search_text ON catalogue_standard BEGIN
        INSERT INTO catalogue_standard_fts(catalogue_standard_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO catalogue_standard_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
}


def ensure_search_index(using: Any = None, **_: Any) -> None:
    """Recreate the SQLite FTS triggers if a table rebuild dropped them (then rebuild)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='catalogue_standard_fts'"
        )
        if cursor.fetchone() is None:
            return  # migration 0002 not applied yet
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='catalogue_standard'"
        )
        present = {row[0] for row in cursor.fetchall()}
        missing = [name for name in TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(TRIGGERS[name])
        if missing:
            cursor.execute(
                "INSERT INTO catalogue_standard_fts(catalogue_standard_fts) VALUES ('rebuild')"
            )
