"""The HTTP API at /api/ (OpenAPI docs at /api/docs).

Browser sessions (with CSRF) and personal bearer tokens both authenticate. Every error is
``{code, message_zh, message_en, details}`` with a stable code.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from biaozhun.accounts.middleware import PendingAccount
from biaozhun.accounts.services import ReadOnlyToken, token_for_key
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import query_error

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfFailed(DomainError):
    status = 403

    def __init__(self) -> None:
        super().__init__(
            "csrf_failed",
            "CSRF 校验失败:请刷新页面后重试,或改用 API 令牌。",
            "The CSRF check failed: reload the page and try again, or use an API token.",
        )


class TokenAuth(HttpBearer):
    """A personal bearer token: unexpired, not revoked, its user active and approved; a
    read-only token only reads."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = token_for_key(token)
        if api_token is None:
            return None
        user = api_token.user
        if user.is_pending:
            raise PendingAccount()
        if api_token.read_only and request.method not in SAFE_METHODS:
            raise ReadOnlyToken()
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's session cookie, with Django's CSRF check on unsafe methods.

    Without a signed-in session there is nothing to protect, so no CSRF check: an anonymous
    write answers 401 (sign in), not a CSRF 403.
    """

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request):
            raise CsrfFailed()
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


api = NinjaAPI(
    title="biaozhun API",
    version="1",
    description="扬州市技术标准战略服务平台 API / Yangzhou technical standards strategy platform",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


def _error(
    request: HttpRequest, status: int, code: str, zh: str, en: str, details: Any = None
) -> HttpResponse:
    return api.create_response(
        request,
        {"code": code, "message_zh": zh, "message_en": en, "details": details or {}},
        status=status,
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    bad_query = query_error(exc)
    if bad_query is not None:  # a query parameter: the 400 every page gives too
        return api.create_response(request, bad_query.as_dict(), status=400)
    return _error(
        request,
        422,
        "validation_error",
        "请求参数无效。",
        "The request is invalid.",
        {"errors": exc.errors},
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request,
        401,
        "unauthenticated",
        "请先登录或提供有效的 API 令牌。",
        "Sign in or give a valid API token.",
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(
        request, 404, "not_found", "对象不存在或无权访问。", "Not found or not visible to you."
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", str(exc), str(exc))


def _register_routers() -> None:

    for app in (
        "accounts",
        "enterprises",
        "catalogue",
        "validity",
        "tbt",
        "alerts",
        "consult",
        "notify",
        "incentives",
        "programme",
    ):
        module = import_module(f"biaozhun.{app}.api")
        api.add_router(f"/{app}/", module.router)
    # export profiles belong to the enterprises app but keep their historical prefix
    api.add_router("/alerts/profiles/", import_module("biaozhun.enterprises.profiles.api").router)


_register_routers()
