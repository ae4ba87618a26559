"""What the station's pages share: the roles that may open them, turning a DomainError into a
404 / a flash message / a form error, and reading hand-typed query parameters (ids, dates) that
are bounded, so a hostile value (``?notification=²``, ``?day=9999-12-31``) is a 400 with a
message in both languages, never a 500.

This is consult's own small parameter reader until the common typed-parameter helper lands.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import update_wrapper
from typing import Concatenate

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict

from biaozhun.common.errors import DomainError
from biaozhun.common.http import AuthedRequest

DESK = ("bureau_admin", "bureau_staff")
COMMENT_ROLES = (*DESK, "enterprise_user", "district_officer")
ENQUIRY_ROLES = (*DESK, "enterprise_user", "district_officer", "expert")

#: The largest id a page accepts (a database integer).
ID_MAX = 2**63 - 1
#: The dates a page accepts: the station's data lives well inside these years.
FIRST_DAY, LAST_DAY = date(1995, 1, 1), date(2100, 12, 31)


class BadParameter(DomainError):
    """A query or form parameter the page cannot read: answered with 400."""

    def __init__(self, name: str, zh: str, en: str) -> None:
        super().__init__(
            "bad_parameter",
            f"参数 {name} 无效:{zh}",
            f"The parameter {name} is not valid: {en}",
            {"field": name},
        )


def int_param(params: QueryDict, name: str, *, maximum: int = ID_MAX) -> int | None:
    """A positive whole number (an id) from ``params``; None when absent or empty."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or not 0 < int(raw) <= maximum:
        raise BadParameter(name, f"应为 1 到 {maximum} 之间的整数。", f"expected 1 to {maximum}.")
    return int(raw)


def int_list_param(params: QueryDict, name: str) -> list[int]:
    """Every value of ``name`` as a positive id (a form's checkboxes)."""
    values: list[int] = []
    for raw in params.getlist(name):
        one = QueryDict(mutable=True)
        one[name] = raw
        value = int_param(one, name)
        if value is not None:
            values.append(value)
    return values


def date_param(params: QueryDict, name: str) -> date | None:
    """An ISO date (``2026-03-31``) between ``FIRST_DAY`` and ``LAST_DAY``; None when absent."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw) if raw.isascii() else None
    except ValueError:
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        raise BadParameter(
            name,
            f"应为 {FIRST_DAY} 到 {LAST_DAY} 之间的日期(如 2026-03-31)。",
            f"expected a date from {FIRST_DAY} to {LAST_DAY} (e.g. 2026-03-31).",
        )
    return day


def checked_params[**P](
    view: Callable[Concatenate[AuthedRequest, P], HttpResponse],
) -> Callable[Concatenate[AuthedRequest, P], HttpResponse]:
    """Answer a ``BadParameter`` raised by the view with 400 and its message."""

    def wrapper(request: AuthedRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except BadParameter as exc:
            return HttpResponse(exc.message(), status=400, content_type="text/plain; charset=utf-8")

    update_wrapper(wrapper, view)
    return wrapper


def not_found(exc: DomainError) -> Http404:
    return Http404(exc.message())


def fail(request: AuthedRequest, exc: DomainError) -> None:
    """A refused action: 404 if the object is out of reach, else a flash message."""
    if exc.status == 404:
        raise not_found(exc)
    messages.error(request, exc.message())


def form_error(form: forms.Form, exc: DomainError) -> None:
    """Show a refusal on the field it names, or above the form when the form has no such
    field (``comments_closed`` names the notification, which the comment form does not show)."""
    field = exc.details.get("field")
    form.add_error(field if field in form.fields else None, exc.message())
