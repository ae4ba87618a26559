"""The public portal (issue 16 §5): anonymous visitors read standards, WTO notifications with
their Chinese summaries, the knowledge base, publicity and how to register; nothing scoped to
an enterprise is public, and every other page still sends them to the sign-in page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.hostile.conftest import CANARY, World
from tests.hostile.walk import routes

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("hostile-pages")]

#: Routes anonymous visitors may open besides the portal: signing in, resetting a password,
#: registering an enterprise, switching the language.
OPEN_ROUTES = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "enterprises:register",
    "set_language",
    "logout",
    # an e-mail's signed tracking link: records the click (404 without a valid signature),
    # then opens the message's page, which asks for sign-in
    "notify:click",
}


def _private_words(world: World) -> list[str]:
    """What must never reach an anonymous visitor: every enterprise's name and credit code,
    every user's login, and the texts of enquiries not published anonymously."""
    from biaozhun.accounts.models import User
    from biaozhun.consult.models import Enquiry
    from biaozhun.enterprises.models import Enterprise

    words = [CANARY]
    for name_zh, name_en, code in Enterprise.objects.values_list(
        "name_zh", "name_en", "credit_code"
    ):
        words += [w for w in (name_zh, name_en, code) if w and len(w) >= 4]
    words += [u for u in User.objects.values_list("username", flat=True) if len(u) >= 6]
    words += list(
        Enquiry.objects.exclude(published=True, anonymise=True).values_list("subject", flat=True)
    )
    return words


@pytest.fixture(scope="module")
def private_enquiry(world: World, django_db_blocker: Any) -> Any:
    """The canary enterprise asks a question it does not want anonymised; it is answered and
    published to the signed-in knowledge base, never to the portal."""
    from biaozhun.consult.enquiries.services import (
        EnquiryData,
        answer_enquiry,
        ask_enquiry,
        assign_enquiry,
        publish_enquiry,
    )

    with django_db_blocker.unblock():
        enquiry = ask_enquiry(
            world.users["canary"],
            EnquiryData(subject="金丝雀私有问题", question="我司出口欧盟的问题", anonymise=False),
        )
        assign_enquiry(world.users["bureau"], enquiry, world.users["expert"])
        answer_enquiry(world.users["expert"], enquiry, "答复内容")
        publish_enquiry(world.users["bureau"], enquiry)
    return enquiry


def _public_urls() -> list[str]:
    """Every portal page, filled with real ids, with and without a search."""
    from biaozhun.catalogue.models import Standard
    from biaozhun.consult.enquiries.selectors import public_knowledge_base
    from biaozhun.programme.models import NewsPost
    from biaozhun.tbt.models import Notification

    ids = {
        "public:standard": [s.pk for s in Standard.objects.order_by("pk")[:3]],
        "public:notification": list(Notification.objects.values_list("pk", flat=True)[:5]),
        "public:kb_entry": list(public_knowledge_base().values_list("pk", flat=True)),
        "public:news": list(NewsPost.objects.values_list("pk", flat=True)[:3]),
    }
    urls = []
    public = [r for r in routes() if r.name.startswith("public:")]
    assert len(public) == 10
    for route in public:
        if route.params:
            assert ids[route.name], f"no demo data for {route.name}"
            urls += [route.fill({"pk": str(pk)}) for pk in ids[route.name]]
        else:
            urls.append(route.fill({}))
    urls += [
        "/public/standards/?q=GB",
        "/public/standards/?q=电缆&status=current",
        "/public/notifications/?q=EU",
        "/public/kb/?q=欧盟",
        "/public/kb/?q=金丝雀",
    ]
    return urls


