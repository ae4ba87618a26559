"""The catalogue lists' query parameters (see :mod:`biaozhun.common.filters`): the standards
search (API; the search page reads the same fields through its form) and the changes list
(page and API)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from biaozhun.common.filters import ListFilter, OptDate, PageFilter, Text, WindowFilter


class StandardFilter(ListFilter):
    q: Text = ""
    level: Text = ""
    status: Text = ""
    ics: Text = ""
    ccs: Text = ""
    industry: Text = ""
    published_from: OptDate = None
    published_to: OptDate = None


class StandardWindow(StandardFilter, WindowFilter):
    limit: Annotated[int, Field(ge=1, le=100)] = 20


class ChangeFilter(ListFilter):
    kind: Text = ""
    level: Text = ""
    since: OptDate = None


class ChangePage(ChangeFilter, PageFilter):
    pass


class ChangeWindow(ChangeFilter, WindowFilter):
    pass
