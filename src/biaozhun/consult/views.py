"""Pages of the consultation station: thin views over selectors and services."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import bureau_required, roles_required
from biaozhun.common.errors import DomainError
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.tbt.models import Notification

from . import briefing as briefing_mod
from . import documents, selectors, services
from .forms import (
    AnswerForm,
    AssignForm,
    CommentForm,
    EnquiryForm,
    EvidenceForm,
    MergeForm,
    PublishForm,
    RateForm,
    RegulationForm,
    SettingsForm,
    TransitionForm,
)
from .models import Comment, Enquiry, Evidence, Submission, TechnicalRegulation

DESK = ("bureau_admin", "bureau_staff")
COMMENT_ROLES = (*DESK, "enterprise_user", "district_officer")
ENQUIRY_ROLES = (*DESK, "enterprise_user", "district_officer", "expert")


def _not_found(exc: DomainError) -> Http404:
    return Http404(exc.message())


def _fail(request: AuthedRequest, exc: DomainError) -> None:
    if exc.status == 404:
        raise _not_found(exc)
    messages.error(request, exc.message())


def _comment_data(d: dict[str, Any]) -> services.CommentData:
    return services.CommentData(
        concern=d["concern"],
        clauses=d.get("clauses", ""),
        proposed_change=d.get("proposed_change", ""),
        technical_points_en=d.get("technical_points_en", ""),
        export_value_usd=d.get("export_value_usd"),
        trade_impact=d.get("trade_impact", ""),
        association=d.get("association", "") or "",
    )


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    if request.user.role == "expert":
        return redirect("consult:enquiries")
    return redirect("consult:comments")


# ----------------------------------------------------------------------------- comments


@roles_required(*COMMENT_ROLES)
def comment_list(request: AuthedRequest) -> HttpResponse:
    qs = selectors.visible_comments(request.user)
    state = request.GET.get("state", "")
    if state:
        qs = qs.filter(state=state)
    nid = request.GET.get("notification", "")
    if nid.isdigit():
        qs = qs.filter(notification_id=int(nid))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    open_qs = Notification.objects.filter(
        comment_deadline__gte=services.today(), kind=Notification.Kind.REGULAR
    )
    alerted: set[int] = set()
    if request.user.role == "enterprise_user" and request.user.enterprise_id:
        from biaozhun.alerts.models import Alert

        alerted = set(
            Alert.objects.open()
            .filter(enterprise_id=request.user.enterprise_id, notification__in=open_qs)
            .values_list("notification_id", flat=True)
        )
    open_notifications = sorted(
        open_qs.order_by("comment_deadline")[:50],
        key=lambda n: (n.pk not in alerted, n.comment_deadline),
    )
    to_merge: list[Any] = []
    if services.is_desk(request.user):
        from django.db.models import Count, Min

        to_merge = list(
            Comment.objects.filter(state=Comment.State.SUBMITTED)
            .values("notification_id", "notification__symbol", "notification__comment_deadline")
            .annotate(n=Count("id"), first=Min("submitted_at"))
            .order_by("notification__comment_deadline")[:30]
        )
    context = {
        "page_obj": page,
        "to_merge": to_merge,
        "states": Comment.State.choices,
        "open_notifications": open_notifications,
        "alerted": alerted,
        "desk": services.is_desk(request.user),
        "can_comment": services.is_desk(request.user) or request.user.role == "enterprise_user",
    }
    template = "consult/comments.html#results" if request.htmx else "consult/comments.html"
    return render(request, template, context)


@roles_required(*COMMENT_ROLES)
def due_week(request: AuthedRequest) -> HttpResponse:
    raw = request.GET.get("day", "")
    try:
        day = date.fromisoformat(raw) if raw else services.today()
    except ValueError:
        day = services.today()
    monday, sunday = services.week_bounds(day)
    items = selectors.due_this_week(request.user, day)
    return render(
        request,
        "consult/due.html",
        {
            "items": items,
            "monday": monday,
            "sunday": sunday,
            "desk": services.is_desk(request.user),
        },
    )


@roles_required(*DESK, "enterprise_user")
def comment_create(request: AuthedRequest, notification_id: int) -> HttpResponse:
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    desk = services.is_desk(request.user)
    form = CommentForm(request.POST or None, desk=desk)
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.create_comment(
                request.user,
                notification,
                _comment_data(form.cleaned_data),
                enterprise=form.cleaned_data.get("enterprise") if desk else None,
            )
        except DomainError as exc:
            form.add_error(exc.details.get("field"), exc.message())
        else:
            messages.success(request, bi("评议意见草稿已保存。", "The draft comment is saved."))
            return redirect("consult:comment", comment.pk)
    return render(
        request,
        "consult/comment_form.html",
        {"form": form, "n": notification, "deadlines": services.deadlines_for(notification)},
    )


@roles_required(*COMMENT_ROLES)
def comment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        comment = selectors.get_comment(request.user, pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    desk = services.is_desk(request.user)
    own = (
        request.user.role == "enterprise_user"
        and request.user.enterprise_id == comment.enterprise_id
    )
    can_edit = (desk or own) and comment.state == Comment.State.DRAFT
    form = None
    if can_edit:
        initial = {
            name: getattr(comment, name)
            for name in (
                "concern",
                "clauses",
                "proposed_change",
                "technical_points_en",
                "export_value_usd",
                "trade_impact",
                "association",
            )
        }
        form = CommentForm(request.POST or None, initial=initial, desk=desk)
        if desk:
            del form.fields["enterprise"]
        if request.method == "POST" and form.is_valid():
            try:
                services.update_comment(request.user, comment, _comment_data(form.cleaned_data))
            except DomainError as exc:
                form.add_error(exc.details.get("field"), exc.message())
            else:
                messages.success(request, bi("已保存。", "Saved."))
                return redirect("consult:comment", pk)
    return render(
        request,
        "consult/comment_detail.html",
        {
            "c": comment,
            "form": form,
            "evidence_form": EvidenceForm() if (desk or own) else None,
            "can_act": desk or own,
            "deadlines": services.deadlines_for(comment.notification),
        },
    )


@roles_required(*DESK, "enterprise_user")
@require_POST
def comment_action(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        comment = selectors.get_comment(request.user, pk)
        action = request.POST.get("action")
        if action == "submit":
            services.submit_comment(request.user, comment)
            messages.success(request, bi("已提交评议台。", "Submitted to the TBT desk."))
        elif action == "withdraw":
            services.withdraw_comment(request.user, comment)
            messages.success(request, bi("已撤回。", "Withdrawn."))
        else:
            messages.error(request, bi("未知操作。", "Unknown action."))
    except DomainError as exc:
        _fail(request, exc)
    return redirect("consult:comment", pk)


@roles_required(*DESK, "enterprise_user")
@require_POST
def evidence_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        comment = selectors.get_comment(request.user, pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(request.user, comment, form.cleaned_data["file"])
            messages.success(request, bi("证明材料已上传。", "Evidence uploaded."))
        except DomainError as exc:
            _fail(request, exc)
    else:
        messages.error(request, bi("请选择文件。", "Choose a file."))
    return redirect("consult:comment", pk)


@roles_required(*COMMENT_ROLES)
def evidence_download(request: AuthedRequest, pk: int) -> HttpResponse:
    evidence = (
        Evidence.objects.filter(
            pk=pk, comment__in=selectors.visible_comments(request.user).values("pk")
        )
        .select_related("comment")
        .first()
    )
    if evidence is None:
        raise Http404
    return cast(
        HttpResponse,
        FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name),
    )


# ----------------------------------------------------------------------------- desk


@bureau_required
def notification_desk(request: AuthedRequest, pk: int) -> HttpResponse:
    n = Notification.objects.filter(pk=pk).first()
    if n is None:
        raise Http404
    comments = selectors.visible_comments(request.user).filter(notification=n)
    submission = Submission.objects.filter(notification=n).first()
    form = MergeForm(
        request.POST or None,
        initial={
            "summary_zh": submission.summary_zh if submission else "",
            "summary_en": submission.summary_en if submission else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        ids = [int(i) for i in request.POST.getlist("comments") if i.isdigit()]
        try:
            submission = services.merge_comments(
                request.user,
                n,
                ids,
                summary_zh=form.cleaned_data["summary_zh"],
                summary_en=form.cleaned_data["summary_en"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message())
        else:
            messages.success(request, bi("已汇总。", "Merged."))
            return redirect("consult:submission", submission.pk)
    from biaozhun.alerts.models import Alert

    commented = set(comments.exclude(enterprise=None).values_list("enterprise_id", flat=True))
    hit = [
        a
        for a in Alert.objects.open()
        .filter(notification=n)
        .select_related("enterprise")
        .order_by("-score", "enterprise__name_zh")
        if a.enterprise_id not in commented
    ]
    return render(
        request,
        "consult/notification_desk.html",
        {
            "n": n,
            "hit_without_comment": hit,
            "comments": comments,
            "submission": submission,
            "form": form,
            "deadlines": services.deadlines_for(n),
        },
    )


@bureau_required
def submission_list(request: AuthedRequest) -> HttpResponse:
    qs = selectors.visible_submissions(request.user)
    state = request.GET.get("state", "")
    if state:
        qs = qs.filter(state=state)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "consult/submissions.html",
        {"page_obj": page, "states": Submission.State.choices},
    )


@bureau_required
def submission_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        submission = selectors.get_submission(request.user, pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    allowed = services.allowed_transitions(submission)
    return render(
        request,
        "consult/submission_detail.html",
        {
            "s": submission,
            "n": submission.notification,
            "comments": submission.comments.select_related("enterprise").prefetch_related(
                "evidence"
            ),
            "deadlines": services.deadlines_for(submission.notification),
            "form": TransitionForm(allowed=allowed) if allowed else None,
            "history": [
                {**h, "label": services.STATE_LABELS.get(h.get("state", ""), "")}
                for h in submission.history
            ],
        },
    )


@bureau_required
@require_POST
def submission_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        submission = selectors.get_submission(request.user, pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    form = TransitionForm(request.POST, allowed=tuple(Submission.State.values))
    if form.is_valid():
        try:
            services.advance_submission(
                request.user,
                submission,
                form.cleaned_data["state"],
                note=form.cleaned_data["note"],
                reply=form.cleaned_data["reply"],
            )
            messages.success(request, bi("状态已更新。", "State updated."))
        except DomainError as exc:
            _fail(request, exc)
    else:
        messages.error(request, bi("请选择新状态。", "Choose the new state."))
    return redirect("consult:submission", pk)


@bureau_required
def submission_export(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in {"docx", "pdf"}:
        raise Http404
    try:
        submission = selectors.get_submission(request.user, pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    if not submission.comments.exists():
        messages.error(request, bi("汇总意见中没有评议意见。", "The submission has no comments."))
        return redirect("consult:submission", pk)
    name = submission.notification.symbol.replace("/", "-")
    if fmt == "docx":
        response = HttpResponse(
            documents.submission_docx(submission),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="comments-{name}.docx"'
        return response
    response = HttpResponse(documents.submission_pdf(submission), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="comments-{name}.pdf"'
    return response


# ----------------------------------------------------------------------------- enquiries


@roles_required(*ENQUIRY_ROLES)
def enquiry_list(request: AuthedRequest) -> HttpResponse:
    qs = selectors.visible_enquiries(request.user)
    state = request.GET.get("state", "")
    if state:
        qs = qs.filter(state=state)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "consult/enquiries.html",
        {
            "page_obj": page,
            "states": Enquiry.State.choices,
            "stats": selectors.response_stats(selectors.visible_enquiries(request.user)),
            "experts": selectors.expert_stats(selectors.visible_enquiries(request.user))
            if services.is_desk(request.user)
            else [],
            "target": services.consult_settings().response_target_hours,
            "can_ask": services.is_desk(request.user) or request.user.role == "enterprise_user",
        },
    )


def _enquiry_links(form: EnquiryForm) -> tuple[Any, Any]:
    from biaozhun.catalogue.selectors import find_by_canonical

    notification = standard = None
    symbol = form.cleaned_data.get("notification", "").strip()
    if symbol:
        from biaozhun.tbt.services import parse_symbol

        try:
            canonical = parse_symbol(symbol).canonical
        except DomainError as exc:
            raise DomainError(
                exc.code, exc.message_zh, exc.message_en, {"field": "notification"}
            ) from exc
        notification = Notification.objects.filter(symbol=canonical).first()
        if notification is None:
            raise DomainError(
                "unknown_notification",
                f"通报 {canonical} 尚未录入。",
                f"Notification {canonical} is not recorded.",
                {"field": "notification"},
            )
    text = form.cleaned_data.get("standard", "").strip()
    if text:
        standard = find_by_canonical(text)
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
    desk = services.is_desk(request.user)
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
            form.add_error(exc.details.get("field"), exc.message())
        else:
            messages.success(request, bi("问题已提交。", "Your question is sent."))
            return redirect("consult:enquiry", enquiry.pk)
    return render(request, "consult/enquiry_form.html", {"form": form})


@roles_required(*ENQUIRY_ROLES)
def enquiry_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        e = selectors.get_enquiry(request.user, pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    desk = services.is_desk(request.user)
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
        raise _not_found(exc) from exc
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
        _fail(request, exc)
    return redirect("consult:enquiry", pk)


@login_required
def kb_list(request: AuthedRequest) -> HttpResponse:
    nid = request.GET.get("notification", "")
    qs = selectors.knowledge_base(
        request.user,
        q=request.GET.get("q", "").strip(),
        market=request.GET.get("market", ""),
        notification=int(nid) if nid.isdigit() else None,
    )
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    template = "consult/kb.html#results" if request.htmx else "consult/kb.html"
    return render(request, template, {"page_obj": page})


@login_required
def kb_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        entry = selectors.get_kb_entry(request.user, pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    return render(request, "consult/kb_detail.html", {"e": entry})


# ----------------------------------------------------------------------------- regulations


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
            "desk": services.is_desk(request.user),
            "today": services.today(),
        },
    )


@login_required
def regulation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        reg = selectors.get_regulation(request.user, pk)
    except DomainError as exc:
        raise _not_found(exc) from exc
    return render(
        request,
        "consult/regulation_detail.html",
        {"r": reg, "desk": services.is_desk(request.user), "today": services.today()},
    )


@bureau_required
def regulation_form(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    reg = TechnicalRegulation.objects.filter(pk=pk).first() if pk else None
    if pk and reg is None:
        raise Http404
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
            form.add_error(exc.details.get("field"), exc.message())
        else:
            messages.success(request, bi("已保存。", "Saved."))
            return redirect("consult:regulation", reg.pk)
    return render(request, "consult/regulation_form.html", {"form": form, "r": reg})


@login_required
def regulations_mine(request: AuthedRequest) -> HttpResponse:
    """What applies today and what is coming, for an exporter's products and markets."""
    from biaozhun.enterprises.selectors import visible_enterprises

    eid = request.GET.get("enterprise", "")
    enterprise = None
    if request.user.enterprise_id and request.user.role == "enterprise_user":
        enterprise = request.user.enterprise
    elif eid.isdigit():
        enterprise = visible_enterprises(request.user).filter(pk=int(eid)).first()
        if enterprise is None:
            raise Http404
    day = services.today()
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
            else visible_enterprises(request.user)
            .filter(export_profile__isnull=False)
            .order_by("name_zh")[:500],
        },
    )


