"""An index on ``Standard.updated_at`` (the 查新 suggestion index is rebuilt when the newest
change moves: read from one end of this index instead of a scan of the table), and, on
PostgreSQL, fresh planner statistics for the catalogue.

A catalogue loaded before ``import_records`` refreshed them after bulk loads has none until
autovacuum passes (and none at all where autovacuum is off): the planner then expects one row
where 40,000 match and the search's facet counts scan the heap. ``ANALYZE`` runs inside the
migration's transaction (``VACUUM``, which also sets the visibility map for index-only scans,
cannot; the next bulk import or autovacuum does it).
"""

from typing import Any

from django.db import migrations, models


def analyze(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE catalogue_standard")


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0007_sources_announcements_foreign"),
        ("enterprises", "0004_exportproduct_text_vector"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="standard",
            index=models.Index(fields=["updated_at"], name="catalogue_std_updated"),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
