"""Pages of incentives: thin views over the selectors and services. Enterprise users apply and
follow their applications; district officers and the bureau review, decide and record payments
within their scope; budgets, reports and policy versions for the payers' staff."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import roles_required
from biaozhun.accounts.jobs import runs_in_background, submit_import_job
from biaozhun.catalogue.models import Standard
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import PageFilter, read_query
from biaozhun.common.forms import ImportForm
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.enterprises.models import Enterprise

from . import documents, jobs, selectors
from .applications import ACTION_LABELS, add_attachment, create_application, update_application
from .budgets import set_budget
from .filters import ApplicationPage, SuggestionQuery
from .forms import (
    FORMS,
    AdoptionForm,
    AttachmentForm,
    BudgetForm,
    PaymentForm,
    PolicyForm,
    ProductFormSet,
    ReadingForm,
)
from .importers import TEMPLATE_HEADERS as AWARD_HEADERS
from .importers import import_awards
from .models import KIND_LABELS, Application, Attachment
from .payments import record_payment
from .policies import (
    add_policy_version,
    confirm_proposer_reading,
    payer_codes_managed_by,
    payer_name,
    proposer_reading_state,
)
from .review import allowed_actions, transition

STAFF_ROLES = ("bureau_admin", "bureau_staff", "department_member", "district_officer")


def _get(request: AuthedRequest, pk: int) -> Application:
    try:
        return selectors.get_application(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc


@login_required
def application_list(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, ApplicationPage)
    is_enterprise = request.user.role == "enterprise_user"
    default_state = "" if is_enterprise else "queue"
    state = default_state if f.state is None else f.state
    applications = selectors.search_applications(
        request.user, q=f.q, state=state, kind=f.kind, year=f.year
    )
    page = Paginator(applications, 25).get_page(f.page)
    for app in page:
        app.actions = allowed_actions(request.user, app)  # type: ignore[attr-defined]
    context = {
        "page_obj": page,
        "is_enterprise": is_enterprise,
        "state": state,
        "states": Application.State.choices,
        "kinds": [(k, v) for k, v in KIND_LABELS.items()],
    }
    template = "incentives/list.html#results" if request.htmx else "incentives/list.html"
    return render(request, template, context)


def _own_enterprise(request: AuthedRequest) -> Enterprise:
    if request.user.role != "enterprise_user" or not request.user.enterprise_id:
        raise Http404
    return Enterprise.objects.select_related("district", "tax_district").get(
        pk=request.user.enterprise_id
    )


def _bind(
    request: AuthedRequest, kind: str, initial: dict[str, Any], products: list[dict[str, Any]]
) -> tuple[Any, Any]:
    form_class = FORMS[kind]
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = form_class(data, files, initial=initial)
    formset = None
    if kind == "adoption_export":
        product_initial = [
            {**p, "adoption_degree": p.get("adoption_degree") or ""} for p in products
        ]
        formset = ProductFormSet(data, prefix="products", initial=product_initial or None)
    return form, formset


def _valid(form: Any, formset: Any) -> bool:
    ok = form.is_valid()
    if formset is not None:
        ok = formset.is_valid() and ok
        if ok:
            assert isinstance(form, AdoptionForm)
            form.products = [f.product() for f in formset.forms if f.has_changed()]
    return bool(ok)


def _attach_evidence(request: AuthedRequest, form: Any, application: Application) -> None:
    upload = form.cleaned_data.get("evidence")
    if upload:
        try:
            add_attachment(
                request.user,
                application,
                upload,
                form.cleaned_data.get("evidence_kind") or Attachment.Kind.OTHER,
            )
        except DomainError as exc:
            messages.error(request, exc.message())


@roles_required("enterprise_user")
def application_new(request: AuthedRequest, kind: str) -> HttpResponse:
    if kind not in FORMS:
        raise Http404
    enterprise = _own_enterprise(request)
    form, formset = _bind(request, kind, {}, [])
    if request.method == "POST" and _valid(form, formset):
        try:
            application = create_application(
                request.user, enterprise, kind, form.facts(), year=form.cleaned_data["year"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message())
        else:
            _attach_evidence(request, form, application)
            messages.success(
                request,
                bi(
                    "申请草稿已保存,系统已按政策预审;确认无误后请提交。",
                    "The draft is saved and pre-checked against the policy; submit it when ready.",
                ),
            )
            return redirect("incentives:detail", application.pk)
    return render(
        request,
        "incentives/form.html",
        {
            "form": form,
            "formset": formset,
            "kind": kind,
            "kind_label": KIND_LABELS[kind],
            "enterprise": enterprise,
        },
    )


@roles_required("enterprise_user")
def application_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    if application.state != Application.State.DRAFT:
        messages.error(request, bi("只能修改草稿。", "Only a draft can be edited."))
        return redirect("incentives:detail", pk)
    form_class = FORMS[application.kind]
    initial = form_class.initial_from(application.facts, application.year)
    form, formset = _bind(request, application.kind, initial, application.facts.get("products", []))
    if request.method == "POST" and _valid(form, formset):
        try:
            update_application(
                request.user, application, form.facts(), year=form.cleaned_data["year"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message())
        else:
            _attach_evidence(request, form, application)
            messages.success(request, bi("申请已更新并重新预审。", "Updated and re-checked."))
            return redirect("incentives:detail", pk)
    return render(
        request,
        "incentives/form.html",
        {
            "form": form,
            "formset": formset,
            "kind": application.kind,
            "kind_label": KIND_LABELS[application.kind],
            "enterprise": application.enterprise,
            "application": application,
        },
    )


@login_required
def application_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    actions = allowed_actions(request.user, application)
    own = (
        request.user.role == "enterprise_user"
        and request.user.enterprise_id == application.enterprise_id
    )
    may_pay = application.state == Application.State.APPROVED and (
        application.payer_code in payer_codes_managed_by(request.user)
    )
    remaining = (application.approved_amount or 0) - application.paid_amount
    decision = application.decision
    states = dict(Application.State.choices)
    return render(
        request,
        "incentives/detail.html",
        {
            "app": application,
            "decision": decision,
            "failed": [c for c in decision.get("checks", []) if not c["passed"]],
            "actions": [
                (a, *ACTION_LABELS[a]) for a in actions if a not in {"submit", "withdraw", "pay"}
            ],
            "can_submit": "submit" in actions,
            "can_withdraw": "withdraw" in actions,
            "can_edit": own and application.state == Application.State.DRAFT,
            "can_attach": own
            and application.state in (Application.State.DRAFT, Application.State.SUBMITTED),
            "attachment_form": AttachmentForm(),
            "payment_form": PaymentForm(
                initial={"amount": remaining, "paid_on": timezone.localdate()}
            )
            if may_pay
            else None,
            "remaining": remaining,
            "has_letter": application.state in documents.LETTER_STATES,
            "history": [
                (
                    step,
                    *ACTION_LABELS.get(step.action, (step.action, step.action)),
                    states.get(step.from_state, ""),
                    states.get(step.to_state, ""),
                )
                for step in application.steps.all()
            ],
        },
    )


@login_required
@require_POST
def application_action(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    amount_text = request.POST.get("amount", "").strip().replace(",", "")
    try:
        if amount_text and not (amount_text.isascii() and amount_text.isdigit()):
            raise DomainError(
                "bad_amount",
                "金额应为正整数(元)。",
                "The amount must be whole yuan.",
                {"field": "amount"},
            )
        transition(
            request.user,
            application,
            request.POST.get("action", ""),
            note=request.POST.get("note", ""),
            amount=int(amount_text) if amount_text else None,
        )
        messages.success(request, bi("已完成。", "Done."))
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message()) from exc
        messages.error(request, exc.message())
    return redirect("incentives:detail", pk)


@login_required
@require_POST
def application_pay(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("incentives:detail", pk)
    try:
        record_payment(request.user, application, **form.cleaned_data)
        messages.success(request, bi("支付已登记。", "The payment is recorded."))
    except DomainError as exc:
        messages.error(request, exc.message())
    return redirect("incentives:detail", pk)


@login_required
@require_POST
def application_attach(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_attachment(
                request.user, application, form.cleaned_data["file"], form.cleaned_data["kind"]
            )
            messages.success(request, bi("材料已上传。", "The evidence is uploaded."))
        except DomainError as exc:
            messages.error(request, exc.message())
    else:
        messages.error(request, bi("请选择文件和类别。", "Choose a file and its kind."))
    return redirect("incentives:detail", pk)


@login_required
def attachment_download(request: AuthedRequest, pk: int, attachment_id: int) -> FileResponse:
    application = _get(request, pk)
    attachment = application.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )


@login_required
def decision_letter(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    try:
        pdf = documents.letter_pdf(application)
    except DomainError as exc:
        messages.error(request, exc.message())
        return redirect("incentives:detail", pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="decision-{application.reference}.pdf"'
    return response


def _payer_choices(request: AuthedRequest) -> list[tuple[str, str]]:
    choices = []
    for code in sorted(payer_codes_managed_by(request.user)):
        zh, en = payer_name(code)
        choices.append((code, bi(zh, en)))
    return choices


@roles_required(*STAFF_ROLES)
def budgets(request: AuthedRequest) -> HttpResponse:
    payers = _payer_choices(request)
    form = (
        BudgetForm(request.POST or None, payers=payers, initial={"year": timezone.localdate().year})
        if payers
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                set_budget(request.user, **form.cleaned_data)
                messages.success(request, bi("预算已保存。", "The budget is saved."))
                return redirect("incentives:budgets")
            except DomainError as exc:
                form.add_error(exc.details.get("field"), exc.message())
    rows = selectors.budget_rows(request.user)
    oldest_first = list(reversed(rows))
    chart = {
        "labels": [f"{r['year']} {bi(r['payer_zh'], r['payer_en'])}" for r in oldest_first],
        "budget": [r["amount"] or 0 for r in oldest_first],
        "committed": [r["committed"] for r in oldest_first],
        "paid": [r["paid"] for r in oldest_first],
        "names": [bi("预算", "Budget"), bi("已承诺", "Committed"), bi("已支付", "Paid")],
    }
    return render(
        request,
        "incentives/budgets.html",
        {
            "rows": rows,
            "form": form,
            "chart": chart,
            "report_rows": selectors.report_rows(request.user),
        },
    )


@roles_required(*STAFF_ROLES)
def report(request: AuthedRequest) -> HttpResponse:
    data = documents.report_xlsx(
        selectors.report_rows(request.user), selectors.budget_rows(request.user)
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="incentives-report.xlsx"'
    return response


@login_required
def policies(request: AuthedRequest) -> HttpResponse:
    managed = payer_codes_managed_by(request.user)
    rows = []
    for policy in selectors.visible_policies(request.user):
        rows.append(
            {
                "policy": policy,
                "in_use": policy.applications.count(),
                "manageable": policy.payer_code in managed,
            }
        )
    return render(request, "incentives/policies.html", {"rows": rows, "managed": managed})


@login_required
def policy_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        policy = selectors.get_policy(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    return render(
        request,
        "incentives/policy_detail.html",
        {
            "policy": policy,
            "core": policy.as_core(),
            "body_json": json.dumps(policy.body, ensure_ascii=False, indent=2),
            "manageable": policy.payer_code in payer_codes_managed_by(request.user),
            "in_use": policy.applications.count(),
            "proposer": proposer_reading_state(policy),
        },
    )


@roles_required("bureau_admin", "bureau_staff", "district_officer")
@require_POST
def policy_confirm_reading(request: AuthedRequest, pk: int) -> HttpResponse:
    """The bureau confirms the reading of "提出……研制项目" on the policy screen."""
    try:
        policy = selectors.get_policy(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    form = ReadingForm(request.POST)
    if not form.is_valid():
        messages.error(request, bi("请选择一种理解。", "Choose one of the readings."))
        return redirect("incentives:policy", pk)
    try:
        confirmed = confirm_proposer_reading(request.user, policy, form.cleaned_data["reading"])
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.message())
        return redirect("incentives:policy", pk)
    messages.success(
        request, bi("已确认,此后的结论按此理解。", "Confirmed: decisions follow this reading.")
    )
    return redirect("incentives:policy", confirmed.pk)


@roles_required("bureau_admin", "bureau_staff", "district_officer")
def policy_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """A new version of a policy, starting from the JSON of version ``pk``."""
    try:
        base = selectors.get_policy(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    if base.payer_code not in payer_codes_managed_by(request.user):
        raise Http404
    form = PolicyForm(
        request.POST or None,
        initial={"body": json.dumps(base.body, ensure_ascii=False, indent=2)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            policy = add_policy_version(
                request.user, form.cleaned_data["body"], note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            form.add_error("body", exc.message())
        else:
            messages.success(request, bi("新版本已保存。", "The new version is saved."))
            return redirect("incentives:policy", policy.pk)
    return render(request, "incentives/policy_form.html", {"form": form, "base": base})


@roles_required(*STAFF_ROLES)
def awards_import(request: AuthedRequest) -> HttpResponse:
    """Import awards granted before the platform, so the duplicate rules see them."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if runs_in_background(upload.size or 0):  # a big file: the worker imports it
                jobs.require_importer(request.user)
                job = submit_import_job(request.user, jobs.AWARDS_KIND, upload, upload.name)
                return redirect("import_job", job.pk)
            report = import_awards(request.user, upload, upload.name)
        except DomainError as exc:
            form.add_error("file", exc.message())
    awards = selectors.visible_awards(request.user)
    return render(
        request,
        "incentives/awards.html",
        {
            "form": form,
            "report": report,
            "headers": AWARD_HEADERS,
            "page_obj": Paginator(awards, 50).get_page(read_query(request, PageFilter).page),
        },
    )


@login_required
def standard_suggestions(request: AuthedRequest) -> HttpResponse:
    """``<option>``s of catalogue designations for the drafting form's datalist (htmx)."""
    q = read_query(request, SuggestionQuery).designation
    found = (
        Standard.objects.filter(canonical__icontains=q).order_by("canonical")[:15]
        if len(q) >= 2
        else Standard.objects.none()
    )
    return render(request, "incentives/_standard_options.html", {"standards": found})
