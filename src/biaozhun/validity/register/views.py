"""Pages of the city's register: an enterprise's declared standards (declare one, paste a list,
remove), the register of the enterprises in the user's scope, the bureau's confirmation and
the desk's list of designations the catalogue does not know."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from biaozhun.accounts.decorators import staff_required
from biaozhun.accounts.scoping import Scope
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.enterprises.models import Enterprise

from .. import selectors as validity_selectors
from . import selectors, services
from .forms import BulkDeclareForm, ConfirmForm, DeclareForm

#: the parser's levels, for people
LEVELS: dict[str, tuple[str, str]] = {
    "international": ("国际标准", "international"),
    "foreign": ("国外先进标准", "foreign"),
    "national": ("国家标准", "national"),
    "industry": ("行业标准", "industry"),
    "local": ("地方标准", "local"),
    "group": ("团体标准", "group"),
    "enterprise": ("企业标准", "enterprise"),
}


def level_label(level: str) -> str:
    zh, en = LEVELS.get(level, ("其他", "other"))
    return bi(zh, en)


def _enterprise(request: AuthedRequest, enterprise_id: int) -> Enterprise:
    try:
        return validity_selectors.get_watch_enterprise(request.user, enterprise_id)
    except DomainError as exc:
        raise Http404(exc.message()) from exc


def _can_edit(request: AuthedRequest, enterprise: Enterprise) -> bool:
    scope = Scope.for_user(request.user)
    if scope.kind == "enterprise":
        return scope.enterprise_id == enterprise.pk
    if scope.kind == "district":
        return scope.district_id == enterprise.district_id
    return bool(getattr(request.user, "is_bureau", False))


def _can_confirm(request: AuthedRequest) -> bool:
    user = request.user
    return bool(getattr(user, "is_bureau", False)) or Scope.for_user(user).kind == "district"


def _rows(items: Any) -> list[Any]:
    for item in items:
        item.level_label = level_label(item.level)
    return list(items)


def _enterprise_page(
    request: AuthedRequest,
    enterprise: Enterprise,
    *,
    declare_form: DeclareForm | None = None,
    bulk_form: BulkDeclareForm | None = None,
    status: int = 200,
) -> HttpResponse:
    items = selectors.declarations(request.user, enterprise_id=enterprise.pk)
    page = Paginator(items, 100).get_page(read_query(request, selectors.DeclarationPage).page)
    rows = _rows(page.object_list)
    groups: dict[str, list[Any]] = {}
    for item in rows:
        groups.setdefault(item.product_name, []).append(item)
    return render(
        request,
        "validity/register/enterprise.html",
        {
            "enterprise": enterprise,
            "page_obj": page,
            "groups": groups,
            "can_edit": _can_edit(request, enterprise),
            "can_confirm": _can_confirm(request),
            "declare_form": declare_form or DeclareForm(enterprise_id=enterprise.pk),
            "bulk_form": bulk_form or BulkDeclareForm(enterprise_id=enterprise.pk),
        },
        status=status,
    )


@login_required
def register(request: AuthedRequest) -> HttpResponse:
    """An enterprise user goes to its own declarations; staff see the register of the
    enterprises in their scope."""
    scope = Scope.for_user(request.user)
    if scope.kind == "enterprise":
        return redirect("validity:register_enterprise", scope.enterprise_id)
    if scope.kind == "none":
        raise Http404(bi("没有可查看的执行标准登记。", "There is no register for you to see."))
    f = read_query(request, selectors.DeclarationPage)
    items = selectors.declarations(request.user, f).order_by(
        "enterprise__name_zh", "product_name", "designation"
    )
    page = Paginator(items, 50).get_page(f.page)
    _rows(page.object_list)
    return render(
        request,
        "validity/register/index.html",
        {
            "page_obj": page,
            "f": f,
            "counts": selectors.register_counts(request.user),
            "can_confirm": _can_confirm(request),
        },
    )


@login_required
def register_enterprise(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    return _enterprise_page(request, _enterprise(request, enterprise_id))


@login_required
@require_POST
def declare(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    enterprise = _enterprise(request, enterprise_id)
    form = DeclareForm(request.POST, enterprise_id=enterprise.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.declare_standard(
                request.user,
                enterprise,
                designation=data["designation"],
                product_id=data["product_id"] or None,
                product_name=data["product_name"],
                note=data["note"],
            )
        except DomainError as exc:
            field = str(exc.details.get("field") or "")
            form.add_error(field if field in form.fields else None, exc.message())
        else:
            messages.success(
                request,
                bi(
                    f"已登记:{item.product_name} 执行 {item.designation}。",
                    f"Declared: {item.product_name} applies {item.designation}.",
                ),
            )
            return redirect("validity:register_enterprise", enterprise.pk)
    return _enterprise_page(request, enterprise, declare_form=form, status=400)


@login_required
@require_POST
def declare_bulk(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    enterprise = _enterprise(request, enterprise_id)
    form = BulkDeclareForm(request.POST, enterprise_id=enterprise.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.declare_many(
                request.user,
                enterprise,
                text=data["designations"],
                product_id=data["product_id"] or None,
                product_name=data["product_name"],
            )
        except DomainError as exc:
            field = str(exc.details.get("field") or "")
            form.add_error(field if field in form.fields else None, exc.message())
            for line in exc.details.get("lines", [])[1:10]:
                form.add_error(
                    "designations",
                    bi(
                        f"第 {line['line']} 行:{line['message_zh']}",
                        f"Line {line['line']}: {line['message_en']}",
                    ),
                )
        else:
            created, skipped = len(result.created), len(result.skipped)
            messages.success(
                request,
                bi(
                    f"已登记 {created} 项执行标准,{skipped} 项已登记过。",
                    f"{created} standards declared, {skipped} were declared already.",
                ),
            )
            return redirect("validity:register_enterprise", enterprise.pk)
    return _enterprise_page(request, enterprise, bulk_form=form, status=400)


@login_required
@require_POST
def remove(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        item = selectors.get_declaration(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    enterprise_id = item.enterprise_id
    try:
        services.remove_declaration(request.user, item)
    except DomainError as exc:
        messages.error(request, exc.message())
    else:
        messages.success(
            request,
            bi(
                f"已删除:{item.product_name} 执行 {item.designation}。",
                f"Removed: {item.product_name} applies {item.designation}.",
            ),
        )
    return redirect("validity:register_enterprise", enterprise_id)


@staff_required
def confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    """The bureau (or the district office) confirms a declaration for the programme."""
    try:
        item = selectors.get_declaration(request.user, pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    item.level_label = level_label(item.level)  # type: ignore[attr-defined]
    initial = {"as_": "adoption" if item.level in {"international", "foreign"} else "drafted"}
    form = ConfirmForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.confirm_declaration(
                    request.user,
                    item,
                    as_=data["as_"],
                    on=data["on"],
                    degree=data["degree"],
                    rank=data["rank"],
                    title=data["title"],
                )
            except DomainError as exc:
                field = str(exc.details.get("field") or "")
                field = {"as": "as_"}.get(field, field)
                form.add_error(field if field in form.fields else None, exc.message())
            else:
                messages.success(
                    request,
                    bi(
                        f"已确认 {item.designation},已计入规划目标台账。",
                        f"{item.designation} confirmed and entered in the programme's registry.",
                    ),
                )
                return redirect("validity:register")
    return render(
        request, "validity/register/confirm.html", {"item": item, "form": form}, status=status
    )


@staff_required
def unknown(request: AuthedRequest) -> HttpResponse:
    """The desk's list: declared designations the catalogue does not know, most declared
    first."""
    f = read_query(request, selectors.UnknownPage)
    page = Paginator(selectors.unknown_designations(request.user, f), 50).get_page(f.page)
    for row in page.object_list:
        row["level_label"] = level_label(row["level"])
    return render(request, "validity/register/unknown.html", {"page_obj": page, "f": f})
