"""Pages of 标准查新 and watch lists: thin views over selectors and services."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from biaozhun.accounts.jobs import runs_in_background, submit_import_job
from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.catalogue.models import Standard
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import PageFilter, read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.core.validity import OUTCOME_LABELS, OUTCOMES

from . import selectors, services
from .filters import SearchPage, WatchAlertPage
from .forms import CheckForm, WatchForm
from .models import ValidityCheck
from .reading import lines_from_text, lines_from_upload
from .reports import FILLS, ReportMeta, pdf_report, xlsx_report


def _not_found(exc: DomainError) -> Http404:
    return Http404(exc.message())


def _get_check(request: AuthedRequest, pk: int) -> ValidityCheck:
    try:
        return selectors.get_check(request.user, pk)
    except DomainError as exc:
        raise _not_found(exc) from exc


def _can_edit_watch(user: User, enterprise_id: int | None, district_id: int | None) -> bool:
    if enterprise_id is None:
        return False
    scope = Scope.for_user(user)
    if scope.kind == "enterprise":
        return scope.enterprise_id == enterprise_id
    if scope.kind == "district":
        return scope.district_id == district_id
    return bool(getattr(user, "is_bureau", False))


@login_required
def check_page(request: AuthedRequest) -> HttpResponse:
    """Upload or paste a list; the report opens when the check is done."""
    form = CheckForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload is not None and runs_in_background(upload.size or 0):
                job = submit_import_job(
                    request.user, "validity.check", upload, upload.name or "upload.txt"
                )
                url = reverse("import_job", args=[job.pk])
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
            if upload is not None:
                lines = lines_from_upload(upload.read(), upload.name or "upload.txt")
                name, kind = upload.name or "upload", "file"
            else:
                lines = lines_from_text(form.cleaned_data["text"])
                name, kind = bi("粘贴文本", "pasted text"), "text"
            check = services.run_check(request.user, lines, source_name=name, source_kind=kind)
        except DomainError as exc:
            form.add_error("file" if upload is not None else "text", exc.message())
        else:
            url = reverse("validity:report", args=[check.pk])
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return redirect(url)
    context = {
        "form": form,
        "checks": selectors.check_list(request.user)[:20],
    }
    template = "validity/check.html#upload" if request.htmx else "validity/check.html"
    return render(request, template, context)


@login_required
def list_template(request: AuthedRequest) -> HttpResponse:
    """An Excel template for the list to check (the 标准号 column is the one read)."""
    from openpyxl import Workbook  # loaded on first use: no other page needs it
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "标准清单 List"
    sheet.append(["标准号", "标准名称 title", "备注 note"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(["GB/T 19001-2016", "质量管理体系 要求", "示例 example"])
    sheet.append(["ISO 9001:2015", "Quality management systems", "示例 example"])
    sheet.append(["GB/T 1.1", "不注日期引用 undated reference", "示例 example"])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 36
    sheet.column_dimensions["C"].width = 20
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="validity-list-template.xlsx"'
    return response


@login_required
def check_report(request: AuthedRequest, pk: int) -> HttpResponse:
    check = _get_check(request, pk)
    f = read_query(request, SearchPage)
    outcome = f.outcome if f.outcome in OUTCOMES else ""
    query = f.q.lower()
    rows = [
        row
        for row in check.results
        if (not outcome or row["outcome"] == outcome)
        and (
            not query
            or query in row["input"].lower()
            or query in (row.get("designation") or "").lower()
        )
    ]
    page = Paginator(rows, 100).get_page(f.page)
    counts = [
        {
            "key": key,
            "zh": OUTCOME_LABELS[key][0],
            "en": OUTCOME_LABELS[key][1],
            "count": check.counts.get(key, 0),
            "fill": FILLS[key],
        }
        for key in OUTCOMES
    ]
    can_watch = _can_edit_watch(request.user, check.enterprise_id, check.district_id)
    # The donut: a legend with each outcome's count, labels on the slices and the total in
    # the middle (the page is read at a glance, without hovering).
    chart = {
        "total": check.line_count,
        "total_label": bi("行", "lines"),
        "items": [
            {
                "name": f"{bi(c['zh'], c['en'])} {c['count']}",
                "value": c["count"],
                "color": f"#{c['fill']}",
            }
            for c in counts
            if c["count"]
        ],
    }
    context = {
        "chart": chart,
        "check": check,
        "page_obj": page,
        "counts": counts,
        "outcome": outcome,
        "fills": FILLS,
        "can_watch": can_watch,
        "watchable": sum(check.counts.get(k, 0) for k in services.WATCH_OUTCOMES),
    }
    template = "validity/report.html#results" if request.htmx else "validity/report.html"
    return render(request, template, context)


def _meta(check: ValidityCheck) -> ReportMeta:
    return ReportMeta(
        source_name=check.source_name,
        catalogue_date=check.catalogue_date,
        created_at=check.created_at,
        counts=check.counts,
        check_id=check.pk,
    )


@login_required
def report_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    check = _get_check(request, pk)
    response = HttpResponse(
        xlsx_report(check.results, _meta(check)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="validity-check-{check.pk}.xlsx"'
    return response


@login_required
def report_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    check = _get_check(request, pk)
    response = HttpResponse(pdf_report(check.results, _meta(check)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="validity-check-{check.pk}.pdf"'
    return response


@login_required
@require_POST
def watch_from_check(request: AuthedRequest, pk: int) -> HttpResponse:
    check = _get_check(request, pk)
    try:
        added, skipped = services.watch_from_check(request.user, check)
    except DomainError as exc:
        messages.error(request, exc.message())
        return redirect("validity:report", pk)
    messages.success(
        request,
        bi(
            f"已加入关注列表 {added} 项,{skipped} 项已在列表中。",
            f"{added} standards added to the watch list, {skipped} were already on it.",
        ),
    )
    assert check.enterprise_id is not None
    return redirect("validity:watchlist_detail", check.enterprise_id)


# --- watch lists ----------------------------------------------------------------------------


@login_required
def watchlist(request: AuthedRequest) -> HttpResponse:
    """An enterprise user goes to its own list; staff see the enterprises in their scope."""
    scope = Scope.for_user(request.user)
    if scope.kind == "enterprise":
        return redirect("validity:watchlist_detail", scope.enterprise_id)
    if scope.kind == "none":
        raise Http404(bi("没有可查看的关注列表。", "There is no watch list for you to see."))
    enterprises = selectors.watch_enterprises(request.user).filter(
        watched_count__gt=0  # type: ignore[misc]
    )
    f = read_query(request, SearchPage)
    if f.q:
        enterprises = enterprises.filter(name_zh__icontains=f.q)
    page = Paginator(enterprises.order_by("name_zh"), 25).get_page(f.page)
    return render(request, "validity/watch_index.html", {"page_obj": page})


@login_required
def watchlist_detail(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    try:
        enterprise = selectors.get_watch_enterprise(request.user, enterprise_id)
    except DomainError as exc:
        raise _not_found(exc) from exc
    items = selectors.watched_standards(request.user, enterprise.pk)
    page = Paginator(items, 50).get_page(read_query(request, PageFilter).page)
    alerts = selectors.visible_alerts(request.user).filter(enterprise=enterprise)[:10]
    return render(
        request,
        "validity/watchlist.html",
        {
            "enterprise": enterprise,
            "page_obj": page,
            "form": WatchForm(),
            "alerts": alerts,
            "can_edit": _can_edit_watch(request.user, enterprise.pk, enterprise.district_id),
        },
    )


@login_required
@require_POST
def watch_add(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    try:
        enterprise = selectors.get_watch_enterprise(request.user, enterprise_id)
    except DomainError as exc:
        raise _not_found(exc) from exc
    form = WatchForm(request.POST)
    if form.is_valid():
        try:
            item = services.add_watched(
                request.user,
                enterprise,
                form.cleaned_data["designation"],
                form.cleaned_data["note"],
            )
        except DomainError as exc:
            messages.error(request, exc.message())
        else:
            messages.success(
                request, bi(f"已关注 {item.designation}。", f"{item.designation} is now watched.")
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("validity:watchlist_detail", enterprise.pk)


@login_required
@require_POST
def watchlist_check(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    """查新 of the whole watch list in one click (the report opens)."""
    try:
        enterprise = selectors.get_watch_enterprise(request.user, enterprise_id)
    except DomainError as exc:
        raise _not_found(exc) from exc
    designations = list(
        selectors.watched_standards(request.user, enterprise.pk).values_list(
            "designation", flat=True
        )
    )
    if not designations:
        messages.error(request, bi("关注列表为空。", "The watch list is empty."))
        return redirect("validity:watchlist_detail", enterprise.pk)
    check = services.run_check(
        request.user,
        list(enumerate(designations, 1)),
        source_name=bi(f"关注列表:{enterprise.name_zh}", f"Watch list: {enterprise.name_zh}"),
        source_kind="text",
    )
    return redirect("validity:report", check.pk)


@login_required
@require_POST
def watch_standard(request: AuthedRequest, standard_id: int) -> HttpResponse:
    """ "Watch this standard" from the standard's page (enterprise users, their own list)."""
    standard = Standard.objects.filter(pk=standard_id).first()
    scope = Scope.for_user(request.user)
    if standard is None or scope.kind != "enterprise" or scope.enterprise_id is None:
        raise Http404(bi("标准不存在或无法关注。", "No such standard to watch."))
    try:
        enterprise = selectors.get_watch_enterprise(request.user, scope.enterprise_id)
        item = services.add_watched(request.user, enterprise, standard.canonical)
    except DomainError as exc:
        messages.error(request, exc.message())
    else:
        messages.success(
            request, bi(f"已关注 {item.designation}。", f"{item.designation} is now watched.")
        )
    return redirect("catalogue:detail", standard.pk)


