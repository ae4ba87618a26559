"""Pages of comments (评议) and submissions: the comment list with the notifications open for
comment, drafting and editing a comment, its evidence, and the desk's merge page and
submission outcome pages with the Word/PDF export."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import bureau_required, roles_required
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi

from ..filters import CommentPage, MergeChoice, SubmissionPage
from ..forms import CommentForm, EvidenceForm, MergeForm, TransitionForm
from ..models import Comment, Submission
from ..station import deadlines_for, is_desk, today
from ..web import COMMENT_ROLES, DESK, fail, form_error, not_found
from . import documents, selectors, services


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


# ----------------------------------------------------------------------------- comments


@roles_required(*COMMENT_ROLES)
def comment_list(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, CommentPage)
    qs = f.narrow(selectors.visible_comments(request.user))
    if f.notification is not None:
        qs = qs.filter(notification_id=f.notification)
    page = Paginator(qs, 25).get_page(f.page)
    day = today()
    context = {
        "page_obj": page,
        "to_merge": selectors.merge_queue(request.user),
        "states": Comment.State.choices,
        "open_notifications": selectors.commentable(request.user, day),
        "alerted": selectors.alerted_notification_ids(
            request.user, selectors.open_notifications(request.user, day)
        ),
        "desk": is_desk(request.user),
        "can_comment": is_desk(request.user) or request.user.role == "enterprise_user",
    }
    template = "consult/comments.html#results" if request.htmx else "consult/comments.html"
    return render(request, template, context)


@roles_required(*DESK, "enterprise_user")
def comment_create(request: AuthedRequest, notification_id: int) -> HttpResponse:
    try:
        notification = selectors.notification_for_comment(request.user, notification_id)
    except DomainError as exc:
        raise not_found(exc) from exc
    desk = is_desk(request.user)
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
            form_error(form, exc)
        else:
            messages.success(request, bi("评议意见草稿已保存。", "The draft comment is saved."))
            return redirect("consult:comment", comment.pk)
    return render(
        request,
        "consult/comment_form.html",
        {"form": form, "n": notification, "deadlines": deadlines_for(notification)},
    )


@roles_required(*COMMENT_ROLES)
def comment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        comment = selectors.get_comment(request.user, pk)
    except DomainError as exc:
        raise not_found(exc) from exc
    desk = is_desk(request.user)
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
                form_error(form, exc)
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
            "deadlines": deadlines_for(comment.notification),
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
        fail(request, exc)
    return redirect("consult:comment", pk)


@roles_required(*DESK, "enterprise_user")
@require_POST
def evidence_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        comment = selectors.get_comment(request.user, pk)
    except DomainError as exc:
        raise not_found(exc) from exc
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(request.user, comment, form.cleaned_data["file"])
            messages.success(request, bi("证明材料已上传。", "Evidence uploaded."))
        except DomainError as exc:
            fail(request, exc)
    else:
        messages.error(request, bi("请选择文件。", "Choose a file."))
    return redirect("consult:comment", pk)


@roles_required(*COMMENT_ROLES)
def evidence_download(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        evidence = selectors.get_evidence(request.user, pk)
    except DomainError as exc:
        raise not_found(exc) from exc
    return cast(
        HttpResponse,
        FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name),
    )


# ----------------------------------------------------------------------------- desk


@bureau_required
def notification_desk(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        n = selectors.notification_for_comment(request.user, pk)
    except DomainError as exc:
        raise not_found(exc) from exc
    comments = selectors.visible_comments(request.user).filter(notification=n)
    submission = selectors.submission_of(request.user, n)
    form = MergeForm(
        request.POST or None,
        initial={
            "summary_zh": submission.summary_zh if submission else "",
            "summary_en": submission.summary_en if submission else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        ids = read_query(request.POST, MergeChoice).ids
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
    hit = selectors.hit_without_comment(request.user, n, comments)
    return render(
        request,
        "consult/notification_desk.html",
        {
            "n": n,
            "hit_without_comment": hit,
            "comments": comments,
            "submission": submission,
            "form": form,
            "deadlines": deadlines_for(n),
        },
    )


@bureau_required
def submission_list(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, SubmissionPage)
    qs = f.narrow(selectors.visible_submissions(request.user))
    page = Paginator(qs, 25).get_page(f.page)
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
        raise not_found(exc) from exc
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
            "deadlines": deadlines_for(submission.notification),
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
        raise not_found(exc) from exc
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
            fail(request, exc)
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
        raise not_found(exc) from exc
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
