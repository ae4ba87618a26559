"""The validity lists' query parameters (see :mod:`biaozhun.common.filters`)."""

from __future__ import annotations

from biaozhun.common.filters import ListFilter, OptBool, PageFilter, Text, WindowFilter


class WatchAlertFilter(ListFilter):
    """The watch alerts (关注提醒) list, page and API."""

    unread: OptBool = None


class WatchAlertPage(WatchAlertFilter, PageFilter):
    pass


class WatchAlertWindow(WatchAlertFilter, WindowFilter):
    pass


class SearchPage(PageFilter):
    """A page with a free-text search box and an optional outcome (check report)."""

    q: Text = ""
    outcome: Text = ""
