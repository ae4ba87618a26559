"""Pages of the catalogue: search (/standards/) and the standard's page (/standards/<id>/).
The catalogue is public data: any signed-in user may search and read it."""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from biaozhun.accounts.decorators import bureau_required, staff_required
from biaozhun.accounts.jobs import runs_in_background, submit_import_job
from biaozhun.common.errors import DomainError
from biaozhun.common.filters import BadQuery, PageFilter, read_query
from biaozhun.common.http import AuthedRequest
from biaozhun.common.i18n import bi
from biaozhun.core import embedding
from biaozhun.core.classify import names
from biaozhun.enterprises.selectors import visible_enterprises

from . import freshness, selectors, tasks, vectors
from .filters import ChangePage
from .forms import CatalogueImportForm, SearchForm
from .importers import import_file
from .importers.template import TEMPLATE_HEADERS
from .models import CatalogueChange, Standard
from .search import SearchFilters, SearchResult, search_standards
from .timeline import timeline_svg

PER_PAGE = 20


@login_required
def search(request: AuthedRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "catalogue_date": selectors.catalogue_date()}
    filters = SearchFilters()
    query = ""
    if form.is_bound and form.is_valid():
        filters = form.filters()
        query = form.cleaned_data.get("q") or ""
    elif form.is_bound:
        context["form_errors"] = True
    page_number = read_query(request, PageFilter).page
    error = None
    result = None
    if not context.get("form_errors"):
        try:
            result = search_standards(
                query, filters, limit=PER_PAGE, offset=(page_number - 1) * PER_PAGE
            )
        except DomainError as exc:
            error = exc.message()
    context["error"] = error
    context["result"] = result
    if result is not None:
        context["page_obj"] = _page(result, page_number)
        context["facets"] = _facets(result.facets, request.GET)
    template = "catalogue/search.html#results" if request.htmx else "catalogue/search.html"
    return render(request, template, context)


def _page(result: SearchResult, number: int) -> Page[Any]:
    """A Paginator page over the hits without loading the other pages."""

    class _Sized:
        def __init__(self, count: int) -> None:
            self.count = count

        def __len__(self) -> int:
            return self.count

        def __getitem__(self, item: slice) -> list[Any]:
            return result.items

    paginator: Paginator[Any] = Paginator(_Sized(result.count), PER_PAGE)  # type: ignore[arg-type]
    number = min(number, max(paginator.num_pages, 1))
    return paginator.page(number) if result.count else paginator.get_page(1)


def _facets(raw: dict[str, dict[str, int]], params: QueryDict) -> list[dict[str, Any]]:
    """The facet blocks of the page: each value with its count, whether it is the active
    filter, and the link that sets it (or clears it when active)."""
    levels = dict(Standard.Level.choices)
    statuses = dict(Standard.Status.choices)
    tree = selectors.ics_tree()

    def ics_label(code: str) -> str:
        # the field's Chinese name in Chinese (issue 16 §2), ICS's English title in English
        title = bi(names.ics_zh(code), "") or ((tree.title(code) if tree else "") or "")
        return f"{code} {title}".strip()

    blocks: list[tuple[str, str, str, str, Callable[[str], str], int | None]] = [
        ("level", "层级", "Level", "level", lambda v: levels.get(v, v), None),
        ("status", "状态", "Status", "status", lambda v: statuses.get(v, v), None),
        ("ics", "ICS 领域", "ICS field", "ics_field", ics_label, 12),
    ]
    out = []
    for param, zh, en, key, label, cap in blocks:
        values = []
        ordered = sorted(raw.get(key, {}).items(), key=lambda item: (-item[1], item[0]))
        for value, n in ordered[:cap] if cap else ordered:
            active = params.get(param, "") == value
            query = params.copy()
            query.pop("page", None)
            if active:
                query.pop(param, None)
            else:
                query[param] = value
            values.append(
                {
                    "value": value,
                    "label": label(value),
                    "count": n,
                    "active": active,
                    "href": "?" + query.urlencode(),
                }
            )
        out.append({"param": param, "zh": zh, "en": en, "values": values})
    return out


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        standard = selectors.get_standard(pk)
    except DomainError as exc:
        raise Http404(exc.message()) from exc
    history = selectors.edition_history(standard)
    adopts, adopted_by = selectors.adoption_links(standard)
    title_zh, title_zh_from = selectors.chinese_title(standard, adopted_by)
    drafters = list(standard.drafters.select_related("enterprise"))
    visible = set(
        visible_enterprises(request.user)
        .filter(pk__in=[d.enterprise_id for d in drafters if d.enterprise_id])
        .values_list("pk", flat=True)
    )
    context = {
        "standard": standard,
        "history": history,
        "timeline": timeline_svg(history, current_pk=standard.pk),
        "replaces": list(standard.replaces.all()),
        "amendments": sorted(
            selectors.amendments_of(standard),
            key=lambda a: (a.published_on or datetime.date.min, a.canonical),
        ),
        "adopts": adopts,
        "adopted_by": adopted_by,
        "title_zh": title_zh,
        "title_zh_from": title_zh_from,
        "ics_paths": selectors.ics_paths(standard),
        "drafters": drafters,
        "visible_enterprises": visible,
        "city_drafters": [d for d in drafters if d.enterprise_id],
        "industries": list(standard.industries.all()),
        "catalogue_date": selectors.catalogue_date(),
        "can_watch": request.user.role == "enterprise_user",
    }
    # The city's enterprises (in the viewer's scope) that use this standard or an edition: an
    # app above the catalogue (validity's watch lists) answers through its AppConfig's
    # ``standard_users(user, standard)``, so the catalogue imports none of them.
    for config in apps.get_app_configs():
        users_of = getattr(config, "standard_users", None)
        if callable(users_of):
            context["users_of"] = list(users_of(request.user, standard))
    return render(request, "catalogue/detail.html", context)


