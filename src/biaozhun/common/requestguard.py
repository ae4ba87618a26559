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

ZH = "请求中含有不允许的空字符(NUL)。"
EN = "The request contains a NUL character, which is not allowed."


def _has_nul(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "")
    if "\x00" in query or "%00" in query.lower():
        return True
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False


class RefuseNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path.startswith("/api/"):
                body = {"code": "nul_character", "message_zh": ZH, "message_en": EN, "details": {}}
                return JsonResponse(body, status=400)
            return error_page(request, 400, bi(ZH, EN))
        return self.get_response(request)
