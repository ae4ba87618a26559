"""Issue 15: sign-in throttling that a forwarded header cannot defeat, rate-limited reset mails
and registrations, the gate for enterprises not yet approved (pages and API, walked route by
route), user names, API tokens (expiry, read-only), 401 for anonymous API writes, import routes,
and the platform's own error pages."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from biaozhun.accounts.middleware import PENDING_ALLOWED
from biaozhun.accounts.models import ApiToken, User
from biaozhun.accounts.services import create_api_token, create_user
from biaozhun.common.errors import DomainError
from biaozhun.enterprises.demo import demo_credit_code
from biaozhun.enterprises.services import EnterpriseData, register_enterprise
from tests.asgi_scope import http_scope

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"


# --- §4 sign-in throttling ---------------------------------------------------------------------


def test_rotating_addresses_does_not_escape_the_lockout(client, make_user):
    make_user("bureau_staff", "target")
    for n in range(5):
        client.post(
            "/accounts/login/",
            {"username": "target", "password": "wrong"},
            REMOTE_ADDR=f"203.0.113.{n + 1}",
        )
    locked = client.post(
        "/accounts/login/",
        {"username": "target", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert locked.status_code in {403, 429}
    assert client.get("/").status_code == 302


def test_rotating_forwarded_for_does_not_escape_the_lockout(client, make_user):
    make_user("bureau_staff", "target2")
    for n in range(5):
        client.post(
            "/accounts/login/",
            {"username": "TARGET2" if n % 2 else "target2", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.9.8.{n}",
        )
    locked = client.post(
        "/accounts/login/",
        {"username": "target2", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert locked.status_code in {403, 429}


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(rf, settings):
    from biaozhun.accounts.throttling import client_ip

    spoofed = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="127.0.0.1")
    settings.TRUSTED_PROXIES = []
    assert client_ip(spoofed) == "127.0.0.1"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(spoofed) == "127.0.0.1"  # loopback is not a configured proxy
    proxied = rf.get("/", HTTP_X_FORWARDED_FOR="9.9.9.9, 1.2.3.4, 10.0.0.2", REMOTE_ADDR="10.0.0.1")
    assert client_ip(proxied) == "1.2.3.4"  # the right-most address no trusted proxy added


def _client_seen_by_app(**options):
    """What a Django app behind our uvicorn configuration sees as the client of a loopback
    request that carries X-Forwarded-For."""
    import asyncio

    import uvicorn

    seen = {}

    async def app(scope, receive, send):
        seen["client"] = scope.get("client")
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    config = uvicorn.Config(app, **options)
    config.load()
    scope = http_scope("/", [(b"x-forwarded-for", b"6.6.6.6")])

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        return None

    asyncio.run(config.loaded_app(scope, receive, send))
    return seen["client"][0]


def test_the_server_ignores_forwarded_for_unless_a_proxy_is_configured(settings):
    from biaozhun.web.management.commands.serve import proxy_options

    settings.TRUSTED_PROXIES = []
    assert _client_seen_by_app(**proxy_options()) == "127.0.0.1"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert _client_seen_by_app(**proxy_options()) == "6.6.6.6"


def test_password_reset_mails_are_rate_limited_per_address_and_per_ip(client, make_user):
    user = make_user("bureau_staff", "resetme")
    User.objects.filter(pk=user.pk).update(email="resetme@example.org")
    answers = [
        client.post("/accounts/password/reset/", {"email": "resetme@example.org"}) for _ in range(5)
    ]
    assert [a.status_code for a in answers] == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    assert "请求过于频繁" in answers[-1].content.decode()
    for n in range(10):
        client.post("/accounts/password/reset/", {"email": f"nobody{n}@example.org"})
    refused = client.post("/accounts/password/reset/", {"email": "other@example.org"})
    assert refused.status_code == 429
    english = Client(REMOTE_ADDR="127.0.0.1")
    english.cookies["django_language"] = "en"
    answer = english.post("/accounts/password/reset/", {"email": "x@example.org"})
    assert answer.status_code == 429 and "Too many requests" in answer.content.decode()
    assert len(mail.outbox) == 3


def test_self_registration_is_rate_limited_per_ip(client, yangzhou):
    codes = []
    for n in range(11):
        answer = client.post("/enterprises/register/", {"name_zh": f"企业{n}"})
        codes.append(answer.status_code)
    assert codes[:10] == [200] * 10 and codes[10] == 429
    other = Client(REMOTE_ADDR="192.0.2.55")
    assert other.post("/enterprises/register/", {"name_zh": "x"}).status_code == 200


# --- §6 user names and accounts not yet approved -----------------------------------------------


@pytest.mark.parametrize("name", ["<script>x</script>", "a b", "bad\x00name", "tab\tname", ""])
def test_user_names_refuse_markup_and_control_characters(yangzhou, name):
    with pytest.raises(DomainError) as caught:
        create_user(username=name, password=PASSWORD, role="bureau_staff")
    assert caught.value.code == "bad_username"


def test_user_names_are_unique_ignoring_case(make_user):
    make_user("bureau_admin", "admin")
    with pytest.raises(DomainError) as caught:
        create_user(username="Admin", password=PASSWORD, role="bureau_staff")
    assert caught.value.code == "username_taken"
    with pytest.raises(IntegrityError):
        User.objects.create(username="ADMIN", role="bureau_staff")


def test_sign_in_ignores_letter_case(client, make_user):
    make_user("bureau_staff", "clerk")
    answer = client.post("/accounts/login/", {"username": "CLERK", "password": PASSWORD})
    assert answer.status_code == 302 and answer.url == "/"


@pytest.fixture
def pending_user(yangzhou):
    from biaozhun.accounts.models import District

    district = District.objects.get(code="321002")
    return register_enterprise(
        EnterpriseData(
            name_zh="待审企业", credit_code=demo_credit_code(4242, "321002"), district=district
        ),
        username="pendingco",
        password="Strong-pass-2026",
        email="p@example.org",
        contact_name="钱工",
    )


def _routes():
    """Every URL pattern as (route name, a concrete path)."""

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            pattern = str(entry.pattern).lstrip("^").rstrip("$")
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, prefix + pattern, ns)
            elif isinstance(entry, URLPattern):
                path = re.sub(r"<(?:(\w+):)?(\w+)>", "1", prefix + pattern)
                path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path).replace("\\", "")
                yield f"{namespace}{entry.name}", "/" + path

    return list(walk(get_resolver().url_patterns, "", ""))


def test_a_pending_account_reaches_only_its_registration_and_public_pages(client, pending_user):
    client.force_login(pending_user)
    refused, allowed = 0, []
    for name, path in _routes():
        if name in {"logout", "admin:logout"}:  # walked last: it ends the session
            allowed.append(name)
            continue
        methods = ("get",) if name.startswith("admin:") else ("get", "post")
        for method in methods:
            answer = getattr(client, method)(path)
            if name in PENDING_ALLOWED:
                allowed.append(name)
                continue
            assert answer.status_code == 403, (name, path, method, answer.status_code)
            body = answer.content.decode()
            if path.startswith("/api/"):
                assert answer.json()["code"] == "account_pending", (name, path)
            else:
                assert "尚未通过审核" in body, (name, path)
            refused += 1
    assert refused > 150
    assert {"home", "enterprises:mine", "logout"} <= set(allowed)
    home = client.get("/")
    assert home.status_code == 200 and "待审核" in home.content.decode()


def test_the_allow_list_holds_only_own_registration_and_public_routes(client, yangzhou):
    """Routes an anonymous visitor can open are public; the pending allow-list adds only the
    user's own registration, password and sign-out routes."""
    public = set()
    for name, path in _routes():
        if name.startswith("admin:"):
            continue
        if client.get(path).status_code == 200:
            public.add(name)
    own = {"home", "logout", "password_change", "password_change_done", "enterprises:mine"}
    own |= {"enterprises:detail"}  # scoped: only the user's own enterprise
    # the public portal's detail pages (no data here: 404 for anyone, signed in or not)
    portal = {"public:standard", "public:notification", "public:kb_entry", "public:news"}
    assert set(PENDING_ALLOWED) <= public | own | portal | {"set_language"} | {
        "password_reset_confirm",
        "password_reset_complete",
    }
    assert public - {"admin:login"} <= set(PENDING_ALLOWED), public - set(PENDING_ALLOWED)


