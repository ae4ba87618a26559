"""The "due this week" page: notifications whose internal or WTO comment deadline falls in a
week and that still have comments or a submission not sent, in the user's scope."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from biaozhun.accounts.decorators import roles_required
from biaozhun.common.filters import read_query
from biaozhun.common.http import AuthedRequest

from ..filters import DueFilter
from ..station import is_desk, today, week_bounds
from ..web import COMMENT_ROLES
from . import selectors


@roles_required(*COMMENT_ROLES)
def due_week(request: AuthedRequest) -> HttpResponse:
    day = read_query(request, DueFilter).day or today()
    monday, sunday = week_bounds(day)
    items = selectors.due_this_week(request.user, day)
    return render(
        request,
        "consult/due.html",
        {
            "items": items,
            "monday": monday,
            "sunday": sunday,
            "desk": is_desk(request.user),
        },
    )
