"""The API: create, read, submit, transition and pay, with the same rules and scoping."""

import pytest

from biaozhun.incentives.models import Application

from .conftest import drafting_facts

pytestmark = pytest.mark.django_db


def _json(client, method, url, payload=None):
    return getattr(client, method)(url, payload or {}, content_type="application/json")


def test_create_submit_review_pay(client, urban, enterprise_user, bureau_user):
    user = enterprise_user(urban)
    client.force_login(user)
    response = _json(
        client,
        "post",
        "/api/incentives/",
        {"kind": "standard_drafting", "facts": drafting_facts(), "year": 2026},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "draft" and body["actions"] == ["submit", "withdraw"]
    # today is after the 2011 policy: the decision says why, in both languages
    assert body["eligible"] is False
    missing = {c["condition"]: c for c in body["missing"]}
    assert (
        missing["policy.valid_on_date"]["message_zh"]
        and missing["policy.valid_on_date"]["message_en"]
    )
    pk = body["id"]
    Application.objects.filter(pk=pk).update(application_date="2014-03-10", year=2014)
    response = _json(client, "post", f"/api/incentives/{pk}/submit")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    assert response.json()["eligible"] is True and response.json()["computed_amount"] == 200000

    again = _json(client, "post", f"/api/incentives/{pk}/submit")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"

    client.force_login(bureau_user)
    for action in ("accept", "forward"):
        assert (
            _json(
                client, "post", f"/api/incentives/{pk}/transition", {"action": action}
            ).status_code
            == 200
        )
    over = _json(
        client, "post", f"/api/incentives/{pk}/transition", {"action": "approve", "amount": 1}
    )
    assert over.status_code == 400 and over.json()["code"] == "amount_fixed"
    ok = _json(client, "post", f"/api/incentives/{pk}/transition", {"action": "approve"})
    assert ok.json()["approved_amount"] == 200000
    paid = _json(
        client,
        "post",
        f"/api/incentives/{pk}/payments",
        {"paid_on": "2014-07-01", "voucher_number": "V-9", "amount": 200000},
    )
    assert paid.status_code == 201 and paid.json()["state"] == "paid"
    steps = [s["action"] for s in paid.json()["steps"]]
    assert steps == ["create", "submit", "accept", "forward", "approve", "pay"]


def test_create_validates(client, urban, enterprise_user, bureau_user):
    client.force_login(enterprise_user(urban))
    bad = _json(
        client, "post", "/api/incentives/", {"kind": "standard_drafting", "facts": {"standard": {}}}
    )
    assert bad.status_code == 400 and bad.json()["code"].startswith("case_")
    assert bad.json()["message_zh"] and bad.json()["message_en"]
    kind = _json(client, "post", "/api/incentives/", {"kind": "lottery", "facts": {}})
    assert kind.status_code == 400 and kind.json()["code"] == "bad_kind"
    shape = _json(client, "post", "/api/incentives/", {"facts": {}})
    assert shape.status_code == 422
    client.force_login(bureau_user)
    staff = _json(
        client, "post", "/api/incentives/", {"kind": "standard_drafting", "facts": drafting_facts()}
    )
    assert staff.status_code == 403


def test_duplicate_via_api(client, urban, enterprise_user):
    client.force_login(enterprise_user(urban))
    payload = {"kind": "standard_drafting", "facts": drafting_facts()}
    assert _json(client, "post", "/api/incentives/", payload).status_code == 201
    again = _json(client, "post", "/api/incentives/", payload)
    assert again.status_code == 409 and again.json()["code"] == "duplicate_application"


def test_edit_draft_via_api(client, urban, enterprise_user):
    client.force_login(enterprise_user(urban))
    pk = _json(
        client, "post", "/api/incentives/", {"kind": "standard_drafting", "facts": drafting_facts()}
    ).json()["id"]
    response = _json(
        client, "patch", f"/api/incentives/{pk}", {"facts": drafting_facts(level="industry")}
    )
    assert (
        response.status_code == 200 and response.json()["facts"]["standard"]["level"] == "industry"
    )


def test_policies_endpoint(client, bureau_user, policies):
    client.force_login(bureau_user)
    versions = {p["version"] for p in client.get("/api/incentives/policies").json()}
    assert versions == {"2011.1", "2011.1-example"}
