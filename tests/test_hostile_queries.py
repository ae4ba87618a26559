"""Hostile query parameters on every list read through ``biaozhun.common.filters``: each is
refused with a zh/en 400 (``bad_query``), never a 500, on the page and in the API."""

from typing import Any

import pytest
from django.test import Client

from biaozhun.common.filters import BadQuery, PageFilter, read_query
from biaozhun.tbt.selectors import NotificationPage

pytestmark = pytest.mark.django_db

HOSTILE_INT = ["1e20", "²", "١٢", "-1", "99999999999999999999", "abc", "1.5"]
HOSTILE_DATE = ["9999-12-31", "1000000000", "2026-13-01", "garbage", "0001-01-01"]

PAGES: list[tuple[str, str, dict[str, list[str]]]] = [
    # (role, url, {param: values})
    ("bureau", "/enterprises/", {"page": HOSTILE_INT, "exporter": ["maybe"], "q": ["x" * 300]}),
    (
        "bureau",
        "/tbt/",
        {"page": HOSTILE_INT, "distributed_from": HOSTILE_DATE, "flagged": ["2"], "q": ["\x00"]},
    ),
    ("bureau", "/alerts/desk/", {"page": HOSTILE_INT, "since": HOSTILE_DATE, "hit": ["yes!"]}),
    ("enterprise", "/alerts/inbox/", {"page": HOSTILE_INT, "deadline": HOSTILE_INT}),
    ("bureau", "/standards/", {"page": HOSTILE_INT}),
    ("bureau", "/validity/watch/alerts/", {"page": HOSTILE_INT, "unread": ["²"]}),
    ("bureau", "/validity/watch/", {"page": HOSTILE_INT, "q": ["x" * 300]}),
    ("enterprise", "/notifications/", {"page": HOSTILE_INT, "unread": ["maybe"]}),
    ("bureau", "/notifications/desk/", {"page": HOSTILE_INT, "all": ["2"]}),
    ("bureau", "/audit/", {"page": HOSTILE_INT, "type": ["\x00"]}),
    ("bureau", "/consult/comments/", {"page": HOSTILE_INT, "notification": HOSTILE_INT}),
    ("enterprise", "/consult/comments/", {"notification": ["²", "1e20"], "state": ["x" * 300]}),
    ("bureau", "/consult/comments/due/", {"day": HOSTILE_DATE}),
    ("bureau", "/consult/submissions/", {"page": HOSTILE_INT, "state": ["\x00"]}),
    ("bureau", "/consult/enquiries/", {"page": HOSTILE_INT}),
    ("bureau", "/consult/kb/", {"page": HOSTILE_INT, "notification": HOSTILE_INT}),
    ("bureau", "/consult/regulations/mine/", {"enterprise": HOSTILE_INT}),
    ("bureau", "/incentives/", {"page": HOSTILE_INT, "year": [*HOSTILE_INT, "1800", "99999"]}),
    ("enterprise", "/incentives/applications/", {"year": ["²"], "q": ["x" * 300]}),
    ("bureau", "/incentives/awards/", {"page": HOSTILE_INT}),
    ("bureau", "/incentives/standards/", {"designation": ["\x00", "x" * 300]}),
    ("bureau", "/programme/", {"as_of": HOSTILE_DATE}),
    ("bureau", "/programme/r/sites/", {"page": HOSTILE_INT, "year": HOSTILE_INT, "kind": ["\x00"]}),
    ("bureau", "/programme/r/sites/export.xlsx", {"template": ["maybe"], "year": ["1e20"]}),
    ("bureau", "/programme/tasks/", {"page": HOSTILE_INT, "late": ["yes!"]}),
]

