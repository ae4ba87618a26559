"""Pages of the TBT desk: notification list, detail (with classification and corrections),
desk form, import. Thin views over selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import bureau_required
from biaozhun.accounts.jobs import runs_in_background, submit_import_job
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.common.pages import import_page
from biaozhun.core.codes import EXPORT_GROUPS, INDUSTRIES, SECTORS

from . import selectors, services
from .forms import CorrectionForm, ImportForm, NotificationForm
from .importers import guess_format, import_file
from .models import Member, Notification


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    error = ""
    f = read_query(request, selectors.NotificationPage)
    try:
        qs = selectors.search_notifications(request.user, f)
        page = Paginator(qs, 25).get_page(f.page)
    except DomainError as exc:
        error = exc.message()
        page = Paginator(Notification.objects.none(), 25).get_page(1)
    context = {
        "page_obj": page,
        "error": error,
        "members": Member.objects.filter(
            code__in=Notification.objects.values("member_code")
        ).order_by("code"),
        "industries": INDUSTRIES,
        "export_groups": EXPORT_GROUPS,
        "kinds": Notification.Kind.choices,
        "sectors": SECTORS,
    }
    template = "tbt/list.html#results" if request.htmx else "tbt/list.html"
    return render(request, template, context)


def _labelled(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        sector = SECTORS.get(str(item.get("code")))
        out.append(
            {
                **item,
                "name_zh": sector.name_zh if sector else "",
                "name_en": sector.name_en if sector else "",
                "percent": round(float(item.get("confidence", 0)) * 100),
            }
        )
    return out


@login_required
def notification_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        n = selectors.get_notification(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    classification = [
        ("hs_headings", bi("HS 品目", "HS headings"), _labelled(n.hs_headings)),
        ("ics_predicted", bi("ICS 分类", "ICS codes"), _labelled(n.ics_predicted)),
        ("industries", bi("行业", "Industries"), _labelled(n.industries)),
        ("export_groups", bi("出口产品组", "Export groups"), _labelled(n.export_groups)),
    ]
    return render(
        request,
        "tbt/detail.html",
        {
            "n": n,
            "classification": classification,
            "documents": selectors.related_documents(n),
            "corrections": n.corrections.select_related("created_by"),
            "correction_form": CorrectionForm(),
            "can_manage": request.user.is_bureau,
            "today": timezone.localdate(),
        },
    )


@bureau_required
@require_POST
def notification_correct(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        n = selectors.get_notification(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    if request.POST.get("reset"):
        try:
            services.reset_classification(request.user, n, request.POST.get("field", ""))
            messages.success(
                request, bi("已恢复自动分类。", "The automatic classification applies again.")
            )
        except DomainError as exc:
            messages.error(request, exc.message())
        return redirect("tbt:detail", pk)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.correct_classification(
                request.user,
                n,
                form.cleaned_data["field"],
                form.code_list(),
                form.cleaned_data["note"],
            )
            messages.success(request, bi("分类已更正并保留。", "The correction is saved and kept."))
        except DomainError as exc:
            messages.error(request, exc.message())
    else:
        messages.error(request, bi("更正内容无效。", "The correction is not valid."))
    return redirect("tbt:detail", pk)


@bureau_required
@require_POST
def notification_reclassify(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        n = selectors.get_notification(request.user, pk)
        services.reclassify(request.user, n)
        messages.success(request, bi("已重新分类。", "Classified again."))
    except DomainError as exc:
        messages.error(request, exc.message())
    return redirect("tbt:detail", pk)


def _save(request: AuthedRequest, form: NotificationForm, existing: Notification | None) -> Any:
    data = form.to_data(source=existing.source if existing else Notification.Source.DESK)
    if existing is not None:
        data.is_example = existing.is_example
        if data.symbol != existing.symbol:
            form.add_error(
                "symbol",
                bi(
                    "通报号不能修改;请新建通报。",
                    "The symbol cannot change: add a new notification.",
                ),
            )
            return None
    elif Notification.objects.filter(symbol=data.symbol).exists():
        form.add_error(
            "symbol",
            bi("该通报号已存在,请编辑原通报。", "This symbol exists already: edit it instead."),
        )
        return None
    try:
        return services.record_notification(request.user, data).notification
    except DomainError as exc:
        field = exc.details.get("field")
        form.add_error(field if field in form.fields else None, exc.message())
        return None


@bureau_required
def notification_create(request: AuthedRequest) -> HttpResponse:
    form = NotificationForm(request.POST or None, initial={"status": "notified"})
    if request.method == "POST" and form.is_valid():
        n = _save(request, form, None)
        if n is not None:
            messages.success(request, bi("通报已保存。", "The notification is saved."))
            return redirect("tbt:detail", n.pk)
    return render(request, "tbt/form.html", {"form": form, "n": None})


@bureau_required
def notification_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        n = selectors.get_notification(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    form = NotificationForm(request.POST or None, initial=NotificationForm.initial_for(n))
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, n)
        if saved is not None:
            messages.success(request, bi("通报已保存。", "The notification is saved."))
            return redirect("tbt:detail", n.pk)
    return render(request, "tbt/form.html", {"form": form, "n": n})


@bureau_required
def notification_import(request: AuthedRequest) -> HttpResponse:
    def run(upload: Any, data: dict[str, Any]) -> Any:
        fmt = data["format"] or guess_format(upload.name)
        if runs_in_background(upload.size or 0):
            job = submit_import_job(
                request.user, "tbt.import", upload, upload.name, {"format": fmt}
            )
            return redirect("import_job", job.pk)
        return import_file(request.user, fmt, upload, upload.name)

    return import_page(request, "tbt/import.html", run, form_class=ImportForm)