# ----------------------------------------------------------------------------- briefings


def _briefing_params(request: AuthedRequest) -> tuple[str, str, briefing_mod.Period]:
    kind = request.GET.get("kind", "all") or "all"
    key = request.GET.get("key", "")
    period = request.GET.get("period", "month") or "month"
    at = request.GET.get("at", "")
    p = (
        briefing_mod.parse_period(period, at)
        if at
        else briefing_mod.period_of(period, services.today())
    )
    return kind, key, p


@login_required
def briefing_page(request: AuthedRequest) -> HttpResponse:
    error = None
    data = None
    try:
        kind, key, p = _briefing_params(request)
        data = briefing_mod.compute_briefing(kind, key, p, services.today())
    except DomainError as exc:
        error = exc.message()
    from biaozhun.core.codes import EXPORT_GROUPS, INDUSTRIES

    from .models import Briefing, BriefingSubscription

    return render(
        request,
        "consult/briefing.html",
        {
            "b": data,
            "error": error,
            "industries": INDUSTRIES,
            "export_groups": EXPORT_GROUPS,
            "periods": briefing_mod.PERIODS,
            "kinds": briefing_mod.KINDS,
            "subscriptions": BriefingSubscription.objects.filter(user=request.user),
            "archive": Briefing.objects.order_by("-start", "kind", "key")[:24],
            "chart": _chart_data(data) if data else None,
        },
    )


