"""Pages of enquiries (咨询) and the knowledge base: the enquiry list with the station's
response figures, asking, the enquiry page with the desk's, the expert's and the enterprise's
actions, and the searchable knowledge base of published answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import roles_required
from biaozhun.catalogue.models import Standard
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.tbt.models import Notification
from biaozhun.tbt.services import parse_symbol

from ..filters import EnquiryPage, KbPage
from ..forms import AnswerForm, AssignForm, EnquiryForm, PublishForm, RateForm
from ..models import Enquiry
from ..station import consult_settings, is_desk, notification_by_symbol
from ..web import DESK, ENQUIRY_ROLES, fail, form_error, not_found
from . import selectors, services


@roles_required(*ENQUIRY_ROLES)
def enquiry_list(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, EnquiryPage)
    qs = f.narrow(selectors.visible_enquiries(request.user))
    page = Paginator(qs, 25).get_page(f.page)
    return render(
        request,
        "consult/enquiries.html",
        {
            "page_obj": page,
            "states": Enquiry.State.choices,
            "stats": selectors.response_stats(selectors.visible_enquiries(request.user)),
            "experts": selectors.expert_stats(selectors.visible_enquiries(request.user))
            if is_desk(request.user)
            else [],
            "target": consult_settings().response_target_hours,
            "can_ask": is_desk(request.user) or request.user.role == "enterprise_user",
        },
    )


def _enquiry_links(form: EnquiryForm) -> tuple[Notification | None, Standard | None]:
    notification = standard = None
    symbol = form.cleaned_data.get("notification", "").strip()
    if symbol:
        try:
            notification = notification_by_symbol(symbol)
        except DomainError as exc:
            raise DomainError(
                exc.code, exc.message_zh, exc.message_en, {"field": "notification"}
            ) from exc
        if notification is None:
            canonical = parse_symbol(symbol).canonical
            raise DomainError(
                "unknown_notification",
                f"通报 {canonical} 尚未录入。",
                f"Notification {canonical} is not recorded.",
                {"field": "notification"},
            )
    text = form.cleaned_data.get("standard", "").strip()
    if text:
        standard = selectors.standard_by_designation(text)
        if standard is None:
            raise DomainError(
                "unknown_standard",
                f"目录中没有标准“{text}”。",
                f"The standard {text!r} is not in the catalogue.",
                {"field": "standard"},
            )
    return notification, standard


@roles_required(*DESK, "enterprise_user")
def enquiry_create(request: AuthedRequest) -> HttpResponse:
    desk = is_desk(request.user)
    form = EnquiryForm(request.POST or None, desk=desk)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            notification, standard = _enquiry_links(form)
            enquiry = services.ask_enquiry(
                request.user,
                services.EnquiryData(
                    subject=d["subject"],
                    question=d["question"],
                    topic=d["topic"],
                    market=d["market"],
                    notification=notification,
                    standard=standard,
                    anonymise=d["anonymise"],
                ),
                enterprise=d.get("enterprise") if desk else None,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, bi("问题已提交。", "Your question is sent."))
            return redirect("consult:enquiry", enquiry.pk)
    return render(request, "consult/enquiry_form.html", {"form": form})


@roles_required(*ENQUIRY_ROLES)
def enquiry_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        e = selectors.get_enquiry(request.user, pk)
    except DomainError as exc:
        raise not_found(exc) from exc
    desk = is_desk(request.user)
    own = request.user.role == "enterprise_user" and request.user.enterprise_id == e.enterprise_id
    answered = e.state == Enquiry.State.ANSWERED
    return render(
        request,
        "consult/enquiry_detail.html",
        {
            "e": e,
            "assign_form": AssignForm(initial={"expert": e.expert_id})
            if desk and not answered
            else None,
            "answer_form": AnswerForm()
            if not answered and (desk or (e.expert_id == request.user.pk))
            else None,
            "rate_form": RateForm() if own and answered and e.rating is None else None,
            "publish_form": PublishForm(
                initial={"question": e.kb_question or e.question, "answer": e.kb_answer or e.answer}
            )
            if desk and answered
            else None,
        },
    )


@roles_required(*ENQUIRY_ROLES)
@require_POST
def enquiry_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    try:
        e = selectors.get_enquiry(request.user, pk)
    except DomainError as exc:
        raise not_found(exc) from exc
    forms_by_action: dict[str, Any] = {
        "assign": AssignForm,
        "answer": AnswerForm,
        "rate": RateForm,
        "publish": PublishForm,
        "unpublish": PublishForm,
    }
    if action not in forms_by_action:
        raise Http404
    form = forms_by_action[action](request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("consult:enquiry", pk)
    d = form.cleaned_data
    try:
        if action == "assign":
            services.assign_enquiry(request.user, e, d["expert"])
        elif action == "answer":
            services.answer_enquiry(request.user, e, d["answer"])
        elif action == "rate":
            services.rate_enquiry(request.user, e, d["rating"], d["note"])
        else:
            services.publish_enquiry(
                request.user,
                e,
                question=d["question"],
                answer=d["answer"],
                published=action == "publish",
            )
        messages.success(request, bi("已保存。", "Saved."))
    except DomainError as exc:
        fail(request, exc)
    return redirect("consult:enquiry", pk)


@login_required
def kb_list(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, KbPage)
    qs = selectors.knowledge_base(request.user, q=f.q, market=f.market, notification=f.notification)
    page = Paginator(qs, 20).get_page(f.page)
    template = "consult/kb.html#results" if request.htmx else "consult/kb.html"
    return render(request, template, {"page_obj": page})


@login_required
def kb_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        entry = selectors.get_kb_entry(request.user, pk)
    except DomainError as exc:
        raise not_found(exc) from exc
    return render(request, "consult/kb_detail.html", {"e": entry})


# ----------------------------------------------------------------------------- regulations
