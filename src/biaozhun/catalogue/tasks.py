"""Background work of the catalogue (Django's tasks API): the build of the search vectors."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from biaozhun.core import embedding

from . import vectors


@task()
def build_vectors() -> dict[str, Any]:
    """Embed the titles without an up-to-date vector (resumable, incremental; see
    ``catalogue.vectors``). A no-op when another build runs or the model is not installed."""
    if not embedding.available():
        return {"skipped": "model not installed"}
    build = vectors.build_vectors()
    if build is None:
        return {"skipped": "another build is running"}
    return {"build": build.pk, "state": build.state, "embedded": build.embedded}
