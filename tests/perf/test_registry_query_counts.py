"""Every registry's list page (``/programme/r/<slug>/``) takes the same number of queries with
three times its rows: over the demo city, each registry's rows are read, then copied twice (the
natural key's text made unique), and the page is read again. A column that reaches a related
object outside the registry's ``select_related`` would add a query a row and fail here."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from biaozhun.programme.registries import REGISTRIES
from tests.hostile.conftest import World, world  # noqa: F401  (the module-scoped demo city)

pytestmark = pytest.mark.django_db


def _queries(client: Any, url: str) -> int:
    client.get(url)  # per-process caches filled
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _copy(record: Any, n: int) -> None:
    """A copy of ``record`` with every unique or natural-key text changed (``-copy<n>``)."""
    model = type(record)
    keys = set(REGISTRIES_BY_MODEL[model].natural_key)
    for constraint in model._meta.constraints:
        keys.update(getattr(constraint, "fields", ()) or ())
    keys.update(f.name for f in model._meta.concrete_fields if f.unique and not f.primary_key)
    record.pk = None
    record.id = None
    record._state.adding = True
    for name in keys:
        field = model._meta.get_field(name)
        if isinstance(field, models.CharField):
            value = getattr(record, name) or ""
            setattr(record, name, f"{value[: field.max_length - 8]}-copy{n}")
    record.save()


REGISTRIES_BY_MODEL = {registry.model: registry for registry in REGISTRIES.values()}


@pytest.mark.parametrize("slug", sorted(REGISTRIES))
def test_registry_list_queries_do_not_grow(slug: str, world: World, client: Any) -> None:  # noqa: F811
    registry = REGISTRIES[slug]
    rows = list(registry.model.objects.all()[:8])
    if not rows:
        pytest.skip(f"the demo city has no {slug} rows")
    client.force_login(world.users["admin"])
    url = f"/programme/r/{slug}/"
    few = _queries(client, url)
    for n in (1, 2):
        for record in registry.model.objects.filter(pk__in=[r.pk for r in rows]):
            _copy(record, n)
    assert registry.model.objects.count() >= 3 * len(rows)
    many = _queries(client, url)
    assert many == few, f"{url}: {few} queries with {len(rows)} rows, {many} with 3x"
