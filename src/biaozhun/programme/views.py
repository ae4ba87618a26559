"""Pages of the programme app. The registry pages are generic: one set of views and templates
serves every registry described in ``registries.py``.

(Just over 600 lines: the dashboard, targets, generic registries, tasks and news are thin
views over ``selectors``/``services``; they share the filters and the district scope read at
the top of each view.)"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import bureau_required, roles_required
from biaozhun.accounts.jobs import runs_in_background, submit_import_job
from biaozhun.accounts.models import District
from biaozhun.accounts.responsibility import may_write, require_writer, user_writer_kind
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import BadQuery, read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.common.pages import import_page
from biaozhun.core.lifecycle import COMMITTEE_FLOW, SITE_FLOW

from . import jobs, lifecycle, reports, selectors, services
from .filters import (
    ExportQuery,
    ProgrammeQuery,
    RecordPage,
    TargetRecordsPage,
    TaskPage,
    registry_page,
)
from .forms import (
    AdvanceForm,
    EventForm,
    GroupMemberForm,
    InspectionForm,
    NewsForm,
    ProgressForm,
    TaskForm,
    registry_form,
)
from .importers import INSPECTION_COLUMNS, import_inspections, import_registry, template_headers
from .metrics import METRICS
from .models import (
    DemonstrationSite,
    DraftedStandard,
    Target,
    TechnicalCommittee,
    TrainingSession,
    catalogue_record,
)
from .progress import counting_records
from .registries import REGISTRIES, Registry, choice_text, display, get_registry
from .signups import seats_taken

STAFF = ("bureau_admin", "bureau_staff", "department_member", "district_officer")
#: who may open a registry's pages; what each may see and write is decided by the selectors
#: (an enterprise sees its own records of the registries it reports to) and by the one
#: responsibility rule of the services (``accounts.responsibility``)
REGISTRY_USERS = (*STAFF, "enterprise_user")


def _registry(slug: str) -> Registry:
    try:
        return get_registry(slug)
    except DomainError as exc:
        raise Http404(exc.message()) from exc


def _as_of(request: AuthedRequest) -> date:
    return read_query(request, ProgrammeQuery).as_of or timezone.localdate()


# --- registries --------------------------------------------------------------------------------


@roles_required(*REGISTRY_USERS)
def registry_index(request: AuthedRequest) -> HttpResponse:
    """Every registry for the staff; for an enterprise user the registries it reports to,
    with its own records (its reports and what the bureau confirmed)."""
    rows = [
        {"registry": r, "count": selectors.visible_records(request.user, r).count()}
        for r in REGISTRIES.values()
        if selectors.can_read_registries(request.user, r)
    ]
    if not rows:
        raise PermissionDenied
    staff = request.user.role in STAFF or request.user.is_superuser
    focus = (
        [
            {**row, "label": choice_text(row["label"])}
            for row in selectors.focus_product_summary(request.user)
        ]
        if staff
        else []
    )
    return render(
        request, "programme/registry_index.html", {"rows": rows, "staff": staff, "focus": focus}
    )


@roles_required(*REGISTRY_USERS)
def registry_list(request: AuthedRequest, slug: str) -> HttpResponse:
    registry = _registry(slug)
    f = read_query(request, registry_page(registry))
    try:
        records = _filtered(request, registry, f)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        raise
    page = Paginator(records, 25).get_page(f.page)
    rows = [
        {"record": record, "cells": [display(record, name) for name in registry.columns]}
        for record in page
    ]
    filters = [
        {
            "name": name,
            "label": registry.field_label(name),
            "value": getattr(f, name),
            "choices": [
                (value, choice_text(str(label)))
                for value, label in getattr(registry.model._meta.get_field(name), "choices", None)
                or []
                if value
            ],
        }
        for name in registry.filters
    ]
    context = {
        "registry": registry,
        "page_obj": page,
        "rows": rows,
        "headers": [registry.field_label(name) for name in registry.columns],
        "filters": filters,
        "districts": District.objects.all(),
        "can_edit": user_writer_kind(request.user, registry.slug) is not None,
    }
    template = (
        "programme/registry_list.html#results" if request.htmx else "programme/registry_list.html"
    )
    return render(request, template, context)


def _filtered(request: AuthedRequest, registry: Registry, f: RecordPage | None = None) -> Any:
    f = f or read_query(request, registry_page(registry))
    return selectors.search_records(
        request.user,
        registry,
        q=f.q,
        district=f.district,
        year=f.year,
        **{name: getattr(f, name) for name in registry.filters},
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@roles_required(*STAFF)
def registry_export(request: AuthedRequest, slug: str) -> HttpResponse:
    """The filtered list as Excel, in the import template's columns."""
    registry = _registry(slug)
    template_only = bool(read_query(request, ExportQuery).template)
    records = [] if template_only else _filtered(request, registry)[:10000]
    response = HttpResponse(
        reports.registry_xlsx(registry, records, template_only=template_only), content_type=XLSX
    )
    name = f"{slug}-template" if template_only else slug
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@roles_required(*REGISTRY_USERS)
def registry_detail(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    registry = _registry(slug)
    try:
        record = selectors.get_record(request.user, registry, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    fields = [
        {"label": registry.field_label(name), "value": display(record, name), "name": name}
        for name in registry.fields
    ]
    if "level" not in registry.fields and hasattr(record, "get_level_display"):
        fields.append(
            {
                "label": registry.field_label("level"),
                "value": display(record, "level"),
                "name": "level",
            }
        )
    context: dict[str, Any] = {
        "registry": registry,
        "record": record,
        "fields": fields,
        "can_edit": services.may_change(request.user, registry, record),
        "can_inspect": may_write(
            request.user, "inspections", district_id=record.district_id, enterprise_id=None
        )
        is not None,
        "can_confirm": record.confirmation == "reported"
        and may_write(request.user, registry.slug, district_id=record.district_id)
        in {"bureau", "district"},
    }
    if isinstance(record, DemonstrationSite):
        context["inspections"] = record.inspections.all()
        context["inspection_form"] = InspectionForm()
        context["can_inspect"] = context["can_inspect"] and record.status in (
            "building",
            "accepted",
        )
    if isinstance(record, DemonstrationSite | TechnicalCommittee):
        context["lifecycle"] = _lifecycle(
            record, services.may_advance(request.user, registry.slug, record.district_id)
        )
    if isinstance(record, DraftedStandard):
        context["path_upward"] = record.path_upward()
    if isinstance(record, TrainingSession):
        context["signup_count"] = seats_taken(record)
    if slug == "talent":
        context["trainings"] = record.trainings.all()  # type: ignore[attr-defined]
    if "designation" in registry.fields:
        context["has_designation"] = True
        context["catalogue_standard"] = catalogue_record(record.designation)  # type: ignore[attr-defined]
    return render(request, "programme/registry_detail.html", context)


def _lifecycle(record: Any, can_edit: bool) -> dict[str, Any]:
    """The record's state, the dates of the states it went through, and the form for the
    next move (when the user manages the record and the state is not final)."""
    is_site = isinstance(record, DemonstrationSite)
    flow = SITE_FLOW if is_site else COMMITTEE_FLOW
    dates = lifecycle.SITE_DATES if is_site else lifecycle.COMMITTEE_DATES
    states = (
        lifecycle.next_site_states(record) if is_site else lifecycle.next_committee_states(record)
    )
    zh, en = flow.label(record.status)
    return {
        "status": bi(zh, en),
        "state": record.status,
        "steps": [
            {"label": bi(*flow.label(state)), "on": getattr(record, field)}
            for state, field in dates.items()
            if getattr(record, field) is not None
        ],
        "note": record.status_note,
        "form": AdvanceForm(states=states) if can_edit and states else None,
    }


@roles_required(*STAFF)
@require_POST
def record_advance(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """A demonstration site's or a committee's next state (refusals shown on the record)."""
    registry = _registry(slug)
    try:
        record = selectors.get_record(request.user, registry, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    if isinstance(record, DemonstrationSite):
        states = lifecycle.next_site_states(record)
    elif isinstance(record, TechnicalCommittee):
        states = lifecycle.next_committee_states(record)
    else:
        raise Http404
    form = AdvanceForm(request.POST, states=states)
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        try:
            lifecycle.advance(request.user, record, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message())
        else:
            messages.success(request, bi("状态已变更。", "The status is changed."))
    return redirect("programme:registry_detail", slug, pk)


def _save_form(request: AuthedRequest, registry: Registry, pk: int | None) -> HttpResponse:
    record = None
    if pk is not None:
        try:
            record = selectors.get_record(request.user, registry, pk)
        except DomainError as exc:
            raise Http404(exc.message()) from exc
        if not services.may_change(request.user, registry, record):
            raise Http404
    form = registry_form(registry, request.user, request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in registry.fields}
        for name in registry.m2m_fields:
            values[name] = list(values[name])
        fresh = None if pk is None else selectors.get_record(request.user, registry, pk)
        try:
            saved = services.save_record(request.user, registry, fresh, values)
        except DomainError as exc:
            field = exc.details.get("field")
            form.add_error(field if field in form.fields else None, exc.message())
        else:
            messages.success(request, bi("已保存。", "Saved."))
            return redirect("programme:registry_detail", registry.slug, saved.pk)
    return render(
        request,
        "programme/registry_form.html",
        {"registry": registry, "form": form, "record": record},
    )


@roles_required(*REGISTRY_USERS)
def registry_create(request: AuthedRequest, slug: str) -> HttpResponse:
    registry = _registry(slug)
    require_writer(request.user, registry.slug)
    return _save_form(request, registry, None)


@roles_required(*REGISTRY_USERS)
def registry_edit(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    return _save_form(request, _registry(slug), pk)


@roles_required(*STAFF)
def registry_import(request: AuthedRequest, slug: str) -> HttpResponse:
    registry = _registry(slug)
    inspections = slug == "sites" and request.POST.get("what") == "inspections"

    def run(upload: Any, data: dict[str, Any]) -> Any:
        if runs_in_background(upload.size or 0):
            job = submit_import_job(
                request.user,
                jobs.KIND,
                upload,
                upload.name,
                jobs.options(registry.slug, inspections=inspections),
            )
            return redirect("import_job", job.pk)
        if inspections:
            return import_inspections(request.user, upload, upload.name)
        return import_registry(request.user, registry, upload, upload.name)

    return import_page(
        request,
        "programme/registry_import.html",
        run,
        headers=template_headers(registry),
        context={
            "registry": registry,
            "inspection_headers": [c.aliases[0] for c in INSPECTION_COLUMNS],
        },
    )


@roles_required(*REGISTRY_USERS)
@require_POST
def registry_delete(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    registry = _registry(slug)
    try:
        record = selectors.get_record(request.user, registry, pk)
        services.delete_record(request.user, registry, record)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message()) from exc
        messages.error(request, exc.message())
        return redirect("programme:registry_detail", slug, pk)
    except ProtectedError:
        messages.error(
            request,
            bi("该记录仍被其他记录引用,不能删除。", "Other records still refer to this one."),
        )
        return redirect("programme:registry_detail", slug, pk)
    messages.success(request, bi("记录已删除。", "The record is deleted."))
    return redirect("programme:registry_list", slug)


@roles_required(*REGISTRY_USERS)
@require_POST
def registry_confirm(request: AuthedRequest, slug: str, pk: int) -> HttpResponse:
    """The bureau confirms an enterprise's report: it counts for the targets from now on."""
    registry = _registry(slug)
    try:
        record = selectors.get_record(request.user, registry, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    services.confirm_record(request.user, registry, record)
    messages.success(request, bi("已确认,计入目标。", "Confirmed: it now counts for the targets."))
    return redirect("programme:registry_detail", slug, pk)


@roles_required(*STAFF)
@require_POST
def inspection_add(request: AuthedRequest, pk: int) -> HttpResponse:
    registry = REGISTRIES["sites"]
    try:
        site = selectors.get_record(request.user, registry, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    form = InspectionForm(request.POST)
    if form.is_valid():
        try:
            services.add_inspection(request.user, site, **form.cleaned_data)  # type: ignore[arg-type]
            messages.success(request, bi("检查记录已保存。", "The inspection is recorded."))
        except DomainError as exc:
            if exc.status == 403:
                raise  # the responsibility rule: the refusal page, 403
            messages.error(request, exc.message())
    else:
        messages.error(
            request, "; ".join(f"{form.fields[k].label}: {v[0]}" for k, v in form.errors.items())
        )
    return redirect("programme:registry_detail", "sites", pk)


@roles_required(*STAFF)
def target_records(request: AuthedRequest, pk: int) -> HttpResponse:
    target = Target.objects.select_related("programme").filter(pk=pk).first()
    if target is None:
        raise Http404
    f = read_query(request, TargetRecordsPage)
    district = District.objects.filter(code=f.district).first() if f.district else None
    records = counting_records(
        target,
        user=request.user,
        as_of=f.as_of or timezone.localdate(),
        year=f.year,
        district_id=district.pk if district else None,
    )
    metric = METRICS[target.metric]
    apart = None
    if metric.excluded is not None:
        apart = {
            "count": counting_records(
                target,
                user=request.user,
                as_of=f.as_of or timezone.localdate(),
                year=f.year,
                district_id=district.pk if district else None,
                excluded=True,
            ).count(),
            "zh": metric.excluded_zh,
            "en": metric.excluded_en,
        }
    registry = REGISTRIES.get(metric.registry or "")
    page = Paginator(records, 50).get_page(f.page)
    if registry is not None:
        headers = [registry.field_label(name) for name in registry.columns]
        rows = [
            {
                "url": reverse("programme:registry_detail", args=[registry.slug, r.pk]),
                "cells": [display(r, name) for name in registry.columns],
            }
            for r in page
        ]
    else:
        headers = [bi("企业", "Enterprise"), bi("年度", "Year"), bi("标准化生产", "Standardised")]
        rows = [
            {
                "url": reverse("enterprises:detail", args=[r.enterprise_id]),
                "cells": [r.enterprise, r.year, "✓" if r.standardised_production else "✗"],
            }
            for r in page
        ]
    return render(
        request,
        "programme/target_records.html",
        {
            "target": target,
            "page_obj": page,
            "headers": headers,
            "rows": rows,
            "year": str(f.year) if f.year is not None else "",
            "district": district,
            "years": target.programme.years,
            "districts": District.objects.filter(region=target.programme.region),
            "apart": apart,
        },
    )


@roles_required(*STAFF)
def report_xlsx(request: AuthedRequest) -> HttpResponse:
    programme = _programme_or_404(request)
    data = reports.programme_xlsx(programme, as_of=_as_of(request), user=request.user)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}.xlsx"'
    return response


@roles_required(*STAFF)
def report_pdf(request: AuthedRequest) -> HttpResponse:
    programme = _programme_or_404(request)
    data = reports.programme_pdf(programme, as_of=_as_of(request), user=request.user)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}.pdf"'
    return response


def _programme_or_404(request: AuthedRequest) -> Any:
    try:
        return selectors.current_programme(read_query(request, ProgrammeQuery).programme)
    except BadQuery:
        raise
    except DomainError as exc:
        raise Http404(exc.message()) from exc


# --- leadership group and supervision ---------------------------------------------------------


@roles_required(*STAFF)
def task_list(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, TaskPage)
    tasks = selectors.visible_tasks(request.user)
    if f.late:
        tasks = selectors.late_tasks(request.user)
    elif f.status:
        tasks = tasks.filter(status=f.status)
    page = Paginator(tasks, 25).get_page(f.page)
    return render(
        request,
        "programme/tasks.html",
        {
            "page_obj": page,
            "today": timezone.localdate(),
            "members": selectors.group_members().filter(district__isnull=True),
            "form": TaskForm() if request.user.is_bureau else None,
            "member_form": GroupMemberForm() if request.user.is_bureau else None,
            "late_count": selectors.late_tasks(request.user).count(),
        },
    )


@bureau_required
@require_POST
def task_create(request: AuthedRequest) -> HttpResponse:
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            task = services.create_task(request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message())
        else:
            messages.success(request, bi("任务已交办。", "The task is assigned."))
            return redirect("programme:task_detail", task.pk)
    else:
        messages.error(
            request,
            "; ".join(
                f"{form.fields[k].label if k in form.fields else ''}: {v[0]}"
                for k, v in form.errors.items()
            ),
        )
    return redirect("programme:tasks")


@bureau_required
@require_POST
def member_add(request: AuthedRequest) -> HttpResponse:
    form = GroupMemberForm(request.POST)
    if form.is_valid():
        try:
            services.add_group_member(request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message())
        else:
            messages.success(request, bi("成员已登记。", "The member is recorded."))
    else:
        messages.error(request, _errors(form))
    return redirect("programme:tasks")


def _errors(form: Any) -> str:
    return "; ".join(
        f"{form.fields[k].label if k in form.fields else ''}: {v[0]}"
        for k, v in form.errors.items()
    )


@roles_required(*STAFF)
def task_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        task = selectors.get_task(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    edit_form = TaskForm(instance=task, prefix="task") if request.user.is_bureau else None
    if request.method == "POST" and "task-title" in request.POST and edit_form is not None:
        edit_form = TaskForm(
            request.POST, instance=selectors.get_task(request.user, pk), prefix="task"
        )
        if edit_form.is_valid():
            try:
                services.update_task(
                    request.user,
                    selectors.get_task(request.user, pk),
                    **{name: edit_form.cleaned_data[name] for name in edit_form.Meta.fields},
                )
            except DomainError as exc:
                messages.error(request, exc.message())
            else:
                messages.success(request, bi("任务已修改。", "The task is changed."))
                return redirect("programme:task_detail", pk)
    # bound only to a progress report that was sent: a GET shows an empty form, not
    # "这个字段是必填项。" before anything is typed (issue 16 §3)
    reporting = request.method == "POST" and "task-title" not in request.POST
    form = ProgressForm(request.POST if reporting else None, request.FILES if reporting else None)
    if request.method == "POST" and "task-title" not in request.POST and form.is_valid():
        try:
            services.add_progress(request.user, task, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.details.get("field"), exc.message())
        else:
            messages.success(request, bi("进展已报送。", "Progress reported."))
            return redirect("programme:task_detail", pk)
    return render(
        request,
        "programme/task_detail.html",
        {
            "task": task,
            "form": form,
            "edit_form": edit_form,
            "late": task.is_late(),
            "today": timezone.localdate(),
        },
    )


@roles_required(*STAFF)
def progress_attachment(request: AuthedRequest, pk: int, update_id: int) -> HttpResponse:
    """A progress update's attachment, only for those who may see the task."""
    try:
        task = selectors.get_task(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    update = task.updates.filter(pk=update_id).first()
    if update is None or not update.attachment:
        raise Http404
    name = (update.attachment.name or "attachment").rsplit("/", 1)[-1]
    response = FileResponse(update.attachment.open("rb"), as_attachment=True, filename=name)
    return cast(HttpResponse, response)  # the role decorators are typed for HttpResponse


@roles_required(*STAFF)
def publicity(request: AuthedRequest) -> HttpResponse:
    posted = request.method == "POST"
    is_event = posted and "event-title" in request.POST
    event_form = EventForm(request.POST if is_event else None, prefix="event")
    news_form = NewsForm(request.POST if posted and not is_event else None, prefix="news")
    if posted:
        form: Any = event_form if is_event else news_form
        if form.is_valid():
            try:
                if form is event_form:
                    services.create_event(request.user, **form.cleaned_data)
                else:
                    services.publish_news(request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.details.get("field"), exc.message())
            else:
                messages.success(request, bi("已发布。", "Published."))
                return redirect("programme:publicity")
    return render(
        request,
        "programme/publicity.html",
        {
            "events": selectors.visible_events(request.user)[:50],
            "news": selectors.visible_news(request.user)[:50],
            "event_form": event_form,
            "news_form": news_form,
            "can_publish": request.user.is_bureau or request.user.role == "district_officer",
        },
    )
