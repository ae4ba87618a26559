"""Pages of the translation desk: the queue of notifications waiting for a Chinese title and
summary, and one notification's translation (assign, write, review, publish). Thin views
over :mod:`biaozhun.tbt.translations`."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import bureau_required
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import PageFilter, Text, read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi

from . import selectors, translations
from .models import Notification, Translation
from .summary import chinese_text
from .translation_forms import AssignForm, ReviewForm, WriteForm


class QueuePage(PageFilter):
    state: Text = ""


def _notification(request: AuthedRequest, pk: int) -> Notification:
    try:
        return selectors.get_notification(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc


@bureau_required
def queue(request: AuthedRequest) -> HttpResponse:
    f = read_query(request, QueuePage)
    rows = translations.waiting_notifications(request.user, state=f.state)
    page = Paginator(rows, 25).get_page(f.page)
    return render(
        request,
        "tbt/translations.html",
        {
            "page_obj": page,
            "state": f.state,
            "states": [("unassigned", bi("未分配", "Unassigned"))]
            + [
                (value, bi(*label.split(" ", 1)))
                for value, label in Translation.State.choices
                if value != Translation.State.PUBLISHED
            ],
            "published": translations.recently_published(request.user),
        },
    )


@bureau_required
def translation(request: AuthedRequest, pk: int) -> HttpResponse:
    n = _notification(request, pk)
    t = translations.translation_of(n)
    text = chinese_text(n)
    return render(
        request,
        "tbt/translation.html",
        {
            "n": n,
            "t": t,
            "text": text,
            "assign_form": AssignForm(initial={"assignee": t.assignee_id if t else None}),
            "write_form": WriteForm(
                initial={
                    "title_zh": (t.title_zh if t and t.title_zh else text.title),
                    "summary_zh": (t.summary_zh if t and t.summary_zh else text.summary),
                }
            ),
            "review_form": ReviewForm(),
        },
    )


@bureau_required
@require_POST
def translation_action(request: AuthedRequest, pk: int) -> HttpResponse:
    n = _notification(request, pk)
    action = request.POST.get("action", "")
    try:
        if action == "assign":
            form = AssignForm(request.POST)
            if not form.is_valid():
                raise DomainError(
                    "bad_assignee", "请选择译者。", "Choose a translator.", {"field": "assignee"}
                )
            translations.assign_translation(request.user, n, form.cleaned_data["assignee"])
            done = bi("已分配。", "Assigned.")
        elif action in ("save", "submit"):
            wform = WriteForm(request.POST)
            wform.is_valid()
            data = wform.cleaned_data
            translations.write_translation(
                request.user,
                n,
                data.get("title_zh", ""),
                data.get("summary_zh", ""),
                submit=action == "submit",
            )
            done = (
                bi("已提交审核。", "Submitted for review.")
                if action == "submit"
                else bi("草稿已保存。", "Draft saved.")
            )
        elif action in ("approve", "return"):
            rform = ReviewForm(request.POST)
            rform.is_valid()
            translations.review_translation(
                request.user,
                n,
                approve=action == "approve",
                note=rform.cleaned_data.get("note", ""),
            )
            done = (
                bi("已审核通过。", "Approved.")
                if action == "approve"
                else bi("已退回修改。", "Returned for changes.")
            )
        elif action == "publish":
            translations.publish_translation(request.user, n)
            done = bi(
                "已发布:通报页面、预警和之后的摘要显示人工译文,不会重新推送。",
                "Published: pages, alerts and later digests show it; nothing is sent again.",
            )
        else:
            raise DomainError("bad_action", "未知操作。", "Unknown action.")
    except DomainError as exc:
        messages.error(request, exc.message())
    else:
        messages.success(request, done)
    return redirect("tbt:translation", n.pk)
