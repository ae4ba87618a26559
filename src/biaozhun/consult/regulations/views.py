"""Pages of the technical-regulations register (技术法规): search, one regulation, the desk's
form and Excel/CSV import, and "what applies to me" for an exporter's products and markets."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from biaozhun.accounts.decorators import bureau_required
from biaozhun.accounts.jobs import runs_in_background, submit_import_job
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.common.pages import import_page

from ..filters import ExporterFilter
from ..forms import RegulationForm
from ..importers import TEMPLATE_HEADERS, import_regulations
from ..jobs import REGULATIONS_KIND
from ..models import TechnicalRegulation
from ..station import is_desk, today
from ..web import form_error, not_found
from . import selectors, services


@login_required
def regulation_list(request: AuthedRequest) -> HttpResponse:
    params = request.GET
    qs = selectors.search_regulations(
        request.user,
        q=params.get("q", "").strip(),
        market=params.get("market", ""),
        hs=params.get("hs", ""),
        kind=params.get("kind", ""),
    )
    page = Paginator(qs, 25).get_page(params.get("page"))
    return render(
        request,
        "consult/regulations.html",
        {
            "page_obj": page,
            "kinds": TechnicalRegulation.Kind.choices,
            "desk": is_desk(request.user),
            "today": today(),
        },
    )


@login_required
def regulation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        reg = selectors.get_regulation(request.user, pk)
    except DomainError as exc:
        raise not_found(exc) from exc
    return render(
        request,
        "consult/regulation_detail.html",
        {"r": reg, "desk": is_desk(request.user), "today": today()},
    )


@bureau_required
def regulation_form(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    reg = None
    if pk:
        try:
            reg = selectors.get_regulation(request.user, pk)
        except DomainError as exc:
            raise not_found(exc) from exc
    initial: dict[str, Any] = {}
    if reg is not None:
        initial = {
            "market": reg.market,
            "kind": reg.kind,
            "reference": reg.reference,
            "title": reg.title,
            "title_zh": reg.title_zh,
            "summary_zh": reg.summary_zh,
            "hs_codes": ", ".join(reg.hs_codes),
            "ics_codes": ", ".join(reg.ics_codes),
            "cited_standards": "\n".join(reg.cited_standards),
            "notification_symbols": ", ".join(n.symbol for n in reg.notifications.all()),
            "adopted_on": reg.adopted_on,
            "in_force_from": reg.in_force_from,
            "applies_until": reg.applies_until,
            "url": reg.url,
        }
    form = RegulationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reg = services.save_regulation(request.user, form.data_object(), reg)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, bi("已保存。", "Saved."))
            return redirect("consult:regulation", reg.pk)
    return render(request, "consult/regulation_form.html", {"form": form, "r": reg})


@login_required
def regulations_mine(request: AuthedRequest) -> HttpResponse:
    """What applies today and what is coming, for an exporter's products and markets."""
    eid = read_query(request, ExporterFilter).enterprise
    enterprise = None
    if request.user.enterprise_id and request.user.role == "enterprise_user":
        enterprise = request.user.enterprise
    elif eid is not None:
        try:
            enterprise = selectors.exporter_in_scope(request.user, eid)
        except DomainError as exc:
            raise not_found(exc) from exc
    day = today()
    items = selectors.regulations_for_enterprise(enterprise, day) if enterprise else []
    return render(
        request,
        "consult/regulations_mine.html",
        {
            "enterprise": enterprise,
            "in_force": [i for i in items if i.status == "in_force"],
            "coming": [i for i in items if i.status == "coming"],
            "today": day,
            "exporters": []
            if request.user.role == "enterprise_user"
            else selectors.exporters(request.user),
        },
    )


# ----------------------------------------------------------------------------- briefings


@bureau_required
def regulation_import(request: AuthedRequest) -> HttpResponse:
    def run(upload: Any, _data: dict[str, Any]) -> Any:
        if runs_in_background(upload.size or 0):
            job = submit_import_job(request.user, REGULATIONS_KIND, upload, upload.name)
            return redirect("import_job", job.pk)
        return import_regulations(request.user, upload, upload.name)

    return import_page(request, "consult/regulation_import.html", run, headers=TEMPLATE_HEADERS)