@bureau_required
def import_catalogue(request: AuthedRequest) -> HttpResponse:
    """Upload a template or national-platform file (bureau staff); every bad row is listed."""
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if runs_in_background(upload.size or 0):
            try:
                job = submit_import_job(
                    request.user,
                    "catalogue.import",
                    upload,
                    str(upload.name),
                    {"format": form.cleaned_data["format"], "options": form.options()},
                )
            except DomainError as exc:
                form.add_error("file", exc.message())
            else:
                return redirect("import_job", job.pk)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(str(upload.name)).suffix.lower()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                result = import_file(
                    form.cleaned_data["format"],
                    path,
                    actor=request.user,
                    filename=str(upload.name),
                    options=form.options(),
                )
            except DomainError as exc:
                form.add_error(
                    exc.details.get("field") if exc.details.get("field") in form.fields else "file",
                    exc.message(),
                )
    return render(
        request,
        "catalogue/import.html",
        {
            "form": form,
            "result": result,
            "headers": TEMPLATE_HEADERS,
            "vstatus": vectors.vector_status(),
        },
    )


@staff_required
def sources(request: AuthedRequest) -> HttpResponse:
    """Where the catalogue's records come from and how old each source's last import is."""
    return render(
        request,
        "catalogue/sources.html",
        {
            "sources": freshness.sources(),
            "stale_days": freshness.STALE_DAYS,
            "transitions_on": freshness.last_transitions_run(),
        },
    )


@bureau_required
def vector_status(request: AuthedRequest) -> HttpResponse:
    """The progress of the search vectors (bureau staff); POST queues an incremental build."""
    if request.method == "POST":
        queued = embedding.available()
        if queued:
            tasks.build_vectors.enqueue()
    else:
        queued = False
    return render(
        request,
        "catalogue/_vectors.html",
        {"vstatus": vectors.vector_status(), "queued": queued},
    )


@bureau_required
def import_template(request: AuthedRequest) -> HttpResponse:
    """The empty CSV template (UTF-8 with BOM so that Excel reads the Chinese headers)."""
    example = [
        "DB3210/T 1001-2023",
        "扬州炒饭制作规范",
        "Specification for making Yangzhou fried rice",
        "现行",
        "2023-10-01",
        "2024-01-01",
        "",
        "DB3210/T 1001-2019",
        "67.020",
        "X10",
        "扬州市烹饪协会、扬州大学",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_HEADERS)
    writer.writerow(example)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="standards-template.csv"'
    return response


@login_required
def changes(request: AuthedRequest) -> HttpResponse:
    """标准动态: what the imports found new, replaced, withdrawn or changed, newest first."""
    error = None
    try:
        f = read_query(request, ChangePage)
    except BadQuery as exc:  # shown above the (empty) list, as the page always did
        f, error = ChangePage(), exc.message()
    page = None
    if error is None:
        try:
            page = Paginator(
                selectors.recent_changes(kind=f.kind, since=f.since, level=f.level), 50
            ).get_page(f.page)
        except DomainError as exc:
            error = exc.message()
    return render(
        request,
        "catalogue/changes.html",
        {
            "page_obj": page,
            "error": error,
            "kinds": CatalogueChange.Kind.choices,
            "levels": Standard.Level.choices,
            "catalogue_date": selectors.catalogue_date(),
        },
    )