def _chart_data(b: dict[str, Any]) -> dict[str, Any]:
    return {
        "trend": b["trend"],
        "members": {
            "labels": [m["code"] for m in b["members"]],
            "counts": [m["count"] for m in b["members"]],
        },
        "heatmap": b["heatmap"],
        "names": {
            "current": bi("通报数", "Notifications"),
            "previous": bi("上年同期", "A year before"),
        },
    }


@login_required
def briefing_pdf(request: AuthedRequest) -> HttpResponse:
    try:
        kind, key, p = _briefing_params(request)
        data = briefing_mod.compute_briefing(kind, key, p, services.today())
    except DomainError as exc:
        messages.error(request, exc.message())
        return redirect("consult:briefing")
    response = HttpResponse(documents.briefing_pdf(data), content_type="application/pdf")
    name = f"tbt-briefing-{data['kind']}-{data['key'] or 'all'}-{data['period_label']}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def briefing_subscribe(request: AuthedRequest) -> HttpResponse:
    try:
        if request.POST.get("unsubscribe", "").isdigit():
            services.unsubscribe_briefing(request.user, int(request.POST["unsubscribe"]))
            messages.success(request, bi("已取消订阅。", "Unsubscribed."))
        else:
            services.subscribe_briefing(
                request.user, request.POST.get("kind", ""), request.POST.get("key", "")
            )
            messages.success(request, bi("已订阅月度简报。", "Subscribed to the monthly briefing."))
    except DomainError as exc:
        _fail(request, exc)
    return redirect("consult:briefing")


