"""One way to read query parameters: one filter schema per list, read by the API through
``Query[...]`` and by the page from ``request.GET`` (:func:`read_query`).

A filter is a django-ninja :class:`~ninja.FilterSchema` (a pydantic model) built from the
bounded types below, so a hostile value (``?page=1e20``, ``?year=²``, ``offset=-1``,
``day=9999-12-31``, a 10 000-character search) is refused with a zh/en 400 error
(:class:`BadQuery`, code ``bad_query``) instead of reaching ``int()`` or the database::

    class InboxFilter(PageFilter):
        risk: Text = ""
        unread: OptBool = None
        deadline: OptInt = None

    # page                                       # API
    f = read_query(request, InboxFilter)          def inbox(request, f: Query[InboxFilter]):
    qs = selectors.search(request.user, f.q ...)      ...

An empty parameter (``?unread=``, what an empty form field submits) means "not given".
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest, QueryDict
from ninja import FilterSchema
from pydantic import AfterValidator, BeforeValidator, Field, ValidationError

from .errors import DomainError

#: the highest page number and offset a list accepts (far beyond any real list)
MAX_PAGE = 100_000
MAX_OFFSET = 10_000_000
MAX_LIMIT = 200
MAX_INT = 2_147_483_647
MAX_TEXT = 200
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


def _blank_is_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    return value


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL byte")
    return value.strip()


def _iso_day(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` (pydantic would also read a Unix timestamp)."""
    value = _blank_is_none(value)
    if isinstance(value, str) and not (
        len(value) == 10 and value[4] == value[7] == "-" and value.replace("-", "").isascii()
    ):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


def _day_in_range(value: date | None) -> date | None:
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"a date between {FIRST_DAY} and {LAST_DAY}")
    return value


#: free text: at most 200 characters, no NUL byte, stripped
Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_no_nul)]
#: an optional whole number 0 .. 2^31-1 (ASCII digits only: ``1e20``, ``²``, ``-1`` refused;
#: the bounds sit on the number, so an empty value is None, not a failed comparison)
OptInt = Annotated[Annotated[int, Field(ge=0, le=MAX_INT)] | None, BeforeValidator(_blank_is_none)]
#: an optional year 1900 .. 2199 (the years a date may have)
OptYear = Annotated[
    Annotated[int, Field(ge=FIRST_DAY.year, le=LAST_DAY.year)] | None,
    BeforeValidator(_blank_is_none),
]
#: an optional yes/no (``1``/``0``, ``true``/``false``)
OptBool = Annotated[bool | None, BeforeValidator(_blank_is_none)]
#: an optional ISO date between 1900 and 2199
OptDate = Annotated[date | None, BeforeValidator(_iso_day), AfterValidator(_day_in_range)]
#: a page number 1 .. 100 000 (an empty value is page 1)
PageNumber = Annotated[
    int, BeforeValidator(lambda v: _blank_is_none(v) or 1), Field(ge=1, le=MAX_PAGE)
]


class ListFilter(FilterSchema):
    """Base of every list filter (extra parameters are ignored, as pages always did)."""


class PageFilter(ListFilter):
    """A page's list: ``page`` 1 .. 100 000."""

    page: PageNumber = 1


class WindowFilter(ListFilter):
    """An API list: ``limit`` 1 .. 200, ``offset`` 0 .. 10 000 000."""

    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 50
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET)] = 0


class BadQuery(DomainError, BadRequest):
    """A query parameter that cannot be read: 400 with the fields at fault."""

    status = 400

    def __init__(self, fields: list[str]) -> None:
        names = ", ".join(fields)
        super().__init__(
            "bad_query",
            f"查询参数无效:{names}。",
            f"Invalid query parameter: {names}.",
            {"fields": fields},
        )


def _fields(exc: ValidationError) -> list[str]:
    out: list[str] = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query",)]
        name = loc[0] if loc else "?"
        if name not in out:
            out.append(name)
    return out


def read_query[F: ListFilter](request: HttpRequest | QueryDict, schema: type[F]) -> F:
    """``request.GET`` (or a ``QueryDict``) validated against ``schema``; a bad value raises
    :class:`BadQuery` (a 400 page through Django's ``handler400``, a 400 JSON error in the
    API). Lists (``?x=1&x=2``) are read for fields typed as lists."""
    params = request.GET if isinstance(request, HttpRequest) else request
    data: dict[str, Any] = {}
    for name, field in schema.model_fields.items():
        key = field.alias or name
        if key not in params:
            continue
        origin = getattr(field.annotation, "__origin__", None)
        data[name] = params.getlist(key) if origin is list else params.get(key)
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise BadQuery(_fields(exc)) from exc


def query_error(exc: Exception) -> BadQuery | None:
    """The :class:`BadQuery` of a ninja query validation error (None for a body error)."""
    errors = getattr(exc, "errors", None)
    if not isinstance(errors, list) or not errors:
        return None
    if not all(list(e.get("loc", ()))[:1] == ["query"] for e in errors):
        return None
    fields: list[str] = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ())[1:]]
        # ninja nests a Query[Schema] under its parameter name: take the last part
        name = loc[-1] if loc else "?"
        if name not in fields:
            fields.append(name)
    return BadQuery(fields)
