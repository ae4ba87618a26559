"""The programme's list filters, one per list (page: ``read_query``; API: ``Query[...]``).
A registry's own choice filters (``registry.filters``) are added to its page's schema."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import create_model

from biaozhun.common.filters import (
    ListFilter,
    OptBool,
    OptDate,
    OptYear,
    PageFilter,
    Text,
    WindowFilter,
)

from .registries import Registry


class RecordFilter(ListFilter):
    """A registry's records: free text, the district's code, the year."""

    q: Text = ""
    district: Text = ""
    year: OptYear = None


class RecordPage(RecordFilter, PageFilter):
    pass


class RecordWindow(RecordFilter, WindowFilter):
    pass


@cache
def registry_page(registry: Registry) -> type[RecordPage]:
    """The page filter of ``registry``: :class:`RecordPage` and its choice filters."""
    fields: dict[str, Any] = {name: (Text, "") for name in registry.filters}
    name = registry.slug.title().replace("-", "").replace("_", "") + "Page"
    return create_model(name, __base__=RecordPage, **fields)


class ExportQuery(ListFilter):
    """``?template=1``: the empty import template instead of the filtered list."""

    template: OptBool = None


class ProgrammeQuery(ListFilter):
    """The programme a page is about (its slug; the current one when blank) and the day."""

    programme: Text = ""
    as_of: OptDate = None


class TargetRecordsPage(PageFilter):
    """The records a target counts: as of a day, in a year, in a district (its code)."""

    as_of: OptDate = None
    year: OptYear = None
    district: Text = ""


class TaskPage(PageFilter):
    late: OptBool = None
    status: Text = ""


class MeetingFilter(ListFilter):
    """The leading groups' meetings: ``district`` a district's code, or ``city`` for the city's
    group; the year; free text in the title and minutes."""

    district: Text = ""
    year: OptYear = None
    q: Text = ""


class MeetingPage(MeetingFilter, PageFilter):
    pass


class MeetingWindow(MeetingFilter, WindowFilter):
    pass


class GroupFilter(ListFilter):
    """The leading groups' members: ``district`` a district's code, or ``city``."""

    district: Text = ""


class SignupFilter(ListFilter):
    """Sign-ups: ``status`` active / cancelled (blank: both)."""

    status: Text = ""


class SignupPage(SignupFilter, PageFilter):
    pass


class SignupWindow(SignupFilter, WindowFilter):
    pass
