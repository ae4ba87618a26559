"""Pages of the leading groups: each county's and district's leading group (members), and the
groups' meetings with their decisions and the tasks they create."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from biaozhun.accounts.decorators import roles_required
from biaozhun.accounts.models import District
from biaozhun.accounts.responsibility import may_write, user_writer_kind
from biaozhun.accounts.scoping import Scope
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi

from . import meetings, selectors, services
from .filters import GroupFilter, MeetingPage
from .forms import DecisionForm, DistrictMemberForm, MeetingForm

STAFF = ("bureau_admin", "bureau_staff", "department_member", "district_officer")


def _writer(request: AuthedRequest) -> bool:
    """Whether the user writes some leading group's members or meetings (the responsibility
    table's ``group-members`` and ``meetings`` rows; the service checks the group)."""
    return user_writer_kind(request.user, "meetings") in {"bureau", "district"}


def _errors(form: Any) -> str:
    return "; ".join(
        f"{form.fields[k].label if k in form.fields else ''}: {v[0]}"
        for k, v in form.errors.items()
    )


@roles_required(*STAFF)
def groups(request: AuthedRequest) -> HttpResponse:
    """Each county's and district's leading group, and a form to add a member."""
    f = read_query(request, GroupFilter)
    form = DistrictMemberForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not _writer(request):
            raise Http404
        if form.is_valid():
            try:
                services.add_group_member(request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(
                    exc.details.get("field") if exc.details.get("field") in form.fields else None,
                    exc.message(),
                )
            else:
                messages.success(request, bi("成员已登记。", "The member is recorded."))
                return redirect("programme:groups")
    members = selectors.visible_group_members(request.user, district=f.district).filter(
        district__isnull=False
    )
    by_district: dict[Any, list[Any]] = {}
    for member in members:
        by_district.setdefault(member.district, []).append(member)
    visible = Scope.for_user(request.user)
    districts = District.objects.all()
    if visible.kind == "district":
        districts = districts.filter(pk=visible.district_id or 0)
    return render(
        request,
        "programme/groups.html",
        {
            "groups": [
                {"district": d, "members": by_district.get(d, [])}
                for d in districts
                if not f.district or d.code == f.district
            ],
            "districts": District.objects.all() if visible.sees_all else districts,
            "district": f.district,
            "form": form if _writer(request) else None,
        },
    )


@roles_required(*STAFF)
def meeting_list(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, MeetingPage)
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not _writer(request):
            raise Http404
        if form.is_valid():
            try:
                meeting = meetings.record_meeting(request.user, **form.cleaned_data)
            except DomainError as exc:
                field = exc.details.get("field")
                form.add_error(field if field in form.fields else None, exc.message())
            else:
                messages.success(request, bi("会议已登记。", "The meeting is recorded."))
                return redirect("programme:meeting_detail", meeting.pk)
    qs = selectors.visible_meetings(request.user, district=f.district, year=f.year, q=f.q)
    page = Paginator(qs, 25).get_page(f.page)
    scope = Scope.for_user(request.user)
    return render(
        request,
        "programme/meetings.html",
        {
            "page_obj": page,
            "form": form if _writer(request) else None,
            "districts": District.objects.all()
            if scope.sees_all
            else District.objects.filter(pk=scope.district_id or 0),
            "f": f,
        },
    )


@roles_required(*STAFF)
def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        meeting = selectors.get_meeting(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    can_write = (
        may_write(request.user, "meetings", district_id=meeting.district_id, enterprise_id=None)
        is not None
    )
    form = DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST":
        if not can_write:
            raise Http404
        if form.is_valid():
            try:
                meetings.add_decision(
                    request.user, meeting, text=form.cleaned_data["text"], tasks=form.tasks()
                )
            except DomainError as exc:
                form.add_error(None, exc.message())
            else:
                messages.success(request, bi("议定事项已登记。", "The decision is recorded."))
                return redirect("programme:meeting_detail", pk)
    zh, en = meeting.group_name
    return render(
        request,
        "programme/meeting_detail.html",
        {
            "meeting": meeting,
            "group_name": bi(zh, en),
            "decisions": meeting.decisions.all(),
            "form": form if can_write else None,
        },
    )
