"""Pages of the enterprise registry: thin views over selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import roles_required, staff_required
from biaozhun.accounts.jobs import runs_in_background, submit_import_job
from biaozhun.accounts.models import District
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.common.pages import import_page

from . import jobs, selectors, services
from .forms import EnterpriseForm, RegistrationForm
from .importers import TEMPLATE_HEADERS, import_enterprises
from .models import Enterprise, Industry

LIST_ROLES = ("bureau_admin", "bureau_staff", "department_member", "district_officer")


@roles_required(*LIST_ROLES)
def enterprise_list(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, selectors.EnterprisePage)
    enterprises = selectors.search_enterprises(
        request.user,
        q=f.q,
        district=f.district,
        industry=f.industry,
        exporter=f.exporter,
        status=f.status,
    )
    page = Paginator(enterprises, 25).get_page(f.page)
    context = {
        "page_obj": page,
        "districts": District.objects.current(),
        "industries": Industry.objects.all(),
        "statuses": Enterprise.Status.choices,
    }
    template = "enterprises/list.html#results" if request.htmx else "enterprises/list.html"
    return render(request, template, context)


@login_required
def my_enterprise(request: AuthedRequest) -> HttpResponse:
    if not request.user.enterprise_id:
        raise Http404
    return redirect("enterprises:detail", request.user.enterprise_id)


@login_required
def enterprise_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        enterprise = selectors.get_enterprise(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    can_review = enterprise.status == Enterprise.Status.PENDING and services.can_manage(
        request.user, enterprise.district
    )
    return render(
        request, "enterprises/detail.html", {"enterprise": enterprise, "can_review": can_review}
    )


@staff_required
@require_POST
def enterprise_review(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        enterprise = selectors.get_enterprise(request.user, pk)
        services.review_enterprise(
            request.user,
            enterprise,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        )
        messages.success(request, bi("审核结果已保存。", "The review is saved."))
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message()) from exc
        messages.error(request, exc.message())
    return redirect("enterprises:detail", pk)


@staff_required
def enterprise_create(request: AuthedRequest) -> HttpResponse:
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enterprise = services.create_enterprise(
                request.user,
                services.EnterpriseData(
                    name_zh=data["name_zh"],
                    name_en=data["name_en"],
                    credit_code=data["credit_code"],
                    district=data["district"],
                    address=data["address"],
                    industries=tuple(i.slug for i in data["industries"]),
                    is_exporter=data["is_exporter"],
                ),
            )
        except DomainError as exc:
            form.add_error(exc.details.get("field"), exc.message())
        else:
            messages.success(request, bi("企业已登记。", "The enterprise is registered."))
            return redirect("enterprises:detail", enterprise.pk)
    return render(request, "enterprises/form.html", {"form": form})


def register(request: AuthedRequest) -> HttpResponse:
    """Self-registration of an enterprise, reviewed by bureau or district staff."""
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_enterprise(
                services.EnterpriseData(
                    name_zh=data["name_zh"],
                    name_en=data["name_en"],
                    credit_code=data["credit_code"],
                    district=data["district"],
                    address=data["address"],
                    industries=tuple(i.slug for i in data["industries"]),
                    is_exporter=data["is_exporter"],
                ),
                username=data["username"],
                password=data["password"],
                email=data["email"],
                contact_name=data["contact_name"],
            )
        except DomainError as exc:
            form.add_error(exc.details.get("field"), exc.message())
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                bi(
                    "注册已提交,审核通过后即可使用全部功能。",
                    "Registration submitted: it will be reviewed.",
                ),
            )
            return redirect("home")
    return render(request, "enterprises/register.html", {"form": form})


@staff_required
def enterprise_import(request: AuthedRequest) -> HttpResponse:
    def run(upload: Any, _data: dict[str, Any]) -> Any:
        if runs_in_background(upload.size or 0):
            job = submit_import_job(request.user, jobs.KIND, upload, upload.name)
            return redirect("import_job", job.pk)
        return import_enterprises(request.user, upload, upload.name)

    return import_page(request, "enterprises/import.html", run, headers=TEMPLATE_HEADERS)
