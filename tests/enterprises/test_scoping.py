"""Nobody sees another enterprise's or another district's data, on pages or in the API."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(make_enterprise):
    return make_enterprise("甲企业", "广陵区"), make_enterprise("乙企业", "宝应县")


def _client(client, user):
    client.force_login(user)
    return client


def test_enterprise_user_sees_only_its_own(client, two, enterprise_user):
    a, b = two
    c = _client(client, enterprise_user(a))
    assert c.get(f"/enterprises/{a.pk}/").status_code == 200
    assert c.get(f"/enterprises/{b.pk}/").status_code == 404
    assert c.get(f"/api/enterprises/{a.pk}").status_code == 200
    response = c.get(f"/api/enterprises/{b.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    listing = c.get("/api/enterprises/").json()
    assert [item["id"] for item in listing["items"]] == [a.pk]
    assert c.get("/enterprises/").status_code == 403


def test_district_officer_sees_only_its_district(client, two, district_officer):
    a, b = two
    c = _client(client, district_officer("广陵区"))
    assert c.get(f"/enterprises/{a.pk}/").status_code == 200
    assert c.get(f"/enterprises/{b.pk}/").status_code == 404
    assert c.get(f"/api/enterprises/{b.pk}").status_code == 404
    page = c.get("/enterprises/").content.decode()
    assert "甲企业" in page and "乙企业" not in page
    assert (
        c.patch(
            f"/api/enterprises/{b.pk}", {"address": "x"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_bureau_sees_everything(client, two, bureau_user):
    c = _client(client, bureau_user)
    assert c.get("/api/enterprises/").json()["count"] == 2
    page = c.get("/enterprises/").content.decode()
    assert "甲企业" in page and "乙企业" in page


def test_anonymous_is_redirected_or_401(client, two):
    a, _ = two
    assert client.get(f"/enterprises/{a.pk}/").status_code == 302
    assert client.get("/enterprises/").status_code == 302
    response = client.get("/api/enterprises/")
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message_zh", "message_en", "details"}


def test_api_token_authenticates_with_the_same_scope(client, two, enterprise_user):
    from biaozhun.accounts.services import create_api_token

    a, b = two
    _, key = create_api_token(enterprise_user(a), "ERP")
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get(f"/api/enterprises/{a.pk}", headers=headers).status_code == 200
    assert client.get(f"/api/enterprises/{b.pk}", headers=headers).status_code == 404
    assert (
        client.get("/api/enterprises/", headers={"Authorization": "Bearer bz_wrong"}).status_code
        == 401
    )


def test_enterprise_user_cannot_change_protected_fields(client, two, enterprise_user):
    a, _ = two
    c = _client(client, enterprise_user(a))
    ok = c.patch(f"/api/enterprises/{a.pk}", {"address": "新地址"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["name_zh"] == "甲企业"
    refused = c.patch(
        f"/api/enterprises/{a.pk}", {"name_zh": "改名"}, content_type="application/json"
    )
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"


def test_writes_leave_an_audit_trail(client, two, bureau_user):
    from biaozhun.accounts.models import AuditEvent

    a, _ = two
    c = _client(client, bureau_user)
    c.patch(
        f"/api/enterprises/{a.pk}",
        {"address": "扬州市文昌路 1 号"},
        content_type="application/json",
    )
    event = AuditEvent.objects.filter(action="enterprise.update", object_id=str(a.pk)).get()
    assert event.actor == bureau_user and event.changes["address"][1] == "扬州市文昌路 1 号"
    assert "扬州市文昌路 1 号" in c.get("/audit/").content.decode()


def test_audit_trail_is_for_bureau_staff_only(client, two, enterprise_user):
    a, _ = two
    assert _client(client, enterprise_user(a)).get("/audit/").status_code == 403
