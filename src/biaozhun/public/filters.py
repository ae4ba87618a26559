"""The portal's query parameters: a free text and the page (``common.filters``)."""

from __future__ import annotations

from biaozhun.common.filters import PageFilter, Text


class PublicSearchPage(PageFilter):
    q: Text = ""


class PublicStandardPage(PublicSearchPage):
    status: Text = ""
