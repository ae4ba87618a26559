"""Every page, as every role, with hostile parameters and form values: never a 500, and no
enterprise or district sees another's data (issue 15 §7).

The routes come from the URL resolver, so a page added later is walked without touching this
file. Failures are collected and reported together (route, role, value, status)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from .conftest import CANARY, World
from .walk import COMMON_PARAMS, HOSTILE, Route, fillings, forms_of, routes

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("hostile-pages")]

ROLES = [
    "anonymous",
    "admin",
    "bureau",
    "finance",
    "guangling",
    "baoying",
    "expert",
    "enterprise",
    "pending",
]
#: Roles that must never see the canary enterprise (it is in 宝应县, in no one's scope but
#: the bureau's, the partner departments', 宝应县's and its own).
OUTSIDERS = {"anonymous", "guangling", "expert", "enterprise", "pending"}


def _slugs() -> dict[str, list[str]]:
    from biaozhun.incentives.views import FORMS
    from biaozhun.programme.registries import REGISTRIES

    return {"slug": sorted(REGISTRIES), "kind": sorted(FORMS)}


def _client(world: World, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        response.close()
        return ""
    try:
        return response.content.decode("utf-8", "replace")
    except Exception:
        return ""


class Findings:
    def __init__(self) -> None:
        self.items: list[str] = []

    def check(self, response: Any, role: str, method: str, url: str, note: str = "") -> str:
        body = _body(response)
        if response.status_code >= 500:
            self.items.append(f"{response.status_code} {method} {url} as {role} {note!r}")
        if role in OUTSIDERS and CANARY in body:
            self.items.append(f"LEAK {method} {url} as {role} {note!r}")
        return body

    def assert_none(self) -> None:
        assert not self.items, f"{len(self.items)} failures:\n" + "\n".join(self.items[:200])


def _walk_get(world: World, roles: list[str], hostile: bool) -> Findings:
    findings = Findings()
    slugs = _slugs()
    for role in roles:
        client = _client(world, role)
        for route in routes():
            for url in fillings(route, slugs):
                response = client.get(url)
                body = findings.check(response, role, "GET", url)
                if not hostile or response.status_code != 200:
                    continue
                names = sorted(forms_of(body).get_params | set(COMMON_PARAMS))
                for value in HOSTILE:
                    query = {name: value for name in names}
                    findings.check(client.get(url, query), role, "GET", url, value[:20])
    return findings


def test_every_page_as_every_role(world: World) -> None:
    _walk_get(world, ROLES, hostile=False).assert_none()


def test_every_page_with_hostile_query_values(world: World) -> None:
    _walk_get(world, ["anonymous", "enterprise", "guangling", "admin"], hostile=True).assert_none()


def _post_battery(world: World, role: str) -> Findings:
    findings = Findings()
    client = _client(world, role)
    for route in routes():
        if route.name in {"logout"}:
            continue
        url = next(iter(fillings(route, _slugs())))
        response = client.get(url)
        body = findings.check(response, role, "GET", url)
        forms = forms_of(body).post_forms if response.status_code == 200 else []
        # every route also takes an empty POST and a POST of junk fields
        forms = [*forms, {"__action__": ""}]
        for form in forms:
            action = form.get("__action__") or url
            if not action.startswith("/"):
                action = url
            fields = [n for n in form if n != "__action__"] or ["junk"]
            findings.check(client.post(action, {}), role, "POST", action, "empty")
            for value in HOSTILE:
                data = {name: value for name in fields}
                findings.check(client.post(action, data), role, "POST", action, value[:20])
    return findings


@pytest.mark.parametrize("role", ["enterprise", "pending", "guangling", "admin"])
def test_every_form_with_hostile_values(world: World, role: str) -> None:
    _post_battery(world, role).assert_none()


def test_routes_are_found() -> None:
    found = {route.name for route in routes()}
    assert {"home", "catalogue:search", "tbt:detail", "programme:registry_list"} <= found
    assert all(isinstance(route, Route) for route in routes())
