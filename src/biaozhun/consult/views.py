"""The station's own pages: its entrance (experts go to enquiries, everyone else to comments)
and the desk's settings (response target, reminder days). The subjects' pages live in
``comments``, ``reminders``, ``enquiries``, ``regulations`` and ``briefings``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from biaozhun.accounts.decorators import bureau_required
from biaozhun.common.errors import DomainError
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi

from .forms import SettingsForm
from .station import consult_settings, desk_row, update_consult_settings
from .web import form_error


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    if request.user.role == "expert":
        return redirect("consult:enquiries")
    return redirect("consult:comments")


@bureau_required
def settings_page(request: AuthedRequest) -> HttpResponse:
    row = consult_settings()
    form = SettingsForm(
        request.POST or None,
        initial={
            "response_target_hours": row.response_target_hours,
            "reminder_days": ", ".join(str(d) for d in row.thresholds),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_consult_settings(
                request.user,
                response_target_hours=form.cleaned_data["response_target_hours"],
                reminder_days=form.cleaned_data["reminder_days"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, bi("设置已保存。", "Settings saved."))
            return redirect("consult:settings")
    return render(request, "consult/settings.html", {"form": form, "desk_settings": desk_row()})