def test_a_pending_account_cannot_use_a_token_nor_create_one(client, pending_user):
    with pytest.raises(DomainError) as caught:
        create_api_token(pending_user, "ERP")
    assert caught.value.code == "account_pending"
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=pending_user, name="old", prefix=key[:10], key_hash=ApiToken.hash_key(key)
    )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    seen = 0
    for name, path in _routes():
        if not path.startswith("/api/") or name in PENDING_ALLOWED | {"api:api-root"}:
            continue  # api-root is no operation (a bare 404 for everyone)
        for method in ("get", "post"):
            answer = getattr(api, method)(path)
            if answer.status_code == 405:
                continue
            assert answer.status_code == 403, (name, path, method)
            assert answer.json()["code"] == "account_pending"
            seen += 1
    assert seen > 60


def test_once_approved_the_account_works(client, pending_user, bureau_user):
    from biaozhun.enterprises.services import review_enterprise

    client.force_login(pending_user)
    assert client.get("/accounts/tokens/").status_code == 403
    review_enterprise(bureau_user, pending_user.enterprise, approve=True)
    assert client.get("/accounts/tokens/").status_code == 200
    assert client.get("/api/validity/checks").status_code == 200


# --- §8 tokens, 401 for anonymous writes, import routes ----------------------------------------