APIS: list[tuple[str, str, dict[str, list[str]]]] = [
    ("bureau", "/api/enterprises/", {"limit": [*HOSTILE_INT, "0", "201"], "offset": HOSTILE_INT}),
    (
        "bureau",
        "/api/tbt/notifications",
        {"limit": HOSTILE_INT, "offset": HOSTILE_INT, "deadline_to": HOSTILE_DATE},
    ),
    ("bureau", "/api/alerts/desk", {"offset": HOSTILE_INT, "since": HOSTILE_DATE}),
    (
        "enterprise",
        "/api/alerts/",
        {"offset": HOSTILE_INT, "deadline_within": HOSTILE_INT, "notification": ["²"]},
    ),
    (
        "bureau",
        "/api/catalogue/standards/",
        {"limit": ["101", "1e20"], "offset": HOSTILE_INT, "published_to": HOSTILE_DATE},
    ),
    ("bureau", "/api/catalogue/changes/", {"offset": HOSTILE_INT, "since": HOSTILE_DATE}),
    ("bureau", "/api/validity/alerts", {"offset": HOSTILE_INT, "unread": ["²"]}),
    ("bureau", "/api/validity/checks", {"limit": HOSTILE_INT, "offset": HOSTILE_INT}),
    ("enterprise", "/api/notify/inbox", {"offset": HOSTILE_INT, "unread": ["maybe"]}),
    (
        "bureau",
        "/api/consult/comments",
        {"limit": ["0", "201", "1e20"], "offset": HOSTILE_INT, "notification_id": HOSTILE_INT},
    ),
    ("bureau", "/api/consult/due", {"day": HOSTILE_DATE}),
    ("bureau", "/api/consult/enquiries", {"offset": HOSTILE_INT, "state": ["x" * 300]}),
    ("bureau", "/api/consult/kb", {"limit": HOSTILE_INT, "q": ["x" * 300]}),
    ("bureau", "/api/incentives/", {"offset": HOSTILE_INT, "year": [*HOSTILE_INT, "99999"]}),
    ("bureau", "/api/programme/registries/sites", {"offset": HOSTILE_INT, "year": HOSTILE_INT}),
]


def test_the_changes_page_shows_a_bad_date_above_the_list(
    client: Client, logins: dict[str, Any]
) -> None:
    client.force_login(logins["bureau"])
    page = client.get("/standards/changes/", {"since": "9999-12-31"})
    assert page.status_code == 200 and "查询参数无效" in page.content.decode()


@pytest.fixture
def logins(bureau_user: Any, make_enterprise: Any, enterprise_user: Any) -> dict[str, Any]:
    return {"bureau": bureau_user, "enterprise": enterprise_user(make_enterprise("扬州甲"))}


def _cases(table: list[tuple[str, str, dict[str, list[str]]]]) -> list[Any]:
    return [
        pytest.param(role, url, name, value, id=f"{url}?{name}={value[:12]!r}")
        for role, url, params in table
        for name, values in params.items()
        for value in values
    ]


@pytest.mark.parametrize(("role", "url", "name", "value"), _cases(PAGES))
def test_pages_refuse_hostile_values_with_a_bilingual_400(
    client: Client, logins: dict[str, Any], role: str, url: str, name: str, value: str
) -> None:
    client.force_login(logins[role])
    assert client.get(url).status_code == 200
    zh = client.get(url, {name: value})
    assert zh.status_code == 400, (url, name, value)
    assert "查询参数无效" in zh.content.decode() and name in zh.content.decode()
    client.cookies["django_language"] = "en"
    en = client.get(url, {name: value})
    assert en.status_code == 400 and "Invalid query parameter" in en.content.decode()


@pytest.mark.parametrize(("role", "url", "name", "value"), _cases(APIS))
def test_api_lists_refuse_hostile_values_with_a_bilingual_400(
    client: Client, logins: dict[str, Any], role: str, url: str, name: str, value: str
) -> None:
    client.force_login(logins[role])
    assert client.get(url).status_code == 200
    r = client.get(url, {name: value})
    assert r.status_code == 400, (url, name, value, r.content[:200])
    body = r.json()
    assert body["code"] == "bad_query" and name in body["details"]["fields"]
    assert body["message_zh"] and body["message_en"]


@pytest.mark.parametrize(
    "url",
    [
        "/consult/comments/?notification=&page=&state=",
        "/consult/comments/due/?day=",
        "/consult/kb/?notification=&q=",
        "/incentives/?year=&page=",
        "/programme/r/sites/?year=&kind=&page=",
        "/programme/tasks/?late=&page=",
        "/enterprises/?page=&exporter=",
    ],
)
def test_an_empty_parameter_is_not_given(client: Client, logins: dict[str, Any], url: str) -> None:
    """What an empty form field submits means "not given", never a 400 or a 500."""
    client.force_login(logins["bureau"])
    assert client.get(url).status_code == 200


def test_read_query_types_and_bounds() -> None:
    from django.http import QueryDict

    f = read_query(
        QueryDict("page=3&flagged=1&distributed_from=2026-01-31&q=%20灯%20"), NotificationPage
    )
    assert (f.page, f.flagged, str(f.distributed_from), f.q) == (3, True, "2026-01-31", "灯")
    empty = read_query(QueryDict("page=&flagged=&distributed_from="), NotificationPage)
    assert (empty.page, empty.flagged, empty.distributed_from) == (1, None, None)
    for bad in ("page=0", "page=100001", "page=1e20", "page=%C2%B2"):
        with pytest.raises(BadQuery) as exc:
            read_query(QueryDict(bad), PageFilter)
        assert exc.value.status == 400 and exc.value.details["fields"] == ["page"]
