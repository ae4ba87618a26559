"""The platform's own error pages (400, 403, 404, 500), in every mode.

Django's handlers render them in production; with DEBUG on, Django would answer a 404 with a
page listing every URL pattern and a 500 with the traceback and settings: the middleware below
replaces those HTML pages with the platform's page (the traceback still goes to the log). The CSRF
failure view and ``PermissionDenied`` render the same 403 page. API errors stay JSON.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language

from biaozhun.common.errors import DomainError

TITLES = {
    400: ("请求无效", "Bad request"),
    403: ("无权访问", "Access denied"),
    404: ("页面不存在", "Page not found"),
    405: ("不支持的请求方式", "Method not allowed"),
    429: ("请求过于频繁", "Too many requests"),
    500: ("服务器出错了", "Server error"),
}
MESSAGES = {
    400: ("请求的参数或内容无效。", "The request's parameters or content are invalid."),
    403: ("您没有访问此页面的权限。", "You are not allowed to open this page."),
    404: (
        "您要找的页面不存在,或者您无权查看。",
        "The page does not exist or is not visible to you.",
    ),
    405: ("此地址不接受这种请求方式。", "This address does not accept this kind of request."),
    429: ("请求过于频繁,请稍后再试。", "Too many requests: try again later."),
    500: (
        "处理请求时出错,已记录,请稍后再试。",
        "Something went wrong; it has been logged. Please try again later.",
    ),
}


def error_page(request: HttpRequest | None, status: int, message: str = "") -> HttpResponse:
    english = (get_language() or "").startswith("en")
    title_zh, title_en = TITLES.get(status, TITLES[400])
    default_zh, default_en = MESSAGES.get(status, MESSAGES[400])
    user = getattr(request, "user", None) if status != 500 else None
    html = render_to_string(
        "web/error.html",
        {
            "status": status,
            "english": english,
            "title": title_en if english else title_zh,
            "message": message or (default_en if english else default_zh),
            "signed_in": bool(user is not None and user.is_authenticated),
        },
    )
    response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    response.platform_page = True  # type: ignore[attr-defined]
    return response


def _message(exception: Exception | None) -> str:
    message = getattr(exception, "message", None)
    if callable(message):  # a DomainError-like refusal carries its bilingual message
        try:
            return str(message())
        except Exception:
            return ""
    return ""


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler400``: with the zh/en reason of a refusal such as
    :class:`biaozhun.common.filters.BadQuery` (an unreadable query parameter)."""
    return error_page(request, 400, _message(exception))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403, _message(exception))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    english = (get_language() or "").startswith("en")
    return error_page(
        request,
        403,
        "The form expired or was sent from another site (CSRF check): reload the page and try "
        "again."
        if english
        else "表单已过期或来自其他网站(CSRF 校验失败):请刷新页面后重试。",
    )


REPLACED = frozenset({400, 403, 404, 405, 500})


class PlatformErrorPagesMiddleware:
    """Turns any HTML (or empty) error response that is not already the platform's page — the
    DEBUG 404 that lists URL patterns, the DEBUG traceback page, a bare ``403 Forbidden`` — into
    the platform's page. JSON and file responses pass untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code not in REPLACED or getattr(response, "platform_page", False):
            return response
        if getattr(response, "streaming", False) or request.path.startswith("/api/"):
            return response
        content_type = response.get("Content-Type", "")
        if content_type and not content_type.startswith("text/html"):
            return response
        bare = not response.content.strip()
        debug_page = settings.DEBUG and response.status_code in {404, 500}
        if not (bare or debug_page):
            return response  # a page of the app's own with its own message
        replacement = error_page(request, response.status_code)
        for header in ("Allow", "Retry-After"):
            if header in response:
                replacement[header] = response[header]
        return replacement

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A refusal a view did not catch (a service's ``DomainError``: a value out of range,
        a hand-typed parameter it cannot read) is the platform's page with its zh/en message
        and its own status (400, 403, 404, 409), never a 500."""
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        return error_page(request, exception.status, _message(exception))