def test_every_public_page_answers_anonymously_without_enterprise_data(
    world: World, private_enquiry: Any
) -> None:
    client = Client(raise_request_exception=False)
    words = _private_words(world)
    assert "金丝雀私有问题" in words
    failures = []
    for url in _public_urls():
        response = client.get(url)
        body = response.content.decode()
        if response.status_code != 200:
            failures.append(f"{response.status_code} {url}")
            continue
        failures += [f"LEAK {word!r} on {url}" for word in words if word in body]
        failures += [
            f"private link {url}" for bit in ("/alerts/", "/validity/watch") if bit in body
        ]
    assert not failures, "\n".join(failures)


def test_every_other_page_still_sends_anonymous_visitors_to_sign_in(world: World) -> None:
    client = Client(raise_request_exception=False)
    failures = []
    walked = 0
    for route in routes():
        if route.name.startswith("public:") or route.name in OPEN_ROUTES:
            continue
        url = route.fill({})
        response = client.get(url)
        walked += 1
        while response.status_code == 302 and not response["Location"].startswith(
            ("/accounts/login/", "/public/")
        ):  # a page that forwards to another (/validity/ → /validity/check/)
            response = client.get(response["Location"])
        location = response.get("Location", "")
        if route.name == "home":
            ok = response.status_code == 302 and location == "/public/"
        else:
            ok = response.status_code == 302 and location.startswith("/accounts/login/")
        if not ok:
            failures.append(f"{response.status_code} {url} ({route.name}) -> {location}")
    assert walked > 100
    assert not failures, "\n".join(failures)


def test_portal_shows_the_chinese_summary_and_says_whose_it_is(world: World) -> None:
    from biaozhun.tbt.models import Notification
    from biaozhun.tbt.summary import chinese_text

    client = Client()
    n = Notification.objects.filter(title_zh="").first() or Notification.objects.first()
    page = client.get(f"/public/notifications/{n.pk}/").content.decode()
    zh = chinese_text(n)
    assert zh.summary.splitlines()[0][:20] in page
    if zh.generated:
        assert 'data-testid="generated-label"' in page
    else:
        assert 'data-testid="desk-label"' in page
    front = client.get("/public/").content.decode()
    assert n.symbol in front or Notification.objects.count() > 6
    assert 'data-testid="login-link"' in front and "如何注册" in front


def test_knowledge_base_is_public_articles_only(world: World, private_enquiry: Any) -> None:
    from biaozhun.consult.enquiries.selectors import public_knowledge_base

    client = Client()
    assert not public_knowledge_base().filter(pk=private_enquiry.pk).exists()
    assert client.get(f"/public/kb/{private_enquiry.pk}/").status_code == 404
    listing = client.get("/public/kb/").content.decode()
    assert "金丝雀私有问题" not in listing
    demo = public_knowledge_base().first()
    assert demo is not None and (demo.kb_subject or demo.subject) in listing


def test_publicity_shows_world_standards_day(world: World) -> None:
    from biaozhun.programme.models import Event

    assert Event.objects.filter(kind="world_standards_day").exists()
    page = Client().get("/public/publicity/").content.decode()
    assert "世界标准日" in page and 'data-testid="public-events"' in page


def test_standard_search_and_page_are_public_data_only(world: World) -> None:
    from biaozhun.catalogue.models import Standard

    client = Client()
    standard = Standard.objects.exclude(title_zh="").first()
    listing = client.get("/public/standards/", {"q": standard.canonical}).content.decode()
    assert f"/public/standards/{standard.pk}/" in listing
    page = client.get(f"/public/standards/{standard.pk}/").content.decode()
    assert standard.canonical in page and 'data-testid="public-status"' in page
    # the signed-in page's enterprise sections are not on the public page
    assert "起草单位" not in page and "users-of" not in page
    assert client.get("/public/standards/99999999/").status_code == 404
    assert client.get("/public/standards/", {"page": "1e20"}).status_code == 400


def test_portal_in_english(world: World, settings: Any) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    front = client.get("/public/").content.decode()
    assert "Latest WTO notifications" in front and "最新 WTO 通报" not in front
    register = client.get("/public/register/").content.decode()
    assert "How an enterprise registers" in register and "/enterprises/register/" in register
