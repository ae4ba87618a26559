"""Pages of export profiles (enterprise and staff). Thin: parse, call a selector or
service, render. The URLs keep their historical paths under ``/alerts/profiles/``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import roles_required
from biaozhun.accounts.jobs import runs_in_background, submit_import_job
from biaozhun.accounts.models import District
from biaozhun.common import reference
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.common.pages import import_page
from biaozhun.enterprises.models import Enterprise

from . import selectors, services
from .forms import MarketForm, ProductForm, RecipientsForm
from .importers import TEMPLATE_HEADERS, import_profiles
from .jobs import KIND
from .suggest import HsSuggestion, SuggestionQuery, suggest_hs

PROFILE_ROLES = (
    "enterprise_user",
    "bureau_admin",
    "bureau_staff",
    "department_member",
    "district_officer",
)


def _enterprise_or_404(request: AuthedRequest, pk: int) -> Enterprise:
    try:
        return selectors.get_profile_enterprise(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc


# ------------------------------------------------------------------------ profiles


@roles_required(*PROFILE_ROLES)
def profile_list(request: AuthedRequest) -> HttpResponse:
    """Staff: the exporters in scope and their profiles; enterprise users: their own."""
    if request.user.role == "enterprise_user":
        return redirect("profiles:detail", request.user.enterprise_id)
    params = request.GET
    enterprises = selectors.profiles_overview(
        request.user, q=params.get("q", "").strip(), district=params.get("district", "")
    )
    page = Paginator(enterprises, 25).get_page(params.get("page"))
    context = {"page_obj": page, "districts": District.objects.current()}
    template = "profiles/profiles.html#results" if request.htmx else "profiles/profiles.html"
    return render(request, template, context)


def _profile_context(
    request: AuthedRequest,
    enterprise: Enterprise,
    *,
    product_form: ProductForm | None = None,
    market_form: MarketForm | None = None,
    recipients_form: RecipientsForm | None = None,
    suggestions: list[HsSuggestion] | None = None,
    checked: list[str] | None = None,
) -> dict[str, Any]:
    profile = selectors.profile_of(enterprise)
    english = request.LANGUAGE_CODE.startswith("en")
    markets = []
    total = 0.0
    if profile is not None:
        for m in profile.markets.all():
            markets.append((m, reference.market_name(m.code, english)))
            total += float(m.share or 0)
    if recipients_form is None:
        initial = {}
        if profile is not None:
            initial = {
                "all_markets": profile.all_markets,
                "note": profile.note,
                "alert_users": [str(u.pk) for u in profile.alert_users.all()],
                "alert_contacts": [str(c.pk) for c in profile.alert_contacts.all()],
            }
        recipients_form = RecipientsForm(initial=initial, enterprise=enterprise)
    return {
        "enterprise": enterprise,
        "standards": selectors.standards_used(enterprise),
        "profile": profile,
        "products": list(profile.products.all()) if profile else [],
        "markets": markets,
        "total_share": round(total * 100, 1),
        "can_edit": services.can_edit_profile(request.user, enterprise),
        "product_form": product_form or ProductForm(),
        "market_form": market_form or MarketForm(),
        "recipients_form": recipients_form,
        "market_choices": reference.market_choices(),
        "suggestions": suggestions or [],
        "checked": checked or [],
    }


@roles_required(*PROFILE_ROLES)
def profile_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    enterprise = _enterprise_or_404(request, pk)
    return render(request, "profiles/profile.html", _profile_context(request, enterprise))


def _editable(request: AuthedRequest, pk: int) -> Enterprise:
    enterprise = _enterprise_or_404(request, pk)
    if not services.can_edit_profile(request.user, enterprise):
        raise Http404(bi("无权修改该出口档案。", "You may not edit this export profile."))
    return enterprise


def _after_edit(
    request: AuthedRequest, enterprise: Enterprise, partial: str, **forms: Any
) -> HttpResponse:
    context = _profile_context(request, enterprise, **forms)
    if request.htmx:
        return render(request, f"profiles/profile.html#{partial}", context)
    return render(request, "profiles/profile.html", context)


@roles_required(*PROFILE_ROLES)
def hs_suggestions(request: AuthedRequest, pk: int) -> HttpResponse:
    """The product form's suggestions (an htmx partial): HS headings for the description
    typed so far, to tick. Only for those who may edit the profile."""
    enterprise = _editable(request, pk)
    text = read_query(request, SuggestionQuery).description
    context = {"enterprise": enterprise, "suggestions": suggest_hs(text) if text else []}
    context["asked"] = bool(text)
    return render(request, "profiles/_hs_suggestions.html", context)


@roles_required(*PROFILE_ROLES)
@require_POST
def product_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add a product: its description and the HS codes confirmed (one line per code)."""
    enterprise = _editable(request, pk)
    form = ProductForm(request.POST)
    suggestions: list[HsSuggestion] = []
    checked: list[str] = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_described_product(
                request.user,
                enterprise,
                data["description_zh"],
                form.confirmed_codes(),
                ics_code=data["ics_code"],
                keywords=data["keywords"],
            )
        except DomainError as exc:
            field = exc.details.get("field")
            form.add_error(field if field in form.fields else None, exc.message())
            suggestions = suggest_hs(data["description_zh"])
            checked = list(data.get("hs_codes", []))
        else:
            form = ProductForm()
    return _after_edit(
        request,
        enterprise,
        "products",
        product_form=form,
        suggestions=suggestions,
        checked=checked,
    )


