"""Two fields, and the full-text index over ``Standard.search_text`` for each vendor:

* SQLite: an external-content FTS5 table ``catalogue_standard_fts`` kept in sync by triggers;
* PostgreSQL: a stored generated ``tsvector`` column (``array_to_tsvector`` over the
  space-separated tokens: no text-search parser, the tokens are built by
  ``biaozhun.core.searchtext``) with a GIN index.
"""

from typing import Any

from django.db import migrations, models

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE catalogue_standard_fts USING fts5(
        search_text, content='catalogue_standard', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2", prefix='2 3')""",
    """CREATE TRIGGER catalogue_standard_fts_ai AFTER INSERT ON catalogue_standard BEGIN
        INSERT INTO catalogue_standard_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER catalogue_standard_fts_ad AFTER DELETE ON catalogue_standard BEGIN
        INSERT INTO catalogue_standard_fts(catalogue_standard_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER catalogue_standard_fts_au AFTER UPDATE OF search_text ON catalogue_standard
    BEGIN
        INSERT INTO catalogue_standard_fts(catalogue_standard_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO catalogue_standard_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    "INSERT INTO catalogue_standard_fts(catalogue_standard_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalogue_standard_fts_ai",
    "DROP TRIGGER IF EXISTS catalogue_standard_fts_ad",
    "DROP TRIGGER IF EXISTS catalogue_standard_fts_au",
    "DROP TABLE IF EXISTS catalogue_standard_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE catalogue_standard ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (array_to_tsvector(string_to_array(search_text, ' '))) STORED""",
    "CREATE INDEX catalogue_standard_search_gin ON catalogue_standard USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS catalogue_standard_search_gin",
    "ALTER TABLE catalogue_standard DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="standard",
            name="ics_field",
            field=models.CharField(blank=True, db_index=True, max_length=2),
        ),
        migrations.AddField(
            model_name="standard",
            name="source_status",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
