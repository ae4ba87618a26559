"""API: the same workflow and scoping as the pages, errors as {code, message_zh, message_en}."""

from __future__ import annotations

import pytest

from biaozhun.consult.comments import services as comment_services

pytestmark = pytest.mark.django_db


def test_comment_and_submission_api(client, record, make_enterprise, enterprise_user, bureau_user):
    n = record("G/TBT/N/EU/4001")
    a, b = make_enterprise("接口甲"), make_enterprise("接口乙")
    ua, ub = enterprise_user(a), enterprise_user(b)
    client.force_login(ua)
    r = client.post(
        "/api/consult/comments",
        {"notification_id": n.pk, "concern": ""},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["code"] == "concern_required"
    assert r.json()["message_zh"] and r.json()["message_en"]
    r = client.post(
        "/api/consult/comments",
        {"notification_id": n.pk, "concern": "条款过严", "technical_points_en": "Too strict."},
        content_type="application/json",
    )
    assert r.status_code == 201
    cid = r.json()["id"]
    assert r.json()["enterprise_id"] == a.pk and r.json()["internal_deadline"]
    assert client.post(f"/api/consult/comments/{cid}/submit").json()["state"] == "submitted"
    client.force_login(ub)
    assert client.get(f"/api/consult/comments/{cid}").status_code == 404
    assert client.get("/api/consult/comments").json()["count"] == 0
    assert (
        client.post(
            f"/api/consult/notifications/{n.pk}/merge",
            {"comment_ids": [cid]},
            content_type="application/json",
        ).status_code
        == 403
    )
    client.force_login(bureau_user)
    r = client.post(
        f"/api/consult/notifications/{n.pk}/merge",
        {"comment_ids": [cid], "summary_zh": "汇总"},
        content_type="application/json",
    )
    assert (
        r.status_code == 200
        and r.json()["comment_ids"] == [cid]
        and r.json()["allowed"] == ["sent"]
    )
    sid = r.json()["id"]
    r = client.post(
        f"/api/consult/submissions/{sid}/transition",
        {"state": "changed"},
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "illegal_transition"
    r = client.post(
        f"/api/consult/submissions/{sid}/transition",
        {"state": "sent"},
        content_type="application/json",
    )
    assert r.json()["state"] == "sent" and r.json()["allowed"] == ["acknowledged", "answered"]
    r = client.get(f"/api/consult/submissions/{sid}/export?fmt=docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert client.get(f"/api/consult/submissions/{sid}/export?fmt=pdf").content.startswith(b"%PDF")
    assert client.get(f"/api/consult/submissions/{sid}/export?fmt=odt").status_code == 400
    client.force_login(ua)
    assert client.get(f"/api/consult/submissions/{sid}/export").status_code == 404


def test_enquiry_api(client, make_enterprise, enterprise_user, bureau_user, expert):
    e = make_enterprise("接口咨询")
    ue = enterprise_user(e)
    client.force_login(ue)
    r = client.post(
        "/api/consult/enquiries",
        {"subject": "REACH", "question": "SVHC 清单?", "market": "EU"},
        content_type="application/json",
    )
    assert r.status_code == 201
    eid = r.json()["id"]
    client.force_login(bureau_user)
    assert (
        client.post(
            f"/api/consult/enquiries/{eid}/assign",
            {"expert_id": expert.pk},
            content_type="application/json",
        ).json()["expert_id"]
        == expert.pk
    )
    client.force_login(expert)
    r = client.post(
        f"/api/consult/enquiries/{eid}/answer",
        {"answer": "见 ECHA 候选清单"},
        content_type="application/json",
    )
    assert r.json()["state"] == "answered" and r.json()["within_target"] is True
    client.force_login(ue)
    assert (
        client.post(
            f"/api/consult/enquiries/{eid}/rate", {"rating": 0}, content_type="application/json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/api/consult/enquiries/{eid}/rate", {"rating": 5}, content_type="application/json"
        ).json()["rating"]
        == 5
    )
    assert client.get("/api/consult/kb?q=ECHA").json() == []
    client.force_login(bureau_user)
    client.post(f"/api/consult/enquiries/{eid}/publish", {}, content_type="application/json")
    client.force_login(ue)
    assert [k["id"] for k in client.get("/api/consult/kb?q=ECHA").json()] == [eid]
    listing = client.get("/api/consult/enquiries").json()
    assert listing["answered"] == 1 and listing["mean_rating"] == 5.0


def test_regulation_and_briefing_api(
    client, bureau_user, make_enterprise, enterprise_user, members
):
    from biaozhun.enterprises.profiles.services import MarketData, ProductData, replace_profile

    client.force_login(bureau_user)
    r = client.post(
        "/api/consult/regulations",
        {
            "market": "EU",
            "reference": "2023/1542",
            "title": "Batteries",
            "hs_codes": ["8507"],
            "in_force_from": "2023-08-17",
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["hs_codes"] == ["8507"]
    r = client.post(
        "/api/consult/regulations",
        {"market": "EU", "reference": "2023/1542", "title": "Batteries"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["code"] == "duplicate_regulation"
    e = make_enterprise("接口电池")
    replace_profile(
        bureau_user, e, products=[ProductData("850760", "电池")], markets=[MarketData("FRA", None)]
    )
    client.force_login(enterprise_user(e))
    r = client.get("/api/consult/regulations/applicable")
    assert [(a["regulation"]["reference"], a["status"]) for a in r.json()] == [
        ("2023/1542", "in_force")
    ]
    other = make_enterprise("别家")
    assert (
        client.get(f"/api/consult/regulations/applicable?enterprise_id={other.pk}").status_code
        == 404
    )
    assert (
        client.post(
            "/api/consult/regulations",
            {"market": "EU", "reference": "x", "title": "t"},
            content_type="application/json",
        ).status_code
        == 403
    )
    r = client.get("/api/consult/briefing?kind=market&key=EU&period=quarter&at=2026Q1")
    assert r.status_code == 200 and r.json()["start"] == "2026-01-01"
    assert client.get("/api/consult/briefing?kind=industry&key=zzz").status_code == 400
    client.logout()
    assert client.get("/api/consult/briefing").status_code == 401


def test_comment_list_query_count_does_not_grow(
    client,
    record,
    make_enterprise,
    enterprise_user,
    bureau_user,
    comment_data,
    django_assert_max_num_queries,
):

    user = enterprise_user(make_enterprise("查询数"))
    for i in range(12):
        n = record(f"G/TBT/N/EU/46{i:02d}")
        comment_services.create_comment(user, n, comment_data())
    client.force_login(bureau_user)
    with django_assert_max_num_queries(12):
        r = client.get("/api/consult/comments?limit=100")
    assert r.json()["count"] == 12
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/consult/due").json()) == 0
