"""The API and the pages answer a role alike (issue 15 §8): the registries and the alerts desk
are staff pages, so their API refuses enterprises and experts too; a registry body is read
only after the permission check."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

STAFF = ["bureau_admin", "bureau_staff", "department_member", "district_officer"]
OUTSIDE = ["enterprise_user", "expert"]


@pytest.fixture
def user_of(make_user, make_enterprise, district):
    def make(role: str):
        if role == "enterprise_user":
            return make_user(role, f"u-{role}", enterprise=make_enterprise("权限企业"))
        if role == "district_officer":
            return make_user(role, f"u-{role}", district=district("广陵区"))
        return make_user(role, f"u-{role}")

    return make


@pytest.mark.parametrize("role", STAFF + OUTSIDE)
def test_registries_page_and_api_agree(client, user_of, role):
    client.force_login(user_of(role))
    page = client.get(reverse("programme:registry_list", args=["sites"])).status_code
    api = client.get("/api/programme/registries/sites").status_code
    index = client.get("/api/programme/registries").status_code
    expected = 200 if role in STAFF else 403
    assert (page, api, index) == (expected, expected, expected)


@pytest.mark.parametrize("role", STAFF + OUTSIDE)
def test_alerts_desk_page_and_api_agree(client, user_of, role):
    client.force_login(user_of(role))
    page = client.get(reverse("alerts:desk")).status_code
    api = client.get("/api/alerts/desk").status_code
    expected = 200 if role in STAFF else 403
    assert (page, api) == (expected, expected)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("enterprise_user", 403), ("expert", 403), ("department_member", 403), ("bureau_staff", 400)],
)
def test_registry_body_is_read_after_the_permission_check(client, user_of, role, expected):
    client.force_login(user_of(role))
    body = {"name": ["not", "text"], "approved_on": 12, "district": {"x": 1}}
    response = client.post(
        "/api/programme/registries/sites", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == expected
    payload = response.json()
    assert payload["message_zh"] and payload["message_en"]
