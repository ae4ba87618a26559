"""The HTTP API at /api/ (OpenAPI docs at /api/docs).

Browser sessions (with CSRF) and personal bearer tokens both authenticate. Every error is
``{code, message_zh, message_en, details}`` with a stable code.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from biaozhun.accounts.services import user_for_token
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import query_error


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's session cookie, with Django's CSRF check on unsafe methods."""

    param_name = "sessionid"

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
    from importlib import import_module

    for app in (
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
