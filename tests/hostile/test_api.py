"""Every API operation from the OpenAPI schema, fuzzed by schemathesis (generated from the
schema, then values outside it), as several roles through personal tokens and anonymously:
never a 500, and no enterprise reads another's data (issue 15 §7, the API half)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from .conftest import CANARY, World

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("hostile-api")]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

# (an account not yet approved gets no token at all: tests/accounts walks its refusals)
ROLES = ["admin", "enterprise", "guangling"]
OUTSIDERS = {"enterprise", "guangling"}


@pytest.fixture(scope="module")
def tokens(world: World, django_db_blocker: Any) -> Iterator[dict[str, str]]:
    """Tokens of each role; while they are used, the WSGI handler keeps the connection that
    holds the module's world open (as Django's test client does)."""
    from biaozhun.accounts.services import create_api_token

    with django_db_blocker.unblock():
        made = {role: create_api_token(world.users[role], "fuzz")[1] for role in ROLES}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield made
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_never_fails_and_never_leaks(case: Any, tokens: dict[str, str]) -> None:
    failures = []
    for role in [None, *ROLES]:
        headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
        response = case.call(headers=headers)
        where = f"{case.method} {case.formatted_path} as {role or 'anonymous'}"
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {where}: {response.text[:300]}")
        if role in OUTSIDERS and CANARY in response.text:
            failures.append(f"LEAK {where}")
    assert not failures, "\n".join(failures)
