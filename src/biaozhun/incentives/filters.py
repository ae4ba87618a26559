"""The incentives' list filters, one per list (page: ``read_query``; API: ``Query[...]``)."""

from __future__ import annotations

from biaozhun.common.filters import ListFilter, OptYear, PageFilter, Text, WindowFilter


class ApplicationFilter(ListFilter):
    q: Text = ""
    kind: Text = ""
    year: OptYear = None


class ApplicationPage(ApplicationFilter, PageFilter):
    #: absent: the page's default (the review queue for the bureau, all for an enterprise)
    state: Text | None = None


class ApplicationWindow(ApplicationFilter, WindowFilter):
    state: Text = ""


class SuggestionQuery(ListFilter):
    """What a user typed in the drafting form's designation field."""

    designation: Text = ""