@login_required
@require_POST
def watch_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        item = selectors.get_watched(request.user, pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    enterprise_id = item.enterprise_id
    try:
        services.remove_watched(request.user, item)
    except DomainError as exc:
        messages.error(request, exc.message())
    else:
        messages.success(
            request, bi(f"已取消关注 {item.designation}。", f"{item.designation} removed.")
        )
    return redirect("validity:watchlist_detail", enterprise_id)


# --- alerts ---------------------------------------------------------------------------------


@login_required
def alerts(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, WatchAlertPage)
    qs = selectors.visible_alerts(request.user, unread=f.unread).select_related(
        "enterprise__district"
    )
    page = Paginator(qs, 50).get_page(f.page)
    context = {
        "page_obj": page,
        "unread": "" if f.unread is None else str(int(f.unread)),
        "is_enterprise": Scope.for_user(request.user).kind == "enterprise",
    }
    template = "validity/alerts.html#rows" if request.htmx else "validity/alerts.html"
    return render(request, template, context)


@login_required
@require_POST
def alert_read(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        alert = selectors.get_alert(request.user, pk)
        services.mark_alert_read(request.user, alert)
    except DomainError as exc:
        if exc.status == 404:
            raise _not_found(exc) from exc
        messages.error(request, exc.message())
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("validity:alerts")
    return redirect(target)


@login_required
@require_POST
def alerts_read_all(request: AuthedRequest) -> HttpResponse:
    try:
        count = services.mark_all_alerts_read(request.user)
    except DomainError as exc:
        messages.error(request, exc.message())
    else:
        messages.success(request, bi(f"{count} 条提醒已标为已读。", f"{count} alerts marked read."))
    return redirect("validity:alerts")
