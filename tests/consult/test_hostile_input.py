"""Hostile input never gives a 500: every consult page and endpoint walked with hand-typed query
values (``?notification=²``, ``?page=1e20``, ``?day=9999-12-31``...) as the bureau, an
enterprise and an anonymous visitor; a comment on a closed period is refused with a message in
both languages; an out-of-range number is refused before anything is stored."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from biaozhun.common.errors import DomainError
from biaozhun.consult import urls as consult_urls
from biaozhun.consult.comments import services as comment_services
from biaozhun.consult.enquiries import services as enquiry_services
from biaozhun.consult.models import Comment, ConsultSettings, Enquiry
from biaozhun.consult.station import update_consult_settings

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "1e20", "-1", "9999-12-31", "99999999999999999999", "0", "2026Q9", "0001-01"]
PARAMS = [
    "year",
    "month",
    "page",
    "day",
    "notification",
    "enterprise",
    "state",
    "q",
    "market",
    "hs",
    "kind",
    "key",
    "period",
    "at",
]
API_PARAMS = ["day", "limit", "offset", "notification_id", "enterprise_id", "period", "at", "fmt"]


@pytest.fixture
def world(record, make_enterprise, enterprise_user, bureau_user, comment_data):
    n = record("G/TBT/N/EU/7001", title="Hostile input")
    e = make_enterprise("参数测试", "广陵区")
    user = enterprise_user(e)
    c = comment_services.create_comment(user, n, comment_data())
    q = enquiry_services.ask_enquiry(
        user, enquiry_services.EnquiryData(subject="参数", question="参数?")
    )
    return {"n": n, "e": e, "user": user, "c": c, "q": q}


def _page_urls(world) -> list[str]:
    """Every consult page, path arguments filled with real objects."""
    kwargs = {
        "pk": world["c"].pk,
        "notification_id": world["n"].pk,
        "fmt": "docx",
        "action": "assign",
    }
    by_name = {
        "notification": {"pk": world["n"].pk},
        "enquiry": {"pk": world["q"].pk},
        "enquiry_action": {"pk": world["q"].pk, "action": "rate"},
        "kb_entry": {"pk": world["q"].pk},
    }
    out = []
    for p in consult_urls.urlpatterns:
        assert isinstance(p, URLPattern)
        names = p.pattern.converters.keys()
        args = by_name.get(p.name, {k: kwargs[k] for k in names})
        out.append(reverse(f"consult:{p.name}", kwargs=args))
    return out


def _clients(world, bureau_user) -> dict[str, Client]:
    out = {}
    for who, user in (("bureau", bureau_user), ("enterprise", world["user"]), ("anon", None)):
        c = Client(raise_request_exception=False)
        if user is not None:
            c.force_login(user)
        out[who] = c
    return out


def test_every_page_survives_hostile_query_values(world, bureau_user):
    urls = _page_urls(world)
    assert len(urls) == len(consult_urls.urlpatterns) >= 25
    failures = []
    for who, client in _clients(world, bureau_user).items():
        for url in urls:
            for value in HOSTILE:
                queries = [{p: value for p in PARAMS}]
                if "pdf" not in url and "export" not in url:  # these render whole documents
                    queries.append({"notification": value})
                for query in queries:
                    r = client.get(url + "?" + urlencode(query))
                    if r.status_code >= 500:
                        failures.append((who, url, query, r.status_code))
                r = client.post(url, {"comments": [value], "unsubscribe": value, "kind": value})
                if r.status_code >= 500:
                    failures.append((who, "POST " + url, value, r.status_code))
    assert failures == []


def test_hand_parsed_values_are_a_bilingual_400(client, world, bureau_user):
    client.force_login(bureau_user)
    for url, query in [
        (reverse("consult:comments"), {"notification": "²"}),
        (reverse("consult:comments"), {"notification": "99999999999999999999"}),
        (reverse("consult:due"), {"day": "9999-12-31"}),
        (reverse("consult:due"), {"day": "2026-02-30"}),
        (reverse("consult:kb"), {"notification": "-1"}),
        (reverse("consult:regulations_mine"), {"enterprise": "1e20"}),
    ]:
        r = client.get(url, query)
        assert r.status_code == 400, (url, query)
        assert "参数" in r.content.decode()
        r = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en")
        assert r.status_code == 400 and "parameter" in r.content.decode()
        assert "参数" not in r.content.decode()
    # well-formed values still work
    assert client.get(reverse("consult:due"), {"day": "2026-03-04"}).status_code == 200
    r = client.get(reverse("consult:comments"), {"notification": world["n"].pk})
    assert r.status_code == 200
    # a period outside the years a briefing covers is a message on the page, not a 500
    r = client.get(reverse("consult:briefing"), {"period": "month", "at": "0001-01"})
    assert r.status_code == 200 and "1995" in r.content.decode()


def test_every_endpoint_survives_hostile_query_values(world, bureau_user):
    paths = [
        "/api/consult/comments",
        f"/api/consult/comments/{world['c'].pk}",
        "/api/consult/due",
        f"/api/consult/submissions/{world['c'].pk}",
        f"/api/consult/submissions/{world['c'].pk}/export",
        "/api/consult/enquiries",
        f"/api/consult/enquiries/{world['q'].pk}",
        "/api/consult/kb",
        "/api/consult/regulations",
        "/api/consult/regulations/applicable",
        "/api/consult/regulations/99999999999999999999",
        "/api/consult/comments/99999999999999999999",
        "/api/consult/briefing",
    ]
    failures = []
    for who, client in _clients(world, bureau_user).items():
        for path in paths:
            for value in HOSTILE:
                for query in [{p: value for p in API_PARAMS}, {"day": value}, {"offset": value}]:
                    r = client.get(path + "?" + urlencode(query))
                    if r.status_code >= 500:
                        failures.append((who, path, query, r.status_code))
    assert failures == [], {(f[1], tuple(f[2])) for f in failures}
    client = _clients(world, bureau_user)["bureau"]
    r = client.get("/api/consult/due?day=9999-12-31")
    assert r.status_code == 400 and r.json()["code"] == "bad_query"
    assert r.json()["details"]["fields"] == ["day"]
    r = client.get("/api/consult/comments?offset=-1")
    assert r.status_code == 400 and r.json()["details"]["fields"] == ["offset"]


def test_commenting_on_a_closed_period_is_a_clear_error(client, record, world, today):
    closed = record("G/TBT/N/EU/7002", comment_deadline=today - timedelta(days=1))
    client.force_login(world["user"])
    before = Comment.objects.count()
    r = client.post(reverse("consult:comment_create", args=[closed.pk]), {"concern": "太晚了"})
    assert r.status_code == 200
    assert "评议期已于" in r.content.decode()
    r = client.post(
        reverse("consult:comment_create", args=[closed.pk]),
        {"concern": "late"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 200 and "comment period" in r.content.decode()
    r = client.post(
        "/api/consult/comments",
        {"notification_id": closed.pk, "concern": "late"},
        content_type="application/json",
    )
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "comments_closed" and body["message_zh"] and body["message_en"]
    assert Comment.objects.count() == before


@pytest.mark.parametrize(
    "value", [1e300, -1e300, "1e300", "NaN", "Infinity", "10000000000", "-0.01"]
)
def test_export_value_out_of_range_stores_nothing(client, world, value):
    client.force_login(world["user"])
    before = Comment.objects.count()
    r = client.post(
        "/api/consult/comments",
        {"notification_id": world["n"].pk, "concern": "数额", "export_value_usd": value},
        content_type="application/json",
    )
    assert r.status_code in (400, 422), r.content
    if r.status_code == 400:
        assert r.json()["code"] in {"export_value_range", "export_value_negative"}
        assert r.json()["message_zh"] and r.json()["message_en"]
    assert Comment.objects.count() == before


def test_export_value_is_checked_by_the_service(world, comment_data):
    for bad in (Decimal("1e300"), Decimal("NaN"), Decimal("Infinity"), Decimal("-1")):
        with pytest.raises(DomainError) as err:
            comment_services.create_comment(
                world["user"], world["n"], comment_data(export_value_usd=bad)
            )
        assert err.value.details["field"] == "export_value_usd"
    assert Comment.objects.count() == 1
    ok = comment_services.create_comment(
        world["user"], world["n"], comment_data(export_value_usd=Decimal("9999999999.99"))
    )
    ok.refresh_from_db()
    assert ok.export_value_usd == Decimal("9999999999.99")


def test_counts_are_range_checked_before_storing(world, bureau_user, expert):
    q = world["q"]
    enquiry_services.assign_enquiry(bureau_user, q, expert)
    enquiry_services.answer_enquiry(expert, q, "答复。")
    for bad in (True, 0, 6, 10**30):  # a bool is not a rating
        with pytest.raises(DomainError) as err:
            enquiry_services.rate_enquiry(world["user"], q, bad)
        assert err.value.code == "rating_range"
    for hours, days in ((0, [1]), (10**30, [1]), (24, [10**30]), (24, [-1]), (24, [])):
        with pytest.raises(DomainError):
            update_consult_settings(bureau_user, response_target_hours=hours, reminder_days=days)
    assert not ConsultSettings.objects.exclude(reminder_days=[5, 1]).exists()
    with pytest.raises(DomainError) as err:
        comment_services.merge_comments(bureau_user, world["n"], [2**70])
    assert err.value.code == "comment_not_of_notification"
    assert Enquiry.objects.get(pk=world["q"].pk).rating is None