def test_tokens_expire_and_default_to_ninety_days(bureau_user):
    token, key = create_api_token(bureau_user, "ERP")
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/enterprises/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    answer = api.get("/api/enterprises/")
    assert answer.status_code == 401 and answer.json()["code"] == "unauthenticated"
    with pytest.raises(DomainError):
        create_api_token(bureau_user, "ERP", days=10000)


def test_a_read_only_token_only_reads(bureau_user):
    _, key = create_api_token(bureau_user, "BI", days=30, read_only=True)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/enterprises/").status_code == 200
    answer = api.post("/api/enterprises/", {}, content_type="application/json")
    assert answer.status_code == 403
    body = answer.json()
    assert body["code"] == "read_only_token" and "只读" in body["message_zh"]
    assert "read-only" in body["message_en"]


def test_the_token_page_offers_lifetime_and_read_only(client, bureau_user):
    client.force_login(bureau_user)
    answer = client.post("/accounts/tokens/", {"name": "BI", "days": "30", "read_only": "1"})
    assert answer.status_code == 200
    token = ApiToken.objects.get(user=bureau_user)
    assert token.read_only and timedelta(days=29) < token.expires_at - timezone.now()
    assert client.post("/accounts/tokens/", {"revoke": "9" * 30}).status_code == 200


def test_anonymous_api_writes_answer_401_not_a_csrf_403():
    client = Client(enforce_csrf_checks=True)
    answer = client.post("/api/enterprises/", {}, content_type="application/json")
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthenticated"


def test_a_session_write_without_csrf_is_a_bilingual_403(bureau_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bureau_user)
    answer = client.post("/api/enterprises/", {}, content_type="application/json")
    assert answer.status_code == 403
    assert answer.json()["code"] == "csrf_failed"


def test_documented_import_endpoints_are_reachable(client, bureau_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(bureau_user)
    upload = SimpleUploadedFile("e.csv", "企业名称,统一社会信用代码\n".encode(), "text/csv")
    answer = client.post("/api/enterprises/import", {"file": upload})
    assert answer.status_code != 405, answer.content
    assert answer.status_code in {200, 400}
    upload = SimpleUploadedFile("r.csv", b"name\n", "text/csv")
    answer = client.post("/api/programme/registries/anything/import", {"file": upload})
    assert answer.status_code != 405, answer.content


# --- §7 error pages ----------------------------------------------------------------------------


def test_a_debug_404_is_the_platform_page_not_the_url_list(client, settings):
    settings.DEBUG = True
    answer = client.get("/no-such-page/")
    body = answer.content.decode()
    assert answer.status_code == 404
    assert "URLconf" not in body and "api/" not in body
    assert "页面不存在" in body and 'href="/"' in body


def test_error_pages_are_english_in_english_mode(client, settings):
    settings.DEBUG = True
    client.cookies["django_language"] = "en"
    body = client.get("/no-such-page/").content.decode()
    assert "Page not found" in body and "页面不存在" not in body


def test_permission_denied_and_csrf_failures_are_the_platform_page(make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("expert", "someone"))
    denied = client.get("/audit/")
    assert denied.status_code == 403 and "无权访问" in denied.content.decode()
    csrf = client.post("/accounts/tokens/", {"name": "x"})
    assert csrf.status_code == 403 and "CSRF" in csrf.content.decode()
    assert 'data-testid="error-page"' in csrf.content.decode()


def test_a_bare_405_becomes_the_platform_page(client, bureau_user):
    client.force_login(bureau_user)
    answer = client.get("/enterprises/1/review/")
    assert answer.status_code == 405 and 'data-testid="error-page"' in answer.content.decode()


def test_static_path_traversal_is_not_a_500(settings):
    import asyncio

    from biaozhun.asgi import _with_static, django_application

    settings.DEBUG = True
    app = _with_static(django_application)
    statuses = []

    async def run(path):
        scope = http_scope(path, [(b"host", b"127.0.0.1")])
        sent = []
        calls = []

        async def receive():
            calls.append(1)
            if len(calls) == 1:
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Future()  # no disconnect: wait until the response is done

        async def send(message):
            sent.append(message)

        await app(scope, receive, send)
        statuses.append(sent[0]["status"])

    for path in ("/static/../pyproject.toml", "/static/../../etc/passwd"):
        asyncio.run(run(path))
    assert statuses == [400, 400]