@roles_required(*PROFILE_ROLES)
@require_POST
def product_remove(request: AuthedRequest, pk: int, product_id: int) -> HttpResponse:
    enterprise = _editable(request, pk)
    try:
        services.remove_product(request.user, enterprise, product_id)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    return _after_edit(request, enterprise, "products")


@roles_required(*PROFILE_ROLES)
@require_POST
def market_add(request: AuthedRequest, pk: int) -> HttpResponse:
    enterprise = _editable(request, pk)
    form = MarketForm(request.POST)
    if form.is_valid():
        try:
            services.set_market(
                request.user,
                enterprise,
                services.MarketData(form.cleaned_data["code"], form.cleaned_data["share"]),
            )
        except DomainError as exc:
            form.add_error(exc.details.get("field"), exc.message())
        else:
            form = MarketForm()
    return _after_edit(request, enterprise, "markets", market_form=form)


@roles_required(*PROFILE_ROLES)
@require_POST
def market_remove(request: AuthedRequest, pk: int, market_id: int) -> HttpResponse:
    enterprise = _editable(request, pk)
    try:
        services.remove_market(request.user, enterprise, market_id)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    return _after_edit(request, enterprise, "markets")


@roles_required(*PROFILE_ROLES)
@require_POST
def profile_recipients(request: AuthedRequest, pk: int) -> HttpResponse:
    enterprise = _editable(request, pk)
    form = RecipientsForm(request.POST, enterprise=enterprise)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_profile_settings(
                request.user,
                enterprise,
                all_markets=data["all_markets"],
                alert_user_ids=[int(x) for x in data["alert_users"]],
                alert_contact_ids=[int(x) for x in data["alert_contacts"]],
                note=data["note"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message())
        else:
            messages.success(request, bi("预警接收设置已保存。", "Alert settings saved."))
            return redirect("profiles:detail", enterprise.pk)
    return render(
        request,
        "profiles/profile.html",
        _profile_context(request, enterprise, recipients_form=form),
    )


@roles_required("enterprise_user", "bureau_admin", "bureau_staff", "district_officer")
def profile_import(request: AuthedRequest) -> HttpResponse:
    def run(upload: Any, _data: dict[str, Any]) -> Any:
        if runs_in_background(upload.size or 0):  # a big file: the worker imports it
            job = submit_import_job(request.user, KIND, upload, upload.name)
            return redirect("import_job", job.pk)
        return import_profiles(request.user, upload, upload.name)

    return import_page(request, "profiles/import.html", run, headers=TEMPLATE_HEADERS)
