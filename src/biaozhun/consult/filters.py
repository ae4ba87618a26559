"""The station's list filters, one per list, read by the page (``read_query(request, XPage)``)
and by the API (``Query[XWindow]``): bounded types from :mod:`biaozhun.common.filters`, so a
hostile value (``?notification=²``, ``?day=9999-12-31``, ``?page=1e20``) is the zh/en 400."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from biaozhun.common.filters import (
    ListFilter,
    OptDate,
    OptInt,
    PageFilter,
    Text,
    WindowFilter,
)


class StateFilter(ListFilter):
    """A list of things with a ``state`` (comments, submissions, enquiries)."""

    state: Text = ""

    def narrow[M: Model](self, qs: QuerySet[M]) -> QuerySet[M]:
        """``qs`` in the chosen state (all of it when none is chosen)."""
        return qs.filter(state=self.state) if self.state else qs


class CommentFilter(StateFilter):
    pass


class CommentPage(CommentFilter, PageFilter):
    notification: OptInt = None


class CommentWindow(CommentFilter, WindowFilter):
    notification_id: OptInt = None


class SubmissionPage(StateFilter, PageFilter):
    pass


class EnquiryFilter(StateFilter):
    pass


class EnquiryPage(EnquiryFilter, PageFilter):
    pass


class EnquiryWindow(EnquiryFilter, WindowFilter):
    pass


class KbFilter(ListFilter):
    q: Text = ""
    market: Text = ""


class KbPage(KbFilter, PageFilter):
    notification: OptInt = None


class KbWindow(KbFilter, WindowFilter):
    pass


class DueFilter(ListFilter):
    """The week a "due this week" list is about: the week of ``day`` (today by default)."""

    day: OptDate = None


class ExporterFilter(ListFilter):
    """Whose applicable regulations a desk user looks at."""

    enterprise: OptInt = None


class BriefingFilter(ListFilter):
    kind: Text = "all"
    key: Text = ""
    period: Text = "month"
    at: Text = ""


class UnsubscribeForm(ListFilter):
    """The briefing subscription form: the subscription to cancel, if any."""

    unsubscribe: OptInt = None


class MergeChoice(ListFilter):
    """The comments a desk user ticks to merge into the submission (blanks skipped)."""

    comments: list[OptInt] = []

    @property
    def ids(self) -> list[int]:
        return [i for i in self.comments if i is not None]
