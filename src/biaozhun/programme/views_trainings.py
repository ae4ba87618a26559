"""Trainings reach people: the upcoming trainings and the enterprise's sign-ups (sign up,
cancel), and the roster of a training for the staff."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import roles_required
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi

from . import selectors, signups
from .filters import SignupPage
from .forms import SignupForm

STAFF = ("bureau_admin", "bureau_staff", "department_member", "district_officer")
EVERYONE = (*STAFF, "enterprise_user")


@roles_required(*EVERYONE)
def trainings(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, SignupPage)
    today = date.today()
    upcoming = list(selectors.upcoming_trainings(request.user, today)[:100])
    is_enterprise = request.user.role == "enterprise_user" and bool(request.user.enterprise_id)
    mine = selectors.visible_signups(request.user)
    if f.status:
        mine = mine.filter(status=f.status)
    active = {
        s.session_id: s
        for s in selectors.visible_signups(request.user).filter(
            status="active", session__in=upcoming
        )
    }
    rows = [
        {
            "session": session,
            "taken": signups.seats_taken(session),
            "open": signups.open_for_signup(session, today),
            "signup": active.get(session.pk) if is_enterprise else None,
        }
        for session in upcoming
    ]
    page = Paginator(mine.order_by("-created_at"), 25).get_page(f.page)
    return render(
        request,
        "programme/trainings.html",
        {
            "rows": rows,
            "page_obj": page,
            "is_enterprise": is_enterprise,
            "form": SignupForm() if is_enterprise else None,
            "status": f.status,
            "today": today,
        },
    )


@roles_required("enterprise_user")
@require_POST
def signup(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        session = selectors.get_upcoming_training(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    form = SignupForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "; ".join(f"{form.fields[k].label}: {v[0]}" for k, v in form.errors.items()),
        )
        return redirect("programme:trainings")
    try:
        signups.sign_up(request.user, session, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message())
    else:
        messages.success(request, bi("报名成功。", "Signed up."))
    return redirect("programme:trainings")


@roles_required(*EVERYONE)
@require_POST
def cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        signup = selectors.get_signup(request.user, pk)
        signups.cancel_signup(request.user, signup)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message()) from exc
        messages.error(request, exc.message())
    else:
        messages.success(request, bi("报名已取消。", "The sign-up is cancelled."))
    if request.user.role == "enterprise_user":
        return redirect("programme:trainings")
    return redirect("programme:training_roster", signup.session_id)


@roles_required(*STAFF)
def roster(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        session, rows = selectors.roster(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    rows_list = list(rows)
    return render(
        request,
        "programme/training_roster.html",
        {
            "session": session,
            "signups": rows_list,
            "people": sum(s.seats for s in rows_list),
            "taken": signups.seats_taken(session),
            "can_cancel": request.user.is_bureau and session.held_on >= date.today(),
        },
    )
