"""Pages: export profiles (enterprise and staff), the alert inbox, the desk overview and the
desk settings. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import bureau_required, roles_required
from biaozhun.accounts.models import District
from biaozhun.common.errors import DomainError
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.core.codes import EXPORT_GROUPS, INDUSTRIES

from . import actions, reference, selectors, services
from . import desk as alert_desk
from .forms import (
    DeskSettingsForm,
    FeedbackForm,
    ImportForm,
    MarketForm,
    ProductForm,
    RecipientsForm,
)
from .importers import TEMPLATE_HEADERS, import_profiles
from .models import Alert

PROFILE_ROLES = (
    "enterprise_user",
    "bureau_admin",
    "bureau_staff",
    "department_member",
    "district_officer",
)
STAFF_ROLES = ("bureau_admin", "bureau_staff", "department_member", "district_officer")


def _enterprise_or_404(request: AuthedRequest, pk: int) -> Any:
    try:
        return selectors.get_profile_enterprise(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc


# ------------------------------------------------------------------------ profiles


@roles_required(*PROFILE_ROLES)
def alerts_home(request: AuthedRequest) -> HttpResponse:
    """Enterprise users go to their inbox; staff to the desk."""
    if request.user.role == "enterprise_user":
        return redirect("alerts:inbox")
    return redirect("alerts:desk")


@roles_required(*PROFILE_ROLES)
def profile_list(request: AuthedRequest) -> HttpResponse:
    """Staff: the exporters in scope and their profiles; enterprise users: their own."""
    if request.user.role == "enterprise_user":
        return redirect("alerts:profile", request.user.enterprise_id)
    params = request.GET
    enterprises = selectors.profiles_overview(
        request.user, q=params.get("q", "").strip(), district=params.get("district", "")
    )
    page = Paginator(enterprises, 25).get_page(params.get("page"))
    context = {"page_obj": page, "districts": District.objects.all()}
    template = "alerts/profiles.html#results" if request.htmx else "alerts/profiles.html"
    return render(request, template, context)


def _profile_context(
    request: AuthedRequest,
    enterprise: Any,
    *,
    product_form: ProductForm | None = None,
    market_form: MarketForm | None = None,
    recipients_form: RecipientsForm | None = None,
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
    }


@roles_required(*PROFILE_ROLES)
def profile_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    enterprise = _enterprise_or_404(request, pk)
    return render(request, "alerts/profile.html", _profile_context(request, enterprise))


def _editable(request: AuthedRequest, pk: int) -> Any:
    enterprise = _enterprise_or_404(request, pk)
    if not services.can_edit_profile(request.user, enterprise):
        raise Http404(bi("无权修改该出口档案。", "You may not edit this export profile."))
    return enterprise


def _after_edit(
    request: AuthedRequest, enterprise: Any, partial: str, **forms: Any
) -> HttpResponse:
    context = _profile_context(request, enterprise, **forms)
    if request.htmx:
        return render(request, f"alerts/profile.html#{partial}", context)
    return render(request, "alerts/profile.html", context)


@roles_required(*PROFILE_ROLES)
@require_POST
def product_add(request: AuthedRequest, pk: int) -> HttpResponse:
    enterprise = _editable(request, pk)
    form = ProductForm(request.POST)
    if form.is_valid():
        try:
            services.add_product(
                request.user, enterprise, services.ProductData(**form.cleaned_data)
            )
        except DomainError as exc:
            form.add_error(exc.details.get("field"), exc.message())
        else:
            form = ProductForm()
    return _after_edit(request, enterprise, "products", product_form=form)


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
            return redirect("alerts:profile", enterprise.pk)
    return render(
        request,
        "alerts/profile.html",
        _profile_context(request, enterprise, recipients_form=form),
    )


@roles_required("enterprise_user", "bureau_admin", "bureau_staff", "district_officer")
def profile_import(request: AuthedRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_profiles(request.user, upload, upload.name)
        except DomainError as exc:
            form.add_error("file", exc.message())
    return render(
        request,
        "alerts/import.html",
        {"form": form, "report": report, "headers": TEMPLATE_HEADERS},
    )


@bureau_required
def desk_settings(request: AuthedRequest) -> HttpResponse:
    row = alert_desk.desk_settings()
    form = DeskSettingsForm(
        request.POST or None,
        initial={
            "lead_working_days": row.lead_working_days,
            "extra_holidays": "\n".join(row.extra_holidays),
            "extra_workdays": "\n".join(row.extra_workdays),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            alert_desk.update_desk_settings(
                request.user,
                lead_working_days=data["lead_working_days"],
                extra_holidays=data["extra_holidays"].split(),
                extra_workdays=data["extra_workdays"].split(),
            )
        except DomainError as exc:
            form.add_error(exc.details.get("field"), exc.message())
        else:
            messages.success(request, bi("预警设置已保存。", "Alert settings saved."))
            return redirect("alerts:settings")
    return render(request, "alerts/settings.html", {"form": form})


# -------------------------------------------------------------------------- alerts


def _bool_param(value: str | None) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


def _int_param(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@roles_required("enterprise_user")
def inbox(request: AuthedRequest) -> HttpResponse:
    params = request.GET
    alerts = selectors.search_alerts(
        request.user,
        risk=params.get("risk", "") if params.get("risk") in {"red", "orange", "yellow"} else "",
        unread=_bool_param(params.get("unread")),
        deadline_within=_int_param(params.get("deadline")),
        feedback=params.get("feedback", ""),
        q=params.get("q", "").strip(),
        **_state_filter(params.get("state", "")),
    )
    page = Paginator(alerts, 20).get_page(params.get("page"))
    context = {"page_obj": page, "today": selectors.today()}
    template = "alerts/inbox.html#results" if request.htmx else "alerts/inbox.html"
    return render(request, template, context)


def _state_filter(state: str) -> dict[str, Any]:
    """The inbox's state filter: ``open`` (still applies), ``withdrawn`` (any reason), or a
    withdrawal reason (``notification_withdrawn``, ``out_of_scope``); anything else: all."""
    if state == "open":
        return {"withdrawn": False}
    if state == "withdrawn":
        return {"withdrawn": True}
    if state in Alert.Withdrawn.values:
        return {"withdrawn": True, "reason": state}
    return {}


def _alert_or_404(request: AuthedRequest, pk: int) -> Any:
    try:
        return selectors.get_alert(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc


@roles_required(*PROFILE_ROLES)
def alert_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    alert = _alert_or_404(request, pk)
    actions.mark_read(request.user, alert)
    history = list(alert.revisions.all())
    revisions = [
        (r, [(_change_label(k), v[0], v[1]) for k, v in (r.changes.get("diff") or {}).items()])
        for r in history
    ]
    return render(
        request,
        "alerts/alert.html",
        {
            "alert": alert,
            "revisions": revisions,
            "withdrawal": selectors.withdrawal_of(alert, history),
            "family_scope": selectors.amended_scope(alert, history),
            "n": alert.notification,
            "feedback_form": FeedbackForm(
                initial={"relevant": alert.feedback or None, "note": alert.feedback_note}
            ),
            "own": request.user.role == "enterprise_user",
            "today": selectors.today(),
        },
    )


CHANGE_LABELS = {
    "member": ("通报成员", "notifying member"),
    "hs_codes": ("HS 编码", "HS codes"),
    "ics_codes": ("ICS 分类", "ICS codes"),
    "keywords": ("关键词", "keywords"),
    "comment_deadline": ("评议截止", "final date for comments"),
    "entry_into_force": ("拟生效日期", "entry into force"),
    "adoption_date": ("拟批准日期", "adoption date"),
}


def _change_label(key: str) -> str:
    zh, en = CHANGE_LABELS.get(key, (key, key))
    return bi(zh, en)


@roles_required("enterprise_user")
@require_POST
def alert_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    alert = _alert_or_404(request, pk)
    actions.acknowledge_alert(request.user, alert)
    messages.success(request, bi("已确认收到该预警。", "Alert acknowledged."))
    return redirect("alerts:alert", pk)


@roles_required("enterprise_user")
@require_POST
def alert_feedback(request: AuthedRequest, pk: int) -> HttpResponse:
    alert = _alert_or_404(request, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            actions.give_feedback(
                request.user, alert, form.cleaned_data["relevant"], form.cleaned_data["note"]
            )
        except DomainError as exc:
            messages.error(request, exc.message())
        else:
            messages.success(request, bi("反馈已提交,谢谢。", "Thank you for the feedback."))
            return redirect("alerts:alert", pk)
    else:
        messages.error(request, bi("请选择“相关”或“不相关”。", "Choose relevant or not relevant."))
    return redirect("alerts:alert", pk)


@roles_required(*STAFF_ROLES)
def desk(request: AuthedRequest) -> HttpResponse:
    params = request.GET
    rows = selectors.desk_rows(
        request.user,
        member=params.get("member", "").strip(),
        industry=params.get("industry", ""),
        export_group=params.get("export_group", ""),
        hs=params.get("hs", "").strip(),
        ics=params.get("ics", "").strip(),
        since=_date_param(params.get("since")),
        deadline_after=_date_param(params.get("deadline_after")),
        red_unread=params.get("red_unread") == "1",
        hit_only=params.get("hit") == "1",
        q=params.get("q", "").strip(),
    )
    page = Paginator(rows, 25).get_page(params.get("page"))
    context = {
        "page_obj": page,
        "industries": INDUSTRIES,
        "export_groups": EXPORT_GROUPS,
    }
    template = "alerts/desk.html#results" if request.htmx else "alerts/desk.html"
    return render(request, template, context)


def _date_param(value: str | None) -> Any:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@roles_required(*STAFF_ROLES)
def desk_notification(request: AuthedRequest, notification_id: int) -> HttpResponse:
    alerts = selectors.search_alerts(request.user, notification_id=notification_id)
    first = alerts.first()
    if first is None:
        raise Http404(bi("没有该通报的预警。", "No alert for this notification."))
    return render(
        request,
        "alerts/desk_notification.html",
        {"n": first.notification, "alerts": alerts.select_related("enterprise__district")},
    )
