"""Refuse NUL bytes at the door.

A NUL character has no meaning in any query or form value the platform reads, PostgreSQL refuses
it in text columns and queries ("A string literal cannot contain NUL"), and SQLite stores it
silently. Rather than guard every view, a request whose query string or form fields carry one
is answered with a zh/en 400 before any view runs (JSON under ``/api/``, the platform's error
page elsewhere). JSON bodies of the API are checked by the services' validation
(:mod:`biaozhun.common.validation`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from .errorpages import error_page
from .i18n import bi


def _nul_fields(request: HttpRequest) -> tuple[list[str], list[str]]:
    """The query parameters and form fields whose name or value carries a NUL byte."""
    query = [
        key
        for key, values in request.GET.lists()
        if "\x00" in key or any("\x00" in value for value in values)
    ]
    if not query and "%00" in request.META.get("QUERY_STRING", "").lower():
        query = ["?"]  # a NUL the query parser could not attribute to one parameter
    form: list[str] = []
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        form = [
            key
            for key, values in request.POST.lists()
            if "\x00" in key or any("\x00" in value for value in values)
        ]
    return query, form


def _shown(names: list[str]) -> str:
    return "、".join(name.replace("\x00", "\\0")[:40] for name in names[:5])


class RefuseNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query, form = _nul_fields(request)
        if not query and not form:
            return self.get_response(request)
        if query:
            zh = f"查询参数无效:{_shown(query)} 含有不允许的空字符(NUL)。"
            en = f"Invalid query parameter: {_shown(query)} contains a NUL character."
        else:
            zh = f"表单字段无效:{_shown(form)} 含有不允许的空字符(NUL)。"
            en = f"Invalid form field: {_shown(form)} contains a NUL character."
        if request.path.startswith("/api/"):
            body = {
                "code": "nul_character",
                "message_zh": zh,
                "message_en": en,
                "details": {"fields": query + form},
            }
            return JsonResponse(body, status=400)
        return error_page(request, 400, bi(zh, en))