# ----------------------------------------------------------------------------- settings


@bureau_required
def settings_page(request: AuthedRequest) -> HttpResponse:
    row = services.consult_settings()
    form = SettingsForm(
        request.POST or None,
        initial={
            "response_target_hours": row.response_target_hours,
            "reminder_days": ", ".join(str(d) for d in row.thresholds),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_consult_settings(
                request.user,
                response_target_hours=form.cleaned_data["response_target_hours"],
                reminder_days=form.cleaned_data["reminder_days"],
            )
        except DomainError as exc:
            form.add_error(exc.details.get("field"), exc.message())
        else:
            messages.success(request, bi("设置已保存。", "Settings saved."))
            return redirect("consult:settings")
    from biaozhun.alerts.desk import desk_settings

    return render(
        request, "consult/settings.html", {"form": form, "desk_settings": desk_settings()}
    )


@bureau_required
def regulation_import(request: AuthedRequest) -> HttpResponse:
    from biaozhun.enterprises.forms import ImportForm

    from .importers import TEMPLATE_HEADERS, import_regulations

    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_regulations(request.user, upload, upload.name)
        except DomainError as exc:
            form.add_error("file", exc.message())
    return render(
        request,
        "consult/regulation_import.html",
        {"form": form, "report": report, "headers": TEMPLATE_HEADERS},
    )
